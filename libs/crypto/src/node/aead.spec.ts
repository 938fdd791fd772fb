import fc from 'fast-check';
import { AES_GCM_VECTORS, hex, toHexString, flipBit } from '../../test/vectors';
import { nodeBackend } from './aead';

describe('node:crypto AES-256-GCM backend', () => {
  it.each(AES_GCM_VECTORS)('seals McGrew-Viega $name into a caller buffer at an offset', (v) => {
    const key = nodeBackend.importKey(hex(v.key));
    const plaintext = hex(v.plaintext);
    const out = new Uint8Array(3 + plaintext.length + 16);
    nodeBackend.sealInto(key, hex(v.iv), hex(v.aad), plaintext, out, 3);
    expect(toHexString(out.subarray(3))).toBe(v.ciphertext + v.tag);
  });

  it.each(AES_GCM_VECTORS)('opens McGrew-Viega $name and rejects a flipped ciphertext or tag bit', (v) => {
    const key = nodeBackend.importKey(hex(v.key));
    const sealed = hex(v.ciphertext + v.tag);
    const opened = nodeBackend.open(key, hex(v.iv), hex(v.aad), sealed);
    expect(opened && toHexString(opened)).toBe(v.plaintext);
    expect(opened && Object.getPrototypeOf(opened)).toBe(Uint8Array.prototype);
    expect(nodeBackend.open(key, hex(v.iv), hex(v.aad), flipBit(sealed, 7))).toBeUndefined();
  });

  it('returns undefined, never throws, for input shorter than a tag', () => {
    const key = nodeBackend.importKey(new Uint8Array(32));
    expect(nodeBackend.open(key, new Uint8Array(12), new Uint8Array(0), new Uint8Array(3))).toBeUndefined();
  });

  it('keeps a key as words that give back its exact bytes, whatever they are', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (raw) => {
        const key = nodeBackend.importKey(raw);
        expect(Object.values(key).every((w) => Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 31)).toBe(true);
        expect(nodeBackend.rawKey?.(key)).toEqual(raw);
      }),
    );
  });

  it('refuses a key that is not 32 bytes (a caller bug)', () => {
    expect(() => nodeBackend.importKey(new Uint8Array(16))).toThrow(RangeError);
  });
});
