import fc from 'fast-check';
import { readU32LE, writeU32LE } from './u32';

describe('little-endian u32', () => {
  it('writes what DataView writes, reads it back, and returns the offset after it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 0, max: 12 }), (value, offset) => {
        const ours = new Uint8Array(16);
        const theirs = new Uint8Array(16);
        expect(writeU32LE(ours, offset, value)).toBe(offset + 4);
        new DataView(theirs.buffer).setUint32(offset, value, true);
        expect(ours).toEqual(theirs);
        expect(readU32LE(ours, offset)).toBe(value);
      }),
    );
  });

  it('reads the top bit as unsigned', () => {
    expect(readU32LE(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 0)).toBe(0xffff_ffff);
  });
});
