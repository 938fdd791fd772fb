import * as E from 'fp-ts/lib/Either.js';
import { parseDuration, parseRamp, parseSize, rampRate } from './units';

describe('durations', () => {
  it.each([
    ['30', 30_000],
    ['30s', 30_000],
    ['250ms', 250],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['1h', 3_600_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual(E.right(ms));
  });

  it.each(['', 'abc', '10x', 's', '1m 30', '-5s'])('refuses %p with an example', (text) => {
    const r = parseDuration(text);
    expect(E.isLeft(r) && r.left).toMatch(/not a duration \(examples: 30, 30s/);
  });
});

describe('sizes', () => {
  it.each([
    ['64', 64],
    ['4k', 4096],
    ['4KiB', 4096],
    ['1m', 1 << 20],
  ])('reads %s as %d bytes', (text, n) => {
    expect(parseSize(text)).toEqual(E.right(n));
  });

  it('refuses a unit it does not know', () => {
    expect(E.isLeft(parseSize('4 parsecs'))).toBe(true);
  });
});

describe('ramps', () => {
  it('reads a rate and a duration', () => {
    expect(parseRamp('500/s')).toEqual(E.right({ kind: 'rate', perSecond: 500 }));
    expect(parseRamp('10s')).toEqual(E.right({ kind: 'duration', ms: 10_000 }));
    expect(parseRamp('0')).toEqual(E.right({ kind: 'duration', ms: 0 }));
  });

  it('turns a duration into a rate for the clients, and 0 into all at once', () => {
    expect(rampRate({ kind: 'duration', ms: 10_000 }, 1000)).toBe(100);
    expect(rampRate({ kind: 'duration', ms: 0 }, 1000)).toBe(Number.POSITIVE_INFINITY);
    expect(rampRate({ kind: 'rate', perSecond: 7 }, 1000)).toBe(7);
  });

  it('refuses a zero rate and nonsense', () => {
    expect(E.isLeft(parseRamp('0/s'))).toBe(true);
    expect(E.isLeft(parseRamp('fast'))).toBe(true);
  });
});
