/**
 * The pluggable AEAD backend. A channel needs AES-256-GCM and HKDF-SHA256 (for
 * re-keying); the frame format, nonces and replay logic live in the channel and are
 * shared by every backend. `K` is the backend's imported-key type.
 */

/** A synchronous backend (node:crypto, in `@atlas/crypto/node`): no promise per message. */
export interface SyncBackend<K> {
  readonly name: string;
  /** Imports a 32-byte AES-256 key. */
  importKey(raw: Uint8Array): K;
  /**
   * Present when the raw bytes can be read back from a key: the key chain then keeps only
   * the key and reads the bytes for re-keying, instead of holding both forms per direction.
   */
  readonly rawKey?: (key: K) => Uint8Array;
  /** HKDF-SHA256. */
  hkdf(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array;
  /** Encrypts `plaintext` and writes ciphertext then the 16-byte tag into `out` at `offset`. */
  sealInto(key: K, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out: Uint8Array, offset: number): void;
  /** Decrypts ciphertext || tag; undefined if authentication fails. Never throws. */
  open(key: K, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined;
}

/** An asynchronous backend (WebCrypto, the isomorphic default). */
export interface AsyncBackend<K> {
  readonly name: string;
  /** Imports a 32-byte AES-256 key. */
  importKey(raw: Uint8Array): Promise<K>;
  /** HKDF-SHA256. */
  hkdf(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array>;
  /** Encrypts; resolves to ciphertext || 16-byte tag. */
  seal(key: K, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array>;
  /** Decrypts ciphertext || tag; resolves to undefined if authentication fails. Never rejects. */
  open(key: K, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array | undefined>;
}

/** Runs a synchronous backend behind the async interface (e.g. node:crypto under an AsyncChannel). */
export function asyncBackendFromSync<K>(backend: SyncBackend<K>): AsyncBackend<K> {
  return {
    name: backend.name,
    importKey: async (raw) => backend.importKey(raw),
    hkdf: async (ikm, salt, info, length) => backend.hkdf(ikm, salt, info, length),
    seal: async (key, nonce, aad, plaintext) => {
      const out = new Uint8Array(plaintext.length + 16);
      backend.sealInto(key, nonce, aad, plaintext, out, 0);
      return out;
    },
    open: async (key, nonce, aad, sealed) => backend.open(key, nonce, aad, sealed),
  };
}
