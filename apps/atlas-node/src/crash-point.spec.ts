import { parseCrashAt } from './crash-point';

describe('ATLAS_CRASH_AT (the fault tests\' crash points)', () => {
  it('names a point and, optionally, on which of its arrivals to crash (default the first)', () => {
    expect(parseCrashAt('transfer-state')).toEqual({ point: 'transfer-state', nth: 1 });
    expect(parseCrashAt('in-flight:400')).toEqual({ point: 'in-flight', nth: 400 });
  });

  it('is off when unset, empty, or not a known point and count', () => {
    for (const text of [undefined, '', 'nowhere', 'resumed:0', 'resumed:x', 'resumed:1.5']) expect(parseCrashAt(text)).toBeUndefined();
  });
});
