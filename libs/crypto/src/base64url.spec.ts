import fc from 'fast-check';
import { decodeBase64url, encodeBase64url } from './base64url';

describe('base64url', () => {
  it('round-trips and matches Node for any bytes (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64url(text)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts only the canonical encoding', () => {
    expect(decodeBase64url('AA')).toEqual(Uint8Array.of(0));
    for (const bad of ['AB', 'A', 'AA==', 'A+', 'A/', 'a b', 'é']) expect(decodeBase64url(bad)).toBeUndefined();
  });

  it('never throws on arbitrary text (1,000 runs)', () => {
    fc.assert(fc.property(fc.string(), (text) => void decodeBase64url(text)), { numRuns: 1000 });
  });
});
