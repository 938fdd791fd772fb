import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { SyncBackend } from '../channel/backend';
import { createSyncChannel, type SyncChannel } from '../channel/sync-channel';
import type { ChannelOptions } from '../channel/options';

const ALGORITHM = 'aes-256-gcm';
const TAG_LENGTH = 16;

/** HKDF-SHA256 with node:crypto (synchronous). */
export function hkdfSha256Sync(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', ikm, salt, info, length));
}

/** The synchronous node:crypto AES-256-GCM backend (about 10x cheaper per message than WebCrypto). */
export const nodeBackend: SyncBackend<KeyObject> = {
  name: 'node:crypto',
  importKey: (raw) => createSecretKey(raw),
  hkdf: hkdfSha256Sync,
  sealInto(key, nonce, aad, plaintext, out, offset) {
    const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_LENGTH });
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
      const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_LENGTH });
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(split));
      const plaintext = decipher.update(sealed.subarray(0, split));
      decipher.final(); // throws if the tag does not match
      // A plain view, not a Buffer: Buffer#slice shares memory where Uint8Array#slice copies.
      return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
    } catch {
      return undefined;
    }
  },
};

/** A SyncChannel over node:crypto: what atlas-node uses per connection. */
export function createNodeChannel(options: ChannelOptions): SyncChannel {
  return createSyncChannel(nodeBackend, options);
}
