import * as E from 'fp-ts/lib/Either.js';
import type { Bounds } from '../geometry/bounds';
import type { Vector3 } from '../geometry/vector';
import type { Region } from '../regions/region';
import { applyPlan } from './apply-plan';
import type { RebalanceOptions } from './plan';
import { planRebalance } from './plan-rebalance';
import { median } from './split';
import { box } from '../testing/box';

function region(id: string, bounds: Bounds, owner = 's1'): Region {
  return { id, bounds, owner, metadata: {} };
}

const OPTIONS: RebalanceOptions = { splitAbove: 50, mergeBelow: 10, minRegionSize: 5 };
const big = region('r', box(0, 0, 0, 100, 100, 10));

describe('planRebalance', () => {
  it('takes the median, averaging the two middle values for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('splits an overloaded region at the median of the axis where its players are most spread', () => {
    const players: Vector3[] = [10, 20, 30, 60, 90].map((y, i) => ({ x: 20 + i, y, z: 5 }));
    const plan = planRebalance({ regions: [big], loads: new Map([['r', 80]]), players }, OPTIONS);
    expect(plan).toEqual(
      E.right({
        steps: [
          { kind: 'split', region: 'r', axis: 'y', at: 30, low: box(0, 0, 0, 100, 30, 10), high: box(0, 30, 0, 100, 100, 10), newRegionId: 'r.1', lowPlayers: 2, highPlayers: 3 },
        ],
        skipped: [],
      }),
    );
  });

  it('clamps the plane so both halves respect the minimum region size', () => {
    const players: Vector3[] = [1, 1.5, 2, 2.5, 3].map((x) => ({ x, y: 50, z: 5 }));
    const plan = planRebalance({ regions: [big], loads: new Map([['r', 80]]), players }, OPTIONS);
    expect(E.isRight(plan) && plan.right.steps[0]).toMatchObject({ axis: 'x', at: 5 });
  });

  it('falls back to the next axis when the most spread one is too narrow, and skips unsplittable regions', () => {
    const slab = region('s', box(0, 0, 0, 100, 100, 8));
    const players: Vector3[] = [{ x: 50, y: 50, z: 0 }, { x: 50, y: 51, z: 7.9 }];
    const plan = planRebalance({ regions: [slab], loads: new Map([['s', 80]]), players }, OPTIONS);
    expect(E.isRight(plan) && plan.right.steps[0]).toMatchObject({ axis: 'y', at: 50.5 });
    const tiny = region('t', box(0, 0, 0, 9, 9, 9));
    const skipped = planRebalance({ regions: [tiny], loads: new Map([['t', 80]]), players: [] }, OPTIONS);
    expect(skipped).toEqual(E.right({ steps: [], skipped: [{ region: 't', reason: 'min-region-size' }] }));
  });

  it('cuts the widest axis in the middle when the region has load but no known players', () => {
    const wide = region('w', box(0, 0, 0, 100, 40, 10));
    const plan = planRebalance({ regions: [wide], loads: new Map([['w', 80]]), players: [] }, OPTIONS);
    expect(E.isRight(plan) && plan.right.steps[0]).toMatchObject({ axis: 'x', at: 50, lowPlayers: 0, highPlayers: 0 });
  });

  it('proposes ids for new halves that no region uses', () => {
    const regions = [region('r', box(0, 0, 0, 100, 100, 10)), region('r.1', box(100, 0, 0, 200, 100, 10))];
    const plan = planRebalance({ regions, loads: new Map([['r', 80], ['r.1', 80]]), players: [] }, OPTIONS);
    expect(E.isRight(plan) && plan.right.steps.map((s) => (s.kind === 'split' ? s.newRegionId : ''))).toEqual(['r.2', 'r.1.1']);
  });

  it('merges underloaded face neighbours whose union is a box, least loaded first', () => {
    const row = ['a', 'b', 'c', 'd'].map((id, i) => region(id, box(i * 10, 0, 0, i * 10 + 10, 10, 10)));
    const plan = planRebalance({ regions: row, loads: new Map([['a', 1], ['b', 2], ['c', 3], ['d', 4]]), players: [] }, OPTIONS);
    expect(plan).toEqual(
      E.right({
        steps: [
          { kind: 'merge', keep: 'a', absorb: 'b', bounds: box(0, 0, 0, 20, 10, 10), load: 3 },
          { kind: 'merge', keep: 'c', absorb: 'd', bounds: box(20, 0, 0, 40, 10, 10), load: 7 },
        ],
        skipped: [],
      }),
    );
    // The least loaded region (b) takes its least loaded neighbour (c); a and d are left without partners.
    const greedy = planRebalance({ regions: row, loads: new Map([['a', 3], ['b', 1], ['c', 2], ['d', 4]]), players: [] }, OPTIONS);
    expect(E.isRight(greedy) && greedy.right.steps).toEqual([{ kind: 'merge', keep: 'b', absorb: 'c', bounds: box(10, 0, 0, 30, 10, 10), load: 3 }]);
  });

  it('does not merge when the union is not a box or the merged load would be too high', () => {
    const l = [region('a', box(0, 0, 0, 10, 10, 10)), region('b', box(10, 0, 0, 20, 5, 10))];
    expect(planRebalance({ regions: l, loads: new Map(), players: [] }, OPTIONS)).toEqual(E.right({ steps: [], skipped: [] }));
    const pair = [region('a', box(0, 0, 0, 10, 10, 10)), region('b', box(10, 0, 0, 20, 10, 10))];
    const heavy = planRebalance({ regions: pair, loads: new Map([['a', 9], ['b', 9]]), players: [] }, { ...OPTIONS, maxMergedLoad: 15 });
    expect(heavy).toEqual(E.right({ steps: [], skipped: [] }));
  });

  it('never uses a region in two steps', () => {
    const regions = [region('hot', box(0, 0, 0, 10, 10, 10)), region('cold', box(10, 0, 0, 20, 10, 10))];
    const plan = planRebalance({ regions, loads: new Map([['hot', 99], ['cold', 0]]), players: [] }, { ...OPTIONS, minRegionSize: 1 });
    expect(E.isRight(plan) && plan.right.steps.map((s) => s.kind)).toEqual(['split']);
  });

  it('refuses bad options, loads, players and overlapping regions with typed errors', () => {
    const input = { regions: [big], loads: new Map([['r', 1]]), players: [] };
    expect(planRebalance(input, { ...OPTIONS, minRegionSize: 0 })).toMatchObject(E.left({ kind: 'invalid-option', option: 'minRegionSize' }));
    expect(planRebalance(input, { ...OPTIONS, mergeBelow: 60 })).toMatchObject(E.left({ kind: 'invalid-option', option: 'mergeBelow' }));
    expect(planRebalance({ ...input, loads: new Map([['r', NaN]]) }, OPTIONS)).toMatchObject(E.left({ kind: 'invalid-option', option: 'loads[r]' }));
    expect(planRebalance({ ...input, players: [{ x: 1, y: NaN, z: 1 }] }, OPTIONS)).toMatchObject(E.left({ kind: 'invalid-vector', field: 'players[0]' }));
    const overlapping = [big, region('o', box(50, 50, 0, 150, 150, 10))];
    expect(planRebalance({ ...input, regions: overlapping }, OPTIONS)).toMatchObject(E.left({ kind: 'region-overlap' }));
  });

  it('applies a plan to produce the new regions', () => {
    const row = [region('a', box(0, 0, 0, 10, 10, 10), 'one'), region('b', box(10, 0, 0, 20, 10, 10), 'two'), region('h', box(20, 0, 0, 40, 10, 10), 'three')];
    const plan = planRebalance({ regions: row, loads: new Map([['a', 1], ['b', 1], ['h', 90]]), players: [] }, OPTIONS);
    if (E.isLeft(plan)) throw new Error(plan.left.message);
    const after = applyPlan(row, plan.right);
    expect(E.isRight(after) && after.right.map((r) => [r.id, r.owner, r.bounds.min.x, r.bounds.max.x])).toEqual([
      ['a', 'one', 0, 20],
      ['h', 'three', 20, 30],
      ['h.1', 'three', 30, 40],
    ]);
    expect(applyPlan([], plan.right)).toMatchObject(E.left({ kind: 'unknown-region' }));
  });
});
