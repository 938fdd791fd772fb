import { fnv1a32 } from './fnv1a';

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32(new Uint8Array(0))).toBe(0x811c9dc5);
    expect(fnv1a32(ascii('a'))).toBe(0xe40c292c);
    expect(fnv1a32(ascii('foobar'))).toBe(0xbf9cf968);
  });

  it('hashes a sub-range like the same bytes on their own', () => {
    const bytes = ascii('xxfoobaryy');
    expect(fnv1a32(bytes, 2, 8)).toBe(fnv1a32(ascii('foobar')));
  });
});
