import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from base to the cap, half fixed and half random', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, 100, 1000, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, 100, 1000, () => 0.999999))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('stays finite for huge attempt counts', () => {
    expect(backoffDelay(1e9, 100, 5000, () => 0.5)).toBe(3750);
  });
});
