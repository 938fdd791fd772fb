import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { decodeBase64, decodeBase64url, encodeBase64, encodeBase64url } from './base64';

const variants = [
  { name: 'base64', encode: encodeBase64, decode: decodeBase64, node: 'base64' as const },
  { name: 'base64url', encode: encodeBase64url, decode: decodeBase64url, node: 'base64url' as const },
];

describe.each(variants)('$name', ({ encode, decode, node }) => {
  it('agrees with Buffer and round-trips any bytes (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = encode(b);
        expect(s).toBe(Buffer.from(b).toString(node));
        expect(decode(s)).toEqual(E.right(b));
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary text, and what it accepts is canonical (2,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const r = decode(s);
        if (E.isRight(r)) expect(encode(r.right)).toBe(s);
        else expect(r.left).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('base64 (padded)', () => {
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
      expect(encodeBase64(bytes)).toBe(coded);
      expect(decodeBase64(coded)).toEqual(E.right(bytes));
    }
  });

  it('refuses bad length, bad characters, misplaced padding and non-canonical bits, naming where', () => {
    const cases: Array<[string, number]> = [
      ['Zg=', 3],
      ['Z===', 1],
      ['Zh==', 1],
      ['Zm9=', 2],
      ['====', 0],
      ['Zm9v!A==', 4],
      ['Zm=v', 2],
      ['Zé==', 1],
      ['A', 1],
    ];
    for (const [text, at] of cases) expect(decodeBase64(text)).toEqual(E.left(at));
  });
});

describe('base64url (unpadded)', () => {
  it('accepts only the canonical encoding', () => {
    expect(decodeBase64url('AA')).toEqual(E.right(Uint8Array.of(0)));
    for (const bad of ['AB', 'A', 'AA==', 'A+', 'A/', 'a b', 'é']) expect(E.isLeft(decodeBase64url(bad))).toBe(true);
  });
});
