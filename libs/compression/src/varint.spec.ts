import fc from 'fast-check';
import { MAX_VARINT_BYTES, readVarint, VarintFailure, varintLength, writeVarint } from './varint';

describe('varint', () => {
  it('round-trips every length up to 2^35 - 1 and reports its own size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 35 - 1 }), (value) => {
        const out = new Uint8Array(MAX_VARINT_BYTES);
        const end = writeVarint(out, 0, value);
        const cursor = { offset: 0 };
        expect(end).toBe(varintLength(value));
        expect(readVarint(out, cursor)).toBe(value);
        expect(cursor.offset).toBe(end);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes LEB128: 300 is ac 02', () => {
    const out = new Uint8Array(2);
    writeVarint(out, 0, 300);
    expect([...out]).toEqual([0xac, 0x02]);
  });

  it('reports a varint cut short as truncated without moving the cursor', () => {
    const cursor = { offset: 1 };
    expect(readVarint(Uint8Array.of(0, 0x80, 0x80), cursor)).toBe(VarintFailure.Truncated);
    expect(cursor.offset).toBe(1);
  });

  it('refuses a varint longer than five bytes', () => {
    expect(readVarint(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x01), { offset: 0 })).toBe(VarintFailure.TooLong);
  });
});
