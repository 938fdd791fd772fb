import { HKDF_VECTORS, PBKDF2_VECTORS, hex, toHexString } from '../../test/vectors';
import { utf8 } from '../bytes';
import { hkdfSha256, pbkdf2Sha256 } from './subtle';

describe('WebCrypto primitives match published vectors', () => {
  it.each(HKDF_VECTORS)('HKDF-SHA256 $name', async (v) => {
    const okm = await hkdfSha256(hex(v.ikm), hex(v.salt), hex(v.info), v.length);
    expect(toHexString(okm)).toBe(v.okm);
  });

  it.each(PBKDF2_VECTORS)('PBKDF2-HMAC-SHA256 $name', async (v) => {
    const key = await pbkdf2Sha256(utf8(v.password), utf8(v.salt), v.iterations, v.length);
    expect(toHexString(key)).toBe(v.key);
  });
});
