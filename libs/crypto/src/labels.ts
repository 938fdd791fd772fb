/**
 * Domain-separation labels (ASCII). Each derived key or MAC names its purpose, so a
 * value computed for one purpose can never be valid for another. Documented in
 * docs/encryption.md; changing any of them is a wire-format change.
 */
export const Labels = {
  /** Prefix of the SHA-256 input that becomes the HKDF salt of the session keys. */
  transcript: 'atlas/1 transcript',
  /** HKDF info of the client -> server key. */
  clientToServer: 'atlas/1 key c2s',
  /** HKDF info of the server -> client key. */
  serverToClient: 'atlas/1 key s2c',
  /** HKDF info of the next epoch's key, from the current one. */
  rekey: 'atlas/1 rekey',
  /** HKDF info of the link-proof HMAC key, from the pre-shared key. */
  linkKey: 'atlas/1 link key',
  /** Prefix of the link-proof HMAC input. */
  linkProof: 'atlas/1 link proof',
  /** Prefix of the resume-ticket HMAC input. */
  resumeTicket: 'atlas/1 resume ticket',
} as const;

/** Key-derivation modes, one byte in the session-key HKDF info. */
export const KeyModes = {
  /** Ephemeral key agreement alone. */
  Ephemeral: 0,
  /** Ephemeral key agreement mixed with a pre-shared key (closed deployments). */
  EphemeralWithPsk: 1,
} as const;
/** 0 = ephemeral only, 1 = ephemeral + pre-shared key. */
export type KeyMode = (typeof KeyModes)[keyof typeof KeyModes];
