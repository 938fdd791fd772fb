import * as E from 'fp-ts/lib/Either.js';
import { invalidBounds, type InvalidBoundsError, type InvalidVectorError } from '../errors';
import { AXES, checkVec3, vec3, vec3Set, type Axis, type ReadonlyVector3, type Vector3 } from './vector';

/**
 * An axis-aligned box. Ownership is half-open on every axis: a point p is inside when
 * `min <= p < max` for x, y and z. Boxes that tile space therefore give every point exactly
 * one owner, including points on shared faces, edges and corners (the box on the high side wins).
 */
export interface Bounds {
  readonly min: ReadonlyVector3;
  readonly max: ReadonlyVector3;
}

/** How two boxes meet: sharing volume, a face (2D contact), an edge (1D), a corner (a point), or not at all. */
export type Contact = 'overlap' | 'face' | 'edge' | 'corner' | 'none';

/** Non-allocating check of untrusted bounds: the error, or undefined when valid (finite, min < max on every axis). */
export function checkBounds(value: unknown, field = 'bounds'): InvalidBoundsError | InvalidVectorError | undefined {
  if (typeof value !== 'object' || value === null) return invalidBounds('malformed', field, 'expected { min, max }');
  const b = value as { min?: unknown; max?: unknown };
  const badMin = checkVec3(b.min, `${field}.min`);
  if (badMin) return badMin;
  const badMax = checkVec3(b.max, `${field}.max`);
  if (badMax) return badMax;
  const min = b.min as ReadonlyVector3;
  const max = b.max as ReadonlyVector3;
  for (const axis of AXES) {
    if (min[axis] > max[axis]) {
      return invalidBounds('inverted', field, `min.${axis} (${min[axis]}) > max.${axis} (${max[axis]})`);
    }
    // A zero-width box owns no point under the half-open rule: refuse it rather than index a ghost.
    if (min[axis] === max[axis]) return invalidBounds('empty', field, `min.${axis} == max.${axis} (${min[axis]})`);
  }
  return undefined;
}

/** Validates untrusted bounds and returns a frozen copy (so later changes to the input cannot corrupt an index). */
export function validateBounds(value: unknown, field = 'bounds'): E.Either<InvalidBoundsError | InvalidVectorError, Bounds> {
  const problem = checkBounds(value, field);
  if (problem) return E.left(problem);
  const b = value as Bounds;
  return E.right(freezeBounds(b.min.x, b.min.y, b.min.z, b.max.x, b.max.y, b.max.z));
}

/** Creates validated bounds from two corners. */
export function bounds(min: ReadonlyVector3, max: ReadonlyVector3): E.Either<InvalidBoundsError | InvalidVectorError, Bounds> {
  return validateBounds({ min, max });
}

/** Creates validated bounds from six numbers (min x, y, z then max x, y, z). */
export function boundsOf(
  minX: number,
  minY: number,
  minZ: number,
  maxX: number,
  maxY: number,
  maxZ: number,
): E.Either<InvalidBoundsError | InvalidVectorError, Bounds> {
  return validateBounds({ min: { x: minX, y: minY, z: minZ }, max: { x: maxX, y: maxY, z: maxZ } });
}

/** Internal: a frozen box from trusted numbers. */
export function freezeBounds(minX: number, minY: number, minZ: number, maxX: number, maxY: number, maxZ: number): Bounds {
  return Object.freeze({
    min: Object.freeze({ x: minX, y: minY, z: minZ }),
    max: Object.freeze({ x: maxX, y: maxY, z: maxZ }),
  });
}

/** True when p is owned by b under the half-open rule (`min <= p < max` on every axis). NaN is never inside. */
export function containsPoint(b: Bounds, p: ReadonlyVector3): boolean {
  return (
    b.min.x <= p.x && p.x < b.max.x && b.min.y <= p.y && p.y < b.max.y && b.min.z <= p.z && p.z < b.max.z
  );
}

/** Squared distance from p to the closed box: cheap, for comparisons (underflows to 0 below ~1e-162). */
export function distanceSqToBounds(b: Bounds, p: ReadonlyVector3): number {
  const dx = p.x < b.min.x ? b.min.x - p.x : p.x > b.max.x ? p.x - b.max.x : 0;
  const dy = p.y < b.min.y ? b.min.y - p.y : p.y > b.max.y ? p.y - b.max.y : 0;
  const dz = p.z < b.min.z ? b.min.z - p.z : p.z > b.max.z ? p.z - b.max.z : 0;
  return dx * dx + dy * dy + dz * dz;
}

/** Euclidean distance from p to the closed box (0 when p is inside or on its surface). */
export function distanceToBounds(b: Bounds, p: ReadonlyVector3): number {
  // hypot, not sqrt of the square: no underflow to 0 for tiny gaps, no overflow for huge ones.
  return Math.hypot(
    p.x < b.min.x ? b.min.x - p.x : p.x > b.max.x ? p.x - b.max.x : 0,
    p.y < b.min.y ? b.min.y - p.y : p.y > b.max.y ? p.y - b.max.y : 0,
    p.z < b.min.z ? b.min.z - p.z : p.z > b.max.z ? p.z - b.max.z : 0,
  );
}

