import * as E from 'fp-ts/lib/Either.js';
import { checkNonNegative, checkPositive, invalidOption, invalidVector, type SpatialError } from '../errors';
import { boundsUnion, unionIsBox } from '../geometry/bounds';
import { isFiniteVec3, type ReadonlyVector3 } from '../geometry/vector';
import type { Region, RegionMetadata } from '../regions/region';
import { RegionMap } from '../regions/region-map';
import type { MergeStep, PlanStep, RebalanceOptions, RebalancePlan, SkippedSplit } from './plan';
import { chooseCut } from './split';

/** What the planner looks at. */
export interface RebalanceInput<M = RegionMetadata> {
  /** The current tiling (must not overlap). */
  readonly regions: readonly Region<M>[];
  /** Load per region id; a missing id counts as 0. */
  readonly loads: ReadonlyMap<string, number>;
  /** Player positions; each counts for the region that owns it (players in gaps are ignored). */
  readonly players: readonly ReadonlyVector3[];
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkOptions(o: RebalanceOptions): SpatialError | undefined {
  return (
    checkNonNegative('splitAbove', o.splitAbove) ??
    checkNonNegative('mergeBelow', o.mergeBelow) ??
    checkPositive('minRegionSize', o.minRegionSize) ??
    (o.maxMergedLoad === undefined ? undefined : checkNonNegative('maxMergedLoad', o.maxMergedLoad)) ??
    (o.mergeBelow <= o.splitAbove ? undefined : invalidOption('mergeBelow', o.mergeBelow, `a number <= splitAbove (${o.splitAbove})`))
  );
}

/** First `${parent}.N` (N = 1, 2, ...) not taken; records it as taken. */
function freshId(parent: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const id = `${parent}.${n}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/**
 * Plans splits of overloaded regions and merges of underloaded neighbours. Pure and
 * deterministic: the same input (in any order) gives the same plan. Each region takes part in
 * at most one step; execute the plan, measure again, plan again.
 */
export function planRebalance<M = RegionMetadata>(
  input: RebalanceInput<M>,
  options: RebalanceOptions,
): E.Either<SpatialError, RebalancePlan> {
  const problem = checkOptions(options);
  if (problem) return E.left(problem);
  const map = new RegionMap<M>();
  const added = map.addAll(input.regions);
  if (E.isLeft(added)) return added;
  const load = new Map<string, number>();
  for (const region of input.regions) {
    const value = input.loads.get(region.id) ?? 0;
    const bad = checkNonNegative(`loads[${region.id}]`, value);
    if (bad) return E.left(bad);
    load.set(region.id, value);
  }
  const playersOf = new Map<string, ReadonlyVector3[]>();
  for (let i = 0; i < input.players.length; i++) {
    const p = input.players[i] as ReadonlyVector3;
    if (!isFiniteVec3(p)) return E.left(invalidVector(`players[${i}]`, JSON.stringify(p)));
    const owner = map.ownerAt(p);
    if (!owner) continue;
    const list = playersOf.get(owner.id) ?? [];
    list.push(p);
    playersOf.set(owner.id, list);
  }

  const regions = map.list();
  const taken = new Set(regions.map((r) => r.id));
  const steps: PlanStep[] = [];
  const skipped: SkippedSplit[] = [];
  const busy = new Set<string>();
  for (const region of regions) {
    if ((load.get(region.id) as number) <= options.splitAbove) continue;
    busy.add(region.id);
    const cut = chooseCut(region.bounds, playersOf.get(region.id) ?? [], options.minRegionSize);
    if (!cut) {
      skipped.push({ region: region.id, reason: 'min-region-size' });
      continue;
    }
    steps.push({ kind: 'split', region: region.id, ...cut, newRegionId: freshId(region.id, taken) });
  }
  for (const merge of planMerges(map, regions, load, busy, options)) steps.push(merge);
  return E.right({ steps, skipped });
}

/** Greedy, deterministic pairing: least loaded first, each with its least loaded eligible face neighbour. */
function planMerges<M>(
  map: RegionMap<M>,
  regions: readonly Region<M>[],
  load: ReadonlyMap<string, number>,
  busy: Set<string>,
  options: RebalanceOptions,
): MergeStep[] {
  const cap = options.maxMergedLoad ?? options.splitAbove;
  const loadOf = (id: string): number => load.get(id) as number;
  const light = regions
    .filter((r) => !busy.has(r.id) && loadOf(r.id) < options.mergeBelow)
    .sort((a, b) => loadOf(a.id) - loadOf(b.id) || byId(a.id, b.id));
  const merges: MergeStep[] = [];
  for (const region of light) {
    if (busy.has(region.id)) continue;
    const neighbours = map.neighbours(region.id, 'face');
    if (E.isLeft(neighbours)) continue;
    let partner: Region<M> | undefined;
    for (const { region: other } of neighbours.right) {
      if (busy.has(other.id) || loadOf(other.id) >= options.mergeBelow) continue;
      if (loadOf(region.id) + loadOf(other.id) > cap || !unionIsBox(region.bounds, other.bounds)) continue;
      if (!partner || loadOf(other.id) < loadOf(partner.id) || (loadOf(other.id) === loadOf(partner.id) && other.id < partner.id)) {
        partner = other;
      }
    }
    if (!partner) continue;
    busy.add(region.id);
    busy.add(partner.id);
    const [keep, absorb] = region.id < partner.id ? [region, partner] : [partner, region];
    merges.push({
      kind: 'merge',
      keep: keep.id,
      absorb: absorb.id,
      bounds: boundsUnion(keep.bounds, absorb.bounds),
      load: loadOf(region.id) + loadOf(partner.id),
    });
  }
  return merges;
}
