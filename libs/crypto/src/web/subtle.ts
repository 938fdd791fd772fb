/** Thin WebCrypto wrappers for the primitives @atlas/crypto uses (isomorphic). */

// WebCrypto types by way of the global `crypto`, not DOM's global names: a Node program
// that compiles these sources with Node's typings only (no `lib: DOM`) gets Node's
// webcrypto types, a browser build gets DOM's.

/** The platform's SubtleCrypto. */
export type Subtle = typeof globalThis.crypto.subtle;
/** A WebCrypto key, as the platform types it. */
export type WebCryptoKey = Awaited<ReturnType<Subtle['importKey']>>;
/** A WebCrypto key pair. */
export interface WebCryptoKeyPair {
  readonly publicKey: WebCryptoKey;
  readonly privateKey: WebCryptoKey;
}
/** The algorithm argument of `importKey` and `generateKey`. */
export type WebCryptoAlgorithm = Parameters<Subtle['importKey']>[2];

/** WebCrypto wants ArrayBuffer-backed views; our Uint8Arrays always are. */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

/** The runtime's SubtleCrypto (browsers, Node 20+, Deno, Bun). */
export function subtle(): Subtle {
  return globalThis.crypto.subtle;
}

/** HKDF-SHA256 (RFC 5869): extract with `salt`, expand with `info` to `length` bytes. */
export async function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
  const key = await subtle().importKey('raw', bufferSource(ikm), 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: bufferSource(salt), info: bufferSource(info) },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}

/** SHA-256 digest. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', bufferSource(data)));
}

/** An HMAC-SHA256 signing key from raw secret bytes. */
export function importHmacKey(secret: Uint8Array): Promise<WebCryptoKey> {
  return subtle().importKey('raw', bufferSource(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** HMAC-SHA256 of data. */
export async function hmacSha256(key: WebCryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign('HMAC', key, bufferSource(data)));
}

/** PBKDF2-HMAC-SHA256 with no policy checks (the PSK module enforces the policy). */
export async function pbkdf2Sha256(
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  length: number,
): Promise<Uint8Array> {
  const key = await subtle().importKey('raw', bufferSource(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: bufferSource(salt), iterations },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}
