import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import type { SyncBackend } from '../channel/backend';
import { createSyncChannel, type SyncChannel } from '../channel/sync-channel';
import type { ChannelOptions } from '../channel/options';

const ALGORITHM = 'aes-256-gcm';
const TAG_LENGTH = 16;
const KEY_LENGTH = 32;

/**
 * Key scratch shared by every channel, with a 32-bit word view over the same bytes: a key
 * is kept as eight words (see Key256) and written here for each seal/open, because
 * node:crypto takes key bytes. Safe because seal and open are synchronous; zeroed after
 * each use.
 */
const KEY_WORDS = new Int32Array(KEY_LENGTH / 4);
const KEY_SCRATCH = new Uint8Array(KEY_WORDS.buffer);

/**
 * An AES-256 key as eight 32-bit words in one small object (88 bytes on the heap). Every
 * idle session holds two keys; as 32-byte Uint8Arrays they cost about 230 bytes each (the
 * view, the ArrayBuffer that copying from it materialises, and the elements). The words
 * are signed 32-bit integers, so V8 stores them as small integers, never boxed doubles;
 * they go through KEY_WORDS both ways, so the byte order is the platform's on both.
 */
export class Key256 {
  constructor(
    readonly w0: number,
    readonly w1: number,
    readonly w2: number,
    readonly w3: number,
    readonly w4: number,
    readonly w5: number,
    readonly w6: number,
    readonly w7: number,
  ) {}
}

/** The key's bytes in KEY_SCRATCH (the caller zeroes it after use). */
function lend(key: Key256): Uint8Array {
  const w = KEY_WORDS;
  w[0] = key.w0;
  w[1] = key.w1;
  w[2] = key.w2;
  w[3] = key.w3;
  w[4] = key.w4;
  w[5] = key.w5;
  w[6] = key.w6;
  w[7] = key.w7;
  return KEY_SCRATCH;
}

function importKey(raw: Uint8Array): Key256 {
  if (raw.length !== KEY_LENGTH) throw new RangeError(`an AES-256 key is ${KEY_LENGTH} bytes, got ${raw.length}`);
  KEY_SCRATCH.set(raw);
  const w = KEY_WORDS;
  const key = new Key256(w[0] as number, w[1] as number, w[2] as number, w[3] as number, w[4] as number, w[5] as number, w[6] as number, w[7] as number);
  KEY_SCRATCH.fill(0);
  return key;
}

/** HKDF-SHA256 with node:crypto (synchronous); short outputs (keys) are copied onto the JS heap. */
export function hkdfSha256Sync(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const derived = new Uint8Array(hkdfSync('sha256', ikm, salt, info, length));
  const out = new Uint8Array(length);
  out.set(derived);
  return out;
}

/**
 * The synchronous node:crypto AES-256-GCM backend (about 10x cheaper per message than
 * WebCrypto). A key is a Key256 on the JS heap, lent to createCipheriv as bytes: no
 * KeyObject, whose native handle costs far more per idle session.
 */
export const nodeBackend: SyncBackend<Key256> = {
  name: 'node:crypto',
  importKey,
  rawKey: (key) => {
    const raw = new Uint8Array(KEY_LENGTH);
    raw.set(lend(key));
    KEY_SCRATCH.fill(0);
    return raw;
  },
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
