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
});
