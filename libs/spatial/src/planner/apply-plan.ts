import * as E from 'fp-ts/lib/Either.js';
import type { SpatialError, UnknownRegionError } from '../errors';
import type { Region, RegionMetadata } from '../regions/region';
import { createRegionMap } from '../regions/create-region-map';
import type { RebalancePlan } from './plan';

function unknown(id: string): UnknownRegionError {
  return { kind: 'unknown-region', id, message: `Plan refers to unknown region ${id}` };
}

/**
 * The regions after a plan, without side effects: a split's low half keeps the id, owner and
 * metadata, its high half gets `newRegionId` with the same owner and metadata (the caller may
 * reassign it); a merge keeps `keep`'s owner and metadata. Sorted by id; refuses a plan that
 * does not fit the regions or would leave them overlapping.
 */
export function applyPlan<M = RegionMetadata>(regions: readonly Region<M>[], plan: RebalancePlan): E.Either<SpatialError, Region<M>[]> {
  const byId = new Map(regions.map((r) => [r.id, r]));
  for (const step of plan.steps) {
    if (step.kind === 'split') {
      const parent = byId.get(step.region);
      if (!parent) return E.left(unknown(step.region));
      byId.set(parent.id, { ...parent, bounds: step.low });
      byId.set(step.newRegionId, { ...parent, id: step.newRegionId, bounds: step.high });
    } else {
      const keep = byId.get(step.keep);
      if (!keep) return E.left(unknown(step.keep));
      if (!byId.has(step.absorb)) return E.left(unknown(step.absorb));
      byId.delete(step.absorb);
      byId.set(keep.id, { ...keep, bounds: step.bounds });
    }
  }
  // Rebuilding a map re-checks the result: no overlaps, valid bounds.
  const map = createRegionMap<M>({}, [...byId.values()]);
  return E.isRight(map) ? E.right(map.right.list()) : map;
}
