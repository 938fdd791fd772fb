/**
 * Every failure @atlas/crypto reports, as values with a `kind` discriminant.
 * Bad input from the network never throws; exceptions are reserved for bugs
 * (for example sealing into a caller buffer that is too small).
 */

/** Which direction a sealed frame travels; part of the header and of the nonce. */
export const Directions = { ClientToServer: 0, ServerToClient: 1 } as const;
/** 0 = client -> server, 1 = server -> client. */
export type Direction = (typeof Directions)[keyof typeof Directions];

/** Errors from opening a sealed channel frame. */
export type ChannelError =
  | { readonly kind: 'truncated'; readonly length: number; readonly minimum: number }
  | { readonly kind: 'unsupported-version'; readonly version: number }
  | { readonly kind: 'malformed-header'; readonly reason: string }
  | { readonly kind: 'wrong-direction'; readonly expected: Direction; readonly actual: Direction }
  | { readonly kind: 'bad-epoch'; readonly epoch: number; readonly current: number }
  | { readonly kind: 'replay'; readonly counter: number; readonly highest: number }
  | { readonly kind: 'authentication-failed' };

/** Errors from the key exchange (bad or unsupported peer key shares). */
export type KeyExchangeError =
  | { readonly kind: 'unsupported-suite'; readonly suite: number }
  | { readonly kind: 'invalid-key-share'; readonly reason: string }
  | { readonly kind: 'key-exchange-failed'; readonly reason: string };

/** Errors from verifying player tokens and resume tickets. */
export type TokenError =
  | { readonly kind: 'malformed-token'; readonly reason: string }
  | { readonly kind: 'bad-signature' }
  | { readonly kind: 'expired'; readonly expiredAt: number }
  | { readonly kind: 'not-yet-valid'; readonly notBefore: number }
  | { readonly kind: 'ticket-mismatch'; readonly field: 'playerId' | 'sessionId' };

/** Errors from secrets and parameters that are too weak (PBKDF2, HMAC keys, nonces). */
export type ParameterError = { readonly kind: 'weak-parameters'; readonly reason: string };

/** A link proof (PSK challenge-response) that does not verify. */
export type LinkProofError = { readonly kind: 'bad-proof' } | ParameterError;

/** A node identity (Ed25519) that cannot be checked or does not check out. */
export type NodeIdentityError =
  | { readonly kind: 'invalid-node-key'; readonly reason: string }
  | { readonly kind: 'unsigned-node' }
  | { readonly kind: 'unknown-node' }
  | { readonly kind: 'ed25519-unavailable'; readonly reason: string };

/** Any error @atlas/crypto returns. */
export type CryptoError = ChannelError | KeyExchangeError | TokenError | ParameterError | LinkProofError | NodeIdentityError;

/** Every `kind` a CryptoError can have, for exhaustive switches and metrics labels. */
export const CryptoErrorKinds = [
  'truncated',
  'unsupported-version',
  'malformed-header',
  'wrong-direction',
  'bad-epoch',
  'replay',
  'authentication-failed',
  'unsupported-suite',
  'invalid-key-share',
  'key-exchange-failed',
  'malformed-token',
  'bad-signature',
  'expired',
  'not-yet-valid',
  'ticket-mismatch',
  'weak-parameters',
  'bad-proof',
  'invalid-node-key',
  'unsigned-node',
  'unknown-node',
  'ed25519-unavailable',
] as const satisfies readonly CryptoError['kind'][];

/** A one-line, log-safe description (never contains key material or token contents). */
export function describeCryptoError(error: CryptoError): string {
  switch (error.kind) {
    case 'truncated':
      return `frame truncated: ${error.length} bytes, at least ${error.minimum} expected`;
    case 'unsupported-version':
      return `unsupported sealed-frame version ${error.version}`;
    case 'malformed-header':
      return `malformed frame header: ${error.reason}`;
    case 'wrong-direction':
      return `frame sealed for the other direction (expected ${error.expected}, got ${error.actual})`;
    case 'bad-epoch':
      return `frame key epoch ${error.epoch} is neither the current (${error.current}) nor the next`;
    case 'replay':
      return `replayed or reordered frame: counter ${error.counter}, highest accepted ${error.highest}`;
    case 'authentication-failed':
      return 'frame failed authentication (tampered, truncated or wrong key)';
    case 'unsupported-suite':
      return `unsupported key-exchange suite ${error.suite}`;
    case 'invalid-key-share':
      return `invalid key share: ${error.reason}`;
    case 'key-exchange-failed':
      return `key exchange failed: ${error.reason}`;
    case 'malformed-token':
      return `malformed token: ${error.reason}`;
    case 'bad-signature':
      return 'bad signature';
    case 'expired':
      return `expired at ${error.expiredAt}`;
    case 'not-yet-valid':
      return `not valid before ${error.notBefore}`;
    case 'ticket-mismatch':
      return `resume ticket bound to another ${error.field}`;
    case 'weak-parameters':
      return `weak parameters: ${error.reason}`;
    case 'bad-proof':
      return 'link proof does not verify';
    case 'invalid-node-key':
      return `invalid node identity key: ${error.reason}`;
    case 'unsigned-node':
      return 'the node did not sign its Welcome, and a node key is pinned';
    case 'unknown-node':
      return 'the Welcome is not signed by a pinned node key (a man in the middle, or an unpinned key)';
    case 'ed25519-unavailable':
      return `this platform cannot verify Ed25519 signatures: ${error.reason}`;
  }
}

/** Shorthand constructor for the parameter errors many modules return. */
export function weakParameters(reason: string): ParameterError {
  return { kind: 'weak-parameters', reason };
}
