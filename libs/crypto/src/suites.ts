import * as E from 'fp-ts/lib/Either.js';
import type { KeyExchangeError } from './errors';

/**
 * Key-exchange suites. Every suite is "<key agreement> + HKDF-SHA256 + AES-256-GCM";
 * only the key agreement differs. X25519 is preferred; ECDH P-256 is the fallback for
 * runtimes without X25519 in WebCrypto.
 */
export const KeyExchangeSuites = {
  /** Ephemeral X25519 (RFC 7748), 32-byte public keys. */
  X25519: 1,
  /** Ephemeral ECDH on P-256, 65-byte uncompressed public keys. */
  P256: 2,
} as const;
/** A key-exchange suite id (the first byte of every key share). */
export type KeyExchangeSuite = (typeof KeyExchangeSuites)[keyof typeof KeyExchangeSuites];

/** Suites in order of preference. */
export const PREFERRED_SUITES: readonly KeyExchangeSuite[] = [KeyExchangeSuites.X25519, KeyExchangeSuites.P256];

/** Length of the raw public key of each suite (without the suite byte). */
export const PUBLIC_KEY_LENGTHS = {
  [KeyExchangeSuites.X25519]: 32,
  [KeyExchangeSuites.P256]: 65,
} as const satisfies Record<KeyExchangeSuite, number>;

/** A peer's key share as read from the wire: its suite and raw public key. */
export interface DecodedKeyShare {
  readonly suite: KeyExchangeSuite;
  readonly publicKey: Uint8Array;
}

/** True if the number is a known suite id. */
export function isKeyExchangeSuite(value: number): value is KeyExchangeSuite {
  return value === KeyExchangeSuites.X25519 || value === KeyExchangeSuites.P256;
}

/** Wire form of a key share: one suite byte, then the raw public key. */
export function encodeKeyShare(suite: KeyExchangeSuite, publicKey: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + publicKey.length);
  out[0] = suite;
  out.set(publicKey, 1);
  return out;
}

/** Reads a key share from the wire, checking its suite and length (never throws). */
export function decodeKeyShare(bytes: Uint8Array): E.Either<KeyExchangeError, DecodedKeyShare> {
  if (bytes.length < 1) return E.left({ kind: 'invalid-key-share', reason: 'empty key share' });
  const suite = bytes[0] as number;
  if (!isKeyExchangeSuite(suite)) return E.left({ kind: 'unsupported-suite', suite });
  const expected = PUBLIC_KEY_LENGTHS[suite];
  if (bytes.length !== 1 + expected) {
    return E.left({ kind: 'invalid-key-share', reason: `suite ${suite} needs ${expected} key bytes, got ${bytes.length - 1}` });
  }
  if (suite === KeyExchangeSuites.P256 && bytes[1] !== 0x04) {
    return E.left({ kind: 'invalid-key-share', reason: 'P-256 key must be uncompressed (0x04 prefix)' });
  }
  return E.right({ suite, publicKey: bytes.subarray(1) });
}

/**
 * The server's choice: the suite of the client's key share, if the server accepts it.
 * The client offers one share in its preferred suite its runtime supports.
 */
export function negotiateSuite(
  peerKeyShare: Uint8Array,
  accepted: readonly KeyExchangeSuite[] = PREFERRED_SUITES,
): E.Either<KeyExchangeError, KeyExchangeSuite> {
  const decoded = decodeKeyShare(peerKeyShare);
  if (E.isLeft(decoded)) return decoded;
  const { suite } = decoded.right;
  return accepted.includes(suite) ? E.right(suite) : E.left({ kind: 'unsupported-suite', suite });
}