/**
 * Distance from p to the nearest face of b, measured inside: positive when p is inside, 0 on a
 * face, negative outside. A player deeper than `d` is at least `d` from every other box.
 */
export function depthInBounds(b: Bounds, p: ReadonlyVector3): number {
  return Math.min(p.x - b.min.x, b.max.x - p.x, p.y - b.min.y, b.max.y - p.y, p.z - b.min.z, b.max.z - p.z);
}

/** The point of the closed box nearest to p, into `out`. */
export function closestPointInBounds(b: Bounds, p: ReadonlyVector3, out: Vector3 = vec3()): Vector3 {
  return vec3Set(
    out,
    Math.min(Math.max(p.x, b.min.x), b.max.x),
    Math.min(Math.max(p.y, b.min.y), b.max.y),
    Math.min(Math.max(p.z, b.min.z), b.max.z),
  );
}

/** Centre of the box into `out`. */
export function boundsCenter(b: Bounds, out: Vector3 = vec3()): Vector3 {
  return vec3Set(out, (b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2, (b.min.z + b.max.z) / 2);
}

/** Extent (max - min) per axis into `out`. */
export function boundsSize(b: Bounds, out: Vector3 = vec3()): Vector3 {
  return vec3Set(out, b.max.x - b.min.x, b.max.y - b.min.y, b.max.z - b.min.z);
}

/** Volume of the box. */
export function boundsVolume(b: Bounds): number {
  return (b.max.x - b.min.x) * (b.max.y - b.min.y) * (b.max.z - b.min.z);
}

/** Exact equality of both corners. */
export function boundsEquals(a: Bounds, b: Bounds): boolean {
  return (
    a.min.x === b.min.x && a.min.y === b.min.y && a.min.z === b.min.z &&
    a.max.x === b.max.x && a.max.y === b.max.y && a.max.z === b.max.z
  );
}

/** True when the boxes share volume (some point is owned by both): what a region map refuses. */
export function boundsOverlap(a: Bounds, b: Bounds): boolean {
  return (
    a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y && a.min.z < b.max.z && b.min.z < a.max.z
  );
}

/** True when `inner` lies entirely within `outer`. */
export function boundsContainsBounds(outer: Bounds, inner: Bounds): boolean {
  return (
    outer.min.x <= inner.min.x && inner.max.x <= outer.max.x &&
    outer.min.y <= inner.min.y && inner.max.y <= outer.max.y &&
    outer.min.z <= inner.min.z && inner.max.z <= outer.max.z
  );
}

/**
 * How the closed boxes meet. Counts the axes on which their extents overlap with positive
 * length: 3 = overlap, 2 = face, 1 = edge, 0 = corner; any gap = none.
 */
export function contactOf(a: Bounds, b: Bounds): Contact {
  let positive = 0;
  for (const axis of AXES) {
    const o = Math.min(a.max[axis], b.max[axis]) - Math.max(a.min[axis], b.min[axis]);
    if (o < 0) return 'none';
    if (o > 0) positive += 1;
  }
  return positive === 3 ? 'overlap' : positive === 2 ? 'face' : positive === 1 ? 'edge' : 'corner';
}

/** Smallest box containing both. */
export function boundsUnion(a: Bounds, b: Bounds): Bounds {
  return freezeBounds(
    Math.min(a.min.x, b.min.x),
    Math.min(a.min.y, b.min.y),
    Math.min(a.min.z, b.min.z),
    Math.max(a.max.x, b.max.x),
    Math.max(a.max.y, b.max.y),
    Math.max(a.max.z, b.max.z),
  );
}

/** True when two disjoint boxes share a whole face, i.e. their union is itself a box. */
export function unionIsBox(a: Bounds, b: Bounds): boolean {
  let joinedOn = 0;
  for (const axis of AXES) {
    const same = a.min[axis] === b.min[axis] && a.max[axis] === b.max[axis];
    if (same) continue;
    if (a.max[axis] !== b.min[axis] && b.max[axis] !== a.min[axis]) return false;
    joinedOn += 1;
  }
  return joinedOn === 1;
}

/** The box with one axis replaced by [lo, hi). */
export function withAxis(b: Bounds, axis: Axis, lo: number, hi: number): Bounds {
  return freezeBounds(
    axis === 'x' ? lo : b.min.x,
    axis === 'y' ? lo : b.min.y,
    axis === 'z' ? lo : b.min.z,
    axis === 'x' ? hi : b.max.x,
    axis === 'y' ? hi : b.max.y,
    axis === 'z' ? hi : b.max.z,
  );
}
