import { parseGhostRings } from './ghost-rings';

describe('parseGhostRings', () => {
  it('reads fraction:seconds pairs into rings in ms', () => {
    expect(parseGhostRings('0.25:0, 0.6:0.1,1:0.25')).toEqual([
      { upTo: 0.25, intervalMs: 0 },
      { upTo: 0.6, intervalMs: 100 },
      { upTo: 1, intervalMs: 250 },
    ]);
  });

  it.each(['', '1', '0.5:0', '0.6:0,0.5:0.1,1:0', '0:0,1:0', '1:61', '1.5:0', 'a:b,1:0', '0.5:-1,1:0'])('refuses %j', (text) => {
    expect(parseGhostRings(text)).toBeUndefined();
  });
});
