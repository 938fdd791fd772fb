import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import type { SyncBackend } from '../channel/backend';
import { createSyncChannel, type SyncChannel } from '../channel/sync-channel';
import type { ChannelOptions } from '../channel/options';

const ALGORITHM = 'aes-256-gcm';
const TAG_LENGTH = 16;
const KEY_LENGTH = 32;

/**
 * Key scratch shared by every channel: node:crypto moves a small typed array off the JS
 * heap (a native backing store for good) the first time it reads it, so each seal/open
 * copies the key here and hands this over instead; channel keys stay small on-heap
 * arrays. Safe because seal and open are synchronous; zeroed after each use.
 */
const KEY_SCRATCH = Buffer.alloc(KEY_LENGTH);

/** HKDF-SHA256 with node:crypto (synchronous); short outputs (keys) are copied onto the JS heap. */
export function hkdfSha256Sync(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const derived = new Uint8Array(hkdfSync('sha256', ikm, salt, info, length));
  const out = new Uint8Array(length);
  out.set(derived);
  return out;
}

/** Lends `key` to node:crypto through the shared scratch (keys of another length go as they are). */
function lend(key: Uint8Array): Uint8Array {
  if (key.length !== KEY_LENGTH) return key;
  KEY_SCRATCH.set(key);
  return KEY_SCRATCH;
}

/**
 * The synchronous node:crypto AES-256-GCM backend (about 10x cheaper per message than
 * WebCrypto). A key is a private on-heap copy of its 32 raw bytes (createCipheriv takes
 * bytes): no KeyObject, whose native handle costs far more per idle session.
 */
export const nodeBackend: SyncBackend<Uint8Array> = {
  name: 'node:crypto',
  importKey: (raw) => {
    const key = new Uint8Array(raw.length);
    key.set(raw);
    return key;
  },
  rawKey: (key) => key,
  hkdf: hkdfSha256Sync,
  sealInto(key, nonce, aad, plaintext, out, offset) {
    let cipher;
    try {
      cipher = createCipheriv(ALGORITHM, lend(key), nonce, { authTagLength: TAG_LENGTH }); // copies the key
    } finally {
      KEY_SCRATCH.fill(0);
    }
    cipher.setAAD(aad);
    const ciphertext = cipher.update(plaintext);
    cipher.final();
    out.set(ciphertext, offset);
    out.set(cipher.getAuthTag(), offset + ciphertext.length);
  },
  open(key, nonce, aad, sealed) {
    if (sealed.length < TAG_LENGTH) return undefined;
    const split = sealed.length - TAG_LENGTH;
    try {
      const decipher = createDecipheriv(ALGORITHM, lend(key), nonce, { authTagLength: TAG_LENGTH }); // copies the key
      KEY_SCRATCH.fill(0);
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(split));
      const plaintext = decipher.update(sealed.subarray(0, split));
      decipher.final(); // throws if the tag does not match
      // A plain view, not a Buffer: Buffer#slice shares memory where Uint8Array#slice copies.
      return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
    } catch {
      KEY_SCRATCH.fill(0);
      return undefined;
    }
  },
};

/** A SyncChannel over node:crypto: what atlas-node uses per connection. */
export function createNodeChannel(options: ChannelOptions): SyncChannel {
  return createSyncChannel(nodeBackend, options);
}
