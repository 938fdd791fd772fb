import * as E from 'fp-ts/lib/Either.js';
import { decodeBase64url } from '@atlas/common';
import { concatBytes, isAllZero } from '../bytes';
import type { KeyExchangeError, ParameterError } from '../errors';
import { KEY_LENGTH, sessionKeyInputs, type DeriveSessionKeysInput, type SessionKeys } from '../key-schedule';
import {
  decodeKeyShare,
  encodeKeyShare,
  KeyExchangeSuites,
  negotiateSuite,
  PREFERRED_SUITES,
  type KeyExchangeSuite,
} from '../suites';
import { bufferSource, hkdfSha256, sha256, subtle, type WebCryptoAlgorithm, type WebCryptoKey, type WebCryptoKeyPair } from './subtle';

/** An ephemeral key pair made with WebCrypto; `keyShare` goes on the wire. */
export interface WebKeyShare {
  readonly suite: KeyExchangeSuite;
  /** Suite byte + raw public key: put this in the hello (client) or welcome (server). */
  readonly keyShare: Uint8Array;
  readonly privateKey: WebCryptoKey;
}

const ALGORITHMS = {
  [KeyExchangeSuites.X25519]: { name: 'X25519' },
  [KeyExchangeSuites.P256]: { name: 'ECDH', namedCurve: 'P-256' },
} as const satisfies Record<KeyExchangeSuite, WebCryptoAlgorithm>;

let supported: Promise<readonly KeyExchangeSuite[]> | undefined;

/** The suites this runtime's WebCrypto can run, in order of preference (probed once). */
export function supportedSuites(): Promise<readonly KeyExchangeSuite[]> {
  supported ??= Promise.all(
    PREFERRED_SUITES.map((suite) =>
      subtle()
        .generateKey(ALGORITHMS[suite], false, ['deriveBits'])
        .then(
          () => suite,
          () => undefined,
        ),
    ),
  ).then((suites) => suites.filter((s): s is KeyExchangeSuite => s !== undefined));
  return supported;
}

/** A fresh ephemeral key share: in `suite`, or in the most preferred suite the runtime supports. */
export async function createKeyShare(suite?: KeyExchangeSuite): Promise<E.Either<KeyExchangeError, WebKeyShare>> {
  const chosen = suite ?? (await supportedSuites())[0];
  if (chosen === undefined) return E.left({ kind: 'unsupported-suite', suite: KeyExchangeSuites.X25519 });
  try {
    const pair = (await subtle().generateKey(ALGORITHMS[chosen], false, ['deriveBits'])) as WebCryptoKeyPair;
    const raw = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
    return E.right({ suite: chosen, keyShare: encodeKeyShare(chosen, raw), privateKey: pair.privateKey });
  } catch {
    return E.left({ kind: 'unsupported-suite', suite: chosen });
  }
}

/** The server's share: same suite as the client's share, if `accepted` allows it. */
export async function createKeyShareFor(
  peerKeyShare: Uint8Array,
  accepted?: readonly KeyExchangeSuite[],
): Promise<E.Either<KeyExchangeError, WebKeyShare>> {
  const suite = negotiateSuite(peerKeyShare, accepted);
  return E.isLeft(suite) ? suite : createKeyShare(suite.right);
}

/** The raw ECDH / X25519 shared secret with the peer's share (32 bytes). */
export async function computeSharedSecret(
  local: WebKeyShare,
  peerKeyShare: Uint8Array,
): Promise<E.Either<KeyExchangeError, Uint8Array>> {
  const peer = decodeKeyShare(peerKeyShare);
  if (E.isLeft(peer)) return peer;
  if (peer.right.suite !== local.suite) {
    return E.left({ kind: 'invalid-key-share', reason: `peer suite ${peer.right.suite} differs from ${local.suite}` });
  }
  let publicKey: WebCryptoKey;
  try {
    publicKey = await subtle().importKey('raw', bufferSource(peer.right.publicKey), ALGORITHMS[local.suite], true, []);
  } catch {
    return E.left({ kind: 'invalid-key-share', reason: 'public key rejected by WebCrypto' });
  }
  try {
    const name = ALGORITHMS[local.suite].name;
    const bits = new Uint8Array(await subtle().deriveBits({ name, public: publicKey }, local.privateKey, 256));
    // A low-order X25519 point gives all zeros: RFC 7748 section 6.1 says to abort.
    if (isAllZero(bits)) return E.left({ kind: 'key-exchange-failed', reason: 'all-zero shared secret' });
    return E.right(bits);
  } catch {
    return E.left({ kind: 'key-exchange-failed', reason: 'key agreement failed' });
  }
}

/**
 * Both directional session keys from the ephemeral exchange and the transcript:
 * HKDF-SHA256(IKM = shared [|| psk], salt = SHA-256(label || shares || transcript),
 * info = direction label || suite || mode). Both ends get equal SessionKeys.
 */
export async function deriveSessionKeys(
  input: DeriveSessionKeysInput<WebKeyShare>,
): Promise<E.Either<KeyExchangeError | ParameterError, SessionKeys>> {
  const shared = await computeSharedSecret(input.local, input.peerKeyShare);
  if (E.isLeft(shared)) return shared;
  const inputs = sessionKeyInputs(shared.right, input);
  if (E.isLeft(inputs)) return inputs;
  const { suite, ikm, clientToServerInfo, serverToClientInfo } = inputs.right;
  const salt = await sha256(inputs.right.saltInput);
  const [clientToServer, serverToClient] = await Promise.all([
    hkdfSha256(ikm, salt, clientToServerInfo, KEY_LENGTH),
    hkdfSha256(ikm, salt, serverToClientInfo, KEY_LENGTH),
  ]);
  return E.right({ suite, clientToServer, serverToClient });
}

/** PKCS#8 DER prefix of an X25519 private key (RFC 8410); the 32 raw bytes follow. */
const X25519_PKCS8_PREFIX = Uint8Array.of(
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
);

/**
 * An X25519 key share from a known private key. Only for test vectors (RFC 7748):
 * real handshakes must use createKeyShare, whose keys are fresh and never leave WebCrypto.
 */
export async function importX25519KeyShare(privateKey: Uint8Array): Promise<WebKeyShare> {
  const pkcs8 = concatBytes(X25519_PKCS8_PREFIX, privateKey);
  const key = await subtle().importKey('pkcs8', bufferSource(pkcs8), ALGORITHMS[KeyExchangeSuites.X25519], true, [
    'deriveBits',
  ]);
  const jwk = await subtle().exportKey('jwk', key);
  const decoded = decodeBase64url(jwk.x ?? '');
  const publicKey = E.isRight(decoded) ? decoded.right : new Uint8Array(0);
  return { suite: KeyExchangeSuites.X25519, keyShare: encodeKeyShare(KeyExchangeSuites.X25519, publicKey), privateKey: key };
}
