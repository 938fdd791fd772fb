// The registry's claim rules over @atlas/spatial's vector and box model. They differ from
// the region map's in one point on purpose: a registry claim may be flat on an axis (a 2D
// world registers z from 0 to 0), which holds just that one coordinate; the node widens
// flat axes before it builds its spatial region map. The Redis Lua claim script applies
// the same rules as this file.
import { AXES, type Bounds, type ReadonlyVector3 } from '@atlas/spatial';
import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from './errors';

/** A point in world space: @atlas/spatial's vector, by the registry's name. */
export type Vec3 = ReadonlyVector3;

/** The box one game server claims: @atlas/spatial's Bounds (`min` inclusive, `max` exclusive on every axis with extent). */
export type RegionBounds = Bounds;

/** Accepts finite coordinates with min <= max on every axis (a zero extent makes a flat, e.g. 2D, world). */
export function validateBounds(bounds: RegionBounds): E.Either<ClusterError, RegionBounds> {
  for (const axis of AXES) {
    const lo = bounds.min[axis];
    const hi = bounds.max[axis];
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      return E.left(ClusterErrors.invalid(`region ${axis} bounds must be finite numbers`));
    }
    if (lo > hi) return E.left(ClusterErrors.invalid(`region min.${axis} (${lo}) is above max.${axis} (${hi})`));
  }
  // A fresh copy with -0 made 0: JSON cannot carry -0, and both stores must return the same values.
  const { min, max } = bounds;
  return E.right({ min: { x: min.x + 0, y: min.y + 0, z: min.z + 0 }, max: { x: max.x + 0, y: max.y + 0, z: max.z + 0 } });
}

/** Whether two intervals share a point, under the containment rule: [lo, hi) when hi > lo, exactly lo when flat. */
function axisOverlap(a0: number, a1: number, b0: number, b1: number): boolean {
  const aFlat = a1 <= a0;
  const bFlat = b1 <= b0;
  if (aFlat && bFlat) return a0 === b0;
  if (aFlat) return b0 <= a0 && a0 < b1;
  if (bFlat) return a0 <= b0 && b0 < a1;
  return a0 < b1 && b0 < a1;
}

/**
 * Whether two regions share a point, by the same rule as {@link boundsContain}: boxes that
 * only touch at a face do not overlap, so a tiled world is claimable; flat axes (a 2D world
 * has z from 0 to 0) hold just their one coordinate. The Redis Lua claim script applies the
 * same rule.
 */
export function boundsOverlap(a: RegionBounds, b: RegionBounds): boolean {
  for (const axis of AXES) {
    if (!axisOverlap(a.min[axis], a.max[axis], b.min[axis], b.max[axis])) return false;
  }
  return true;
}

/** Whether a point lies in the region (min inclusive, max exclusive; flat axes must match exactly). */
export function boundsContain(bounds: RegionBounds, p: Vec3): boolean {
  for (const axis of AXES) {
    const lo = bounds.min[axis];
    const hi = bounds.max[axis];
    const v = p[axis];
    if (hi > lo ? v < lo || v >= hi : v !== lo) return false;
  }
  return true;
}
