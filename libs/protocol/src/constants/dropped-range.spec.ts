import fc from 'fast-check';
import { ErrorCode } from './close-codes';
import { actionsDropped, droppedRange } from './dropped-range';

describe('the ActionsDropped error', () => {
  it('reads back the range it was made with, for every u32 range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 0, max: 0xffff_ffff }), fc.string(), (first, last, why) => {
        const e = actionsDropped({ first, last }, why);
        expect(e.code).toBe(ErrorCode.ActionsDropped);
        expect(droppedRange(e)).toEqual({ first, last });
      }),
    );
  });

  it('names no range for other errors or mangled text, and never throws', () => {
    expect(droppedRange({ type: 'Error', code: ErrorCode.Unroutable, message: 'dropped seq 1..2: x' })).toBeUndefined();
    expect(droppedRange({ type: 'Error', code: ErrorCode.ActionsDropped, message: 'dropped seq 99999999999..1: x' })).toBeUndefined();
    fc.assert(fc.property(fc.string(), (message) => void droppedRange({ type: 'Error', code: ErrorCode.ActionsDropped, message })));
  });
});
