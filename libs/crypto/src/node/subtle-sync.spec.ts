import { HKDF_VECTORS, PBKDF2_VECTORS, hex, toHexString } from '../../test/vectors';
import { utf8 } from '../bytes';
import { hkdfSha256Sync } from './aead';
import { pbkdf2Sha256Sync, timingSafeEqualBytes } from './subtle-sync';

describe('node:crypto primitives match published vectors', () => {
  it.each(HKDF_VECTORS)('HKDF-SHA256 $name', (v) => {
    expect(toHexString(hkdfSha256Sync(hex(v.ikm), hex(v.salt), hex(v.info), v.length))).toBe(v.okm);
  });

  it.each(PBKDF2_VECTORS)('PBKDF2-HMAC-SHA256 $name', (v) => {
    expect(toHexString(pbkdf2Sha256Sync(utf8(v.password), utf8(v.salt), v.iterations, v.length))).toBe(v.key);
  });

  it('compares in constant time and refuses different lengths', () => {
    expect(timingSafeEqualBytes(hex('0102'), hex('0102'))).toBe(true);
    expect(timingSafeEqualBytes(hex('0102'), hex('0103'))).toBe(false);
    expect(timingSafeEqualBytes(hex('0102'), hex('010203'))).toBe(false);
  });
});
