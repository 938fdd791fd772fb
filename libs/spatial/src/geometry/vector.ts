import * as E from 'fp-ts/lib/Either.js';
import { invalidVector, type InvalidVectorError } from '../errors';

/** A point or direction in world space. Mutable so hot paths can reuse one as an `out` parameter. */
export interface Vector3 {
  x: number;
  y: number;
  z: number;
}

/** A vector the callee promises not to change. Every input parameter takes this. */
export type ReadonlyVector3 = Readonly<Vector3>;

/** The three axes, in the order every tie is broken. */
export const AXES = ['x', 'y', 'z'] as const;
/** One axis name. */
export type Axis = (typeof AXES)[number];

/** Creates a vector (the only function here that always allocates). */
export function vec3(x = 0, y = 0, z = 0): Vector3 {
  return { x, y, z };
}

/** Sets `out` to (x, y, z) and returns it. */
export function vec3Set(out: Vector3, x: number, y: number, z: number): Vector3 {
  out.x = x;
  out.y = y;
  out.z = z;
  return out;
}

/** Copies `a` into `out` (a fresh vector when omitted). */
export function vec3Copy(a: ReadonlyVector3, out: Vector3 = vec3()): Vector3 {
  return vec3Set(out, a.x, a.y, a.z);
}

/** a + b into `out`. */
export function vec3Add(a: ReadonlyVector3, b: ReadonlyVector3, out: Vector3 = vec3()): Vector3 {
  return vec3Set(out, a.x + b.x, a.y + b.y, a.z + b.z);
}

/** a - b into `out`. */
export function vec3Sub(a: ReadonlyVector3, b: ReadonlyVector3, out: Vector3 = vec3()): Vector3 {
  return vec3Set(out, a.x - b.x, a.y - b.y, a.z - b.z);
}

/** a * s into `out`. */
export function vec3Scale(a: ReadonlyVector3, s: number, out: Vector3 = vec3()): Vector3 {
  return vec3Set(out, a.x * s, a.y * s, a.z * s);
}

/** a + b * s into `out` (e.g. position + velocity * dt, the predicted position). */
export function vec3AddScaled(a: ReadonlyVector3, b: ReadonlyVector3, s: number, out: Vector3 = vec3()): Vector3 {
  return vec3Set(out, a.x + b.x * s, a.y + b.y * s, a.z + b.z * s);
}

/** Linear interpolation a + (b - a) * t into `out`. */
export function vec3Lerp(a: ReadonlyVector3, b: ReadonlyVector3, t: number, out: Vector3 = vec3()): Vector3 {
  return vec3Set(out, a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t);
}

/** Dot product. */
export function vec3Dot(a: ReadonlyVector3, b: ReadonlyVector3): number {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

/** Squared length (no square root: compare against a squared radius). */
export function vec3LengthSq(a: ReadonlyVector3): number {
  return a.x * a.x + a.y * a.y + a.z * a.z;
}

/** Euclidean length. */
export function vec3Length(a: ReadonlyVector3): number {
  return Math.sqrt(vec3LengthSq(a));
}

/** Squared distance between two points. */
export function vec3DistanceSq(a: ReadonlyVector3, b: ReadonlyVector3): number {
  const dx = a.x - b.x;
  const dy = a.y - b.y;
  const dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

/** Euclidean distance between two points. */
export function vec3Distance(a: ReadonlyVector3, b: ReadonlyVector3): number {
  return Math.sqrt(vec3DistanceSq(a, b));
}

/** a scaled to length 1 into `out`; the zero vector stays zero (no NaN). */
export function vec3Normalize(a: ReadonlyVector3, out: Vector3 = vec3()): Vector3 {
  const len = vec3Length(a);
  return len === 0 ? vec3Set(out, 0, 0, 0) : vec3Scale(a, 1 / len, out);
}

/** Exact component-wise equality. */
export function vec3Equals(a: ReadonlyVector3, b: ReadonlyVector3): boolean {
  return a.x === b.x && a.y === b.y && a.z === b.z;
}

/** Reads one axis by name. */
export function vec3Get(a: ReadonlyVector3, axis: Axis): number {
  return axis === 'x' ? a.x : axis === 'y' ? a.y : a.z;
}

/** True when all three components are finite numbers (not NaN, not +-Infinity). */
export function isFiniteVec3(a: ReadonlyVector3): boolean {
  // Number.isFinite is false for NaN, Infinity and non-numbers alike.
  return Number.isFinite(a.x) && Number.isFinite(a.y) && Number.isFinite(a.z);
}

/** Non-allocating check of an untrusted vector: the error, or undefined when it is valid. */
export function checkVec3(value: unknown, field = 'vector'): InvalidVectorError | undefined {
  if (typeof value !== 'object' || value === null) return invalidVector(field, value);
  const v = value as Partial<Record<Axis, unknown>>;
  if (!Number.isFinite(v.x)) return invalidVector(`${field}.x`, v.x);
  if (!Number.isFinite(v.y)) return invalidVector(`${field}.y`, v.y);
  if (!Number.isFinite(v.z)) return invalidVector(`${field}.z`, v.z);
  return undefined;
}

/** Checks an untrusted value is a vector of finite numbers; `field` names it in the error. */
export function validateVec3(value: unknown, field = 'vector'): E.Either<InvalidVectorError, Vector3> {
  const problem = checkVec3(value, field);
  if (problem) return E.left(problem);
  const v = value as Vector3;
  return E.right({ x: v.x, y: v.y, z: v.z });
}
