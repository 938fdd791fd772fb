import { AES_GCM_VECTORS, hex, toHexString, flipBit } from '../../test/vectors';
import { webCryptoBackend } from './aead';

describe('WebCrypto AES-256-GCM backend', () => {
  it.each(AES_GCM_VECTORS)('seals McGrew-Viega $name', async (v) => {
    const key = await webCryptoBackend.importKey(hex(v.key));
    const sealed = await webCryptoBackend.seal(key, hex(v.iv), hex(v.aad), hex(v.plaintext));
    expect(toHexString(sealed)).toBe(v.ciphertext + v.tag);
  });

  it.each(AES_GCM_VECTORS)('opens McGrew-Viega $name and rejects a flipped tag bit', async (v) => {
    const key = await webCryptoBackend.importKey(hex(v.key));
    const sealed = hex(v.ciphertext + v.tag);
    const opened = await webCryptoBackend.open(key, hex(v.iv), hex(v.aad), sealed);
    expect(opened && toHexString(opened)).toBe(v.plaintext);
    const tampered = flipBit(sealed, sealed.length * 8 - 8);
    expect(await webCryptoBackend.open(key, hex(v.iv), hex(v.aad), tampered)).toBeUndefined();
  });

  it('resolves to undefined, never rejects, for input shorter than a tag', async () => {
    const key = await webCryptoBackend.importKey(new Uint8Array(32));
    expect(await webCryptoBackend.open(key, new Uint8Array(12), new Uint8Array(0), new Uint8Array(3))).toBeUndefined();
  });
});
