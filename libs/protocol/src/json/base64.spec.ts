import fc from 'fast-check';
import { base64Decode, base64Encode } from './base64';

describe('base64', () => {
  it('matches the RFC 4648 test vectors', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, coded] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(base64Encode(bytes)).toBe(coded);
      expect(base64Decode(coded)).toEqual({ ok: true, bytes });
    }
  });

  it('agrees with Buffer and round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = base64Encode(b);
        expect(s).toBe(Buffer.from(b).toString('base64'));
        expect(base64Decode(s)).toEqual({ ok: true, bytes: b });
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses bad length, bad characters, misplaced padding and non-canonical bits', () => {
    for (const bad of ['Zg=', 'Z===', 'Zh==', 'Zm9=', '====', 'Zm9v!A==', 'Zm=v', 'Zé==', 'A']) {
      expect(base64Decode(bad).ok).toBe(false);
    }
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const r = base64Decode(s);
        if (r.ok) expect(base64Encode(r.bytes)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });
});
