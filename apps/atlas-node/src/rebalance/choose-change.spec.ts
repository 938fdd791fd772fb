import { DEFAULT_CONFIG } from '@atlas/config';
import { chooseChange, type Candidate } from './choose-change';
import { Heat } from './heat';

const settings = { ...DEFAULT_CONFIG.rebalance, enabled: true, split_players: 10, split_after: 2, merge_players: 3, merge_after: 5, max_servers: 4 };
const box = (x0: number, x1: number) => ({ min: { x: x0, y: 0, z: 0 }, max: { x: x1, y: 100, z: 10 } });
const region = (id: string, x0: number, x1: number, load: number): Candidate => ({ id, name: id, bounds: box(x0, x1), load });
const players = (xs: readonly number[]) => xs.map((x) => ({ x, y: 50, z: 5 }));

function input(candidates: Candidate[], now: number, heat: Heat, extra: Partial<Parameters<typeof chooseChange>[0]> = {}) {
  heat.observe(new Map(candidates.map((c) => [c.id, c.load])), now, settings.split_players, settings.merge_players);
  return { candidates, players: players([10, 20, 30, 60, 70, 80, 90, 95, 96, 97, 98]), regionCount: candidates.length, heat, now, settings, stoppable: () => false, ...extra };
}

describe('chooseChange', () => {
  it('splits a region only once it stayed hot for split_after, giving the new server the half with fewer players', () => {
    const heat = new Heat();
    const hot = [region('a', 0, 100, 11)];
    expect(chooseChange(input(hot, 0, heat))).toBeUndefined();
    expect(chooseChange(input(hot, 1_999, heat))).toBeUndefined();
    const change = chooseChange(input(hot, 2_000, heat));
    expect(change).toMatchObject({ kind: 'split', server: { id: 'a' } });
    if (change?.kind !== 'split') throw new Error('no split');
    // The median cut leaves 5 players below it and 6 above: the new server takes the low half.
    expect(change.give.max.x).toBe(change.keep.min.x);
    expect(change.give.min.x).toBe(0);
  });

  it('starts over when the load dips, and never splits beyond max_servers', () => {
    const heat = new Heat();
    chooseChange(input([region('a', 0, 100, 11)], 0, heat));
    chooseChange(input([region('a', 0, 100, 9)], 1_000, heat));
    expect(chooseChange(input([region('a', 0, 100, 11)], 2_500, heat))).toBeUndefined();
    expect(chooseChange(input([region('a', 0, 100, 11)], 4_500, heat, { regionCount: 4 }))).toBeUndefined();
    expect(chooseChange(input([region('a', 0, 100, 11)], 4_500, heat))).toMatchObject({ kind: 'split' });
  });

  it('merges two cold face neighbours after merge_after, absorbing the one this node can stop', () => {
    const heat = new Heat();
    const cold = [region('a', 0, 100, 1), region('b', 100, 200, 0)];
    expect(chooseChange(input(cold, 0, heat))).toBeUndefined();
    expect(chooseChange(input(cold, 5_000, heat))).toEqual({ kind: 'merge', survivor: cold[0], absorbed: cold[1], union: box(0, 200) });
    expect(chooseChange(input(cold, 5_000, heat, { stoppable: (name) => name === 'a' }))).toMatchObject({ survivor: { id: 'b' }, absorbed: { id: 'a' } });
    // Not neighbours (a gap between them): no merge.
    const apart = [region('a', 0, 100, 1), region('c', 150, 200, 0)];
    const far = new Heat();
    chooseChange(input(apart, 0, far));
    expect(chooseChange(input(apart, 9_000, far))).toBeUndefined();
  });
});
