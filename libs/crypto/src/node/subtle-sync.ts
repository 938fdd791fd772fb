import { createHash, createHmac, pbkdf2Sync, timingSafeEqual, type KeyObject } from 'node:crypto';

/** SHA-256 digest (node:crypto). */
export function sha256Sync(data: Uint8Array): Uint8Array {
  return asBytes(createHash('sha256').update(data).digest());
}

/** HMAC-SHA256 (node:crypto). */
export function hmacSha256Sync(key: KeyObject | Uint8Array, data: Uint8Array): Uint8Array {
  return asBytes(createHmac('sha256', key).update(data).digest());
}

/** PBKDF2-HMAC-SHA256 with no policy checks (the PSK module enforces the policy). */
export function pbkdf2Sha256Sync(password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array {
  return asBytes(pbkdf2Sync(password, salt, iterations, length, 'sha256'));
}

/** Constant-time equality (OpenSSL's CRYPTO_memcmp); false on different lengths. */
export function timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A plain Uint8Array view of a Buffer (isomorphic callers must not get Buffer semantics). */
export function asBytes(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
