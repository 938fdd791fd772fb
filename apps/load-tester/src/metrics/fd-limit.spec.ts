import { fdLimitWarning, openFileLimit } from './fd-limit';

describe('open-file limit', () => {
  it('reads the limit of this process', () => {
    const limit = openFileLimit();
    expect(limit === undefined || limit > 0).toBe(true);
  });

  it('warns only near the limit', () => {
    expect(fdLimitWarning(10_000, 20_000)).toBeUndefined();
    expect(fdLimitWarning(19_900, 20_000)).toMatch(/19900 connections in one process against an open-file limit of 20000/);
    expect(fdLimitWarning(1_000_000, Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
