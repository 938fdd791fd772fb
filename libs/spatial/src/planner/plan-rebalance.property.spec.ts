import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { boundsEquals, boundsOverlap, boundsUnion, boundsVolume, containsPoint, unionIsBox, type Bounds } from '../geometry/bounds';
import type { Region } from '../regions/region';
import { arbPointIn, arbTiling, DEFAULT_WORLD, regionsFromBounds, tilingProbes } from '../testing/arbitraries';
import { bruteForceOwners } from '../testing/oracles';
import { applyPlan } from './apply-plan';
import type { RebalanceOptions, RebalancePlan } from './plan';
import { planRebalance } from './plan-rebalance';

const arbInput = fc
  .tuple(
    arbTiling({ maxCuts: 25 }),
    fc.array(arbPointIn(DEFAULT_WORLD), { maxLength: 120 }),
    fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 30, maxLength: 30 }),
    fc.record({ splitAbove: fc.integer({ min: 10, max: 80 }), mergeBelow: fc.integer({ min: 0, max: 10 }), minRegionSize: fc.double({ min: 0.5, max: 12, noNaN: true }) }),
  )
  .map(([tiles, players, loadValues, options]) => {
    const regions = regionsFromBounds(tiles) as Region[];
    const loads = new Map(regions.map((r, i) => [r.id, loadValues[i % loadValues.length] as number]));
    return { regions, players, loads, options: options as RebalanceOptions };
  });

type Input = typeof arbInput extends fc.Arbitrary<infer T> ? T : never;

/** A property of the plan made for every generated input (a refused input fails it). */
function planProperty(name: string, numRuns: number, check: (input: Input, plan: RebalancePlan) => void): void {
  it(name, () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plan = planRebalance({ regions: input.regions, players: input.players, loads: input.loads }, input.options);
        if (E.isLeft(plan)) throw new Error(plan.left.message);
        check(input, plan.right);
      }),
      { numRuns },
    );
  });
}

describe('planRebalance properties', () => {
  planProperty('split plans cover the original region exactly, with both halves at least minRegionSize wide', 150, ({ regions, players, options }, plan) => {
    const byId = new Map(regions.map((r) => [r.id, r]));
    for (const step of plan.steps) {
      if (step.kind !== 'split') continue;
      const original = (byId.get(step.region) as Region).bounds;
      expect(boundsOverlap(step.low, step.high)).toBe(false);
      expect(unionIsBox(step.low, step.high)).toBe(true);
      expect(boundsEquals(boundsUnion(step.low, step.high), original)).toBe(true);
      expect(step.high.min[step.axis]).toBe(step.at);
      expect(step.low.max[step.axis] - step.low.min[step.axis]).toBeGreaterThanOrEqual(options.minRegionSize);
      expect(step.high.max[step.axis] - step.high.min[step.axis]).toBeGreaterThanOrEqual(options.minRegionSize);
      const inside = players.filter((p) => containsPoint(original, p));
      expect(step.lowPlayers + step.highPlayers).toBe(inside.length);
      expect(step.lowPlayers).toBe(inside.filter((p) => containsPoint(step.low, p)).length);
      for (const p of inside) expect(containsPoint(step.low, p) !== containsPoint(step.high, p)).toBe(true);
    }
  });

  planProperty('merges only face neighbours that make a box, below the thresholds, and never reuses a region', 150, ({ regions, loads, options }, plan) => {
    const byId = new Map(regions.map((r) => [r.id, r]));
    const used = new Set<string>();
    for (const step of plan.steps) {
      const ids = step.kind === 'split' ? [step.region] : [step.keep, step.absorb];
      for (const id of ids) {
        expect(used.has(id)).toBe(false);
        used.add(id);
      }
      if (step.kind !== 'merge') continue;
      const a = (byId.get(step.keep) as Region).bounds;
      const b = (byId.get(step.absorb) as Region).bounds;
      expect(step.keep < step.absorb).toBe(true);
      expect(unionIsBox(a, b)).toBe(true);
      expect(boundsEquals(step.bounds, boundsUnion(a, b))).toBe(true);
      expect(loads.get(step.keep) as number).toBeLessThan(options.mergeBelow);
      expect(loads.get(step.absorb) as number).toBeLessThan(options.mergeBelow);
      expect(step.load).toBeLessThanOrEqual(options.splitAbove);
    }
  });

  planProperty('applying a plan keeps the world tiled exactly: same volume, one owner per point', 60, ({ regions }, plan) => {
    const after = applyPlan(regions, plan);
    if (E.isLeft(after)) throw new Error(after.left.message);
    const volume = (rs: readonly { bounds: Bounds }[]): number => rs.reduce((sum, r) => sum + boundsVolume(r.bounds), 0);
    expect(volume(after.right)).toBeCloseTo(volume(regions), 6);
    for (const p of tilingProbes(after.right.map((r) => r.bounds))) {
      expect(bruteForceOwners(after.right, p).length).toBe(containsPoint(DEFAULT_WORLD, p) ? 1 : 0);
    }
  });

  it('is deterministic: the same input in any order gives the same plan', () => {
    fc.assert(
      fc.property(arbInput, fc.func(fc.integer()), ({ regions, players, loads, options }, order) => {
        const shuffle = <T>(xs: readonly T[]): T[] => xs.map((x, i) => [order(i), x] as const).sort((p, q) => p[0] - q[0]).map(([, x]) => x);
        const a = planRebalance({ regions, players, loads }, options);
        const b = planRebalance({ regions: shuffle(regions), players: shuffle(players), loads: new Map(shuffle([...loads])) }, options);
        expect(b).toEqual(a);
      }),
      { numRuns: 80 },
    );
  });
});
