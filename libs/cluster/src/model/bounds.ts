import * as E from 'fp-ts/Either';
import { ClusterErrors, type ClusterError } from './errors';

/** A point in world space (same shape as @atlas/spatial's Vector3). */
export interface Vec3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** An axis-aligned box claimed by one game server: `min` inclusive, `max` exclusive on every axis with extent. */
export interface RegionBounds {
  readonly min: Vec3;
  readonly max: Vec3;
}

const AXES = ['x', 'y', 'z'] as const;

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

/**
 * Whether two regions share any volume. Boxes that only touch at a face do not overlap,
 * so a tiled world is claimable; on an axis where both boxes are flat (2D worlds), the
 * closed intervals are compared instead. The Redis Lua claim script applies the same rule.
 */
export function boundsOverlap(a: RegionBounds, b: RegionBounds): boolean {
  for (const axis of AXES) {
    const a0 = a.min[axis];
    const a1 = a.max[axis];
    const b0 = b.min[axis];
    const b1 = b.max[axis];
    const overlap = a1 > a0 && b1 > b0 ? a0 < b1 && b0 < a1 : a0 <= b1 && b0 <= a1;
    if (!overlap) return false;
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
