// Field groups shared by both links' codecs.
import type { Quat, Vec3 } from '../model/geometry';
import type { ByteReader } from './byte-reader';
import type { ByteWriter } from './byte-writer';

/** Writes a position: three f64. */
export function writeVec3f64(w: ByteWriter, v: Vec3): void {
  w.f64(v.x);
  w.f64(v.y);
  w.f64(v.z);
}

/** Writes a velocity: three f32. */
export function writeVec3f32(w: ByteWriter, v: Vec3): void {
  w.f32(v.x);
  w.f32(v.y);
  w.f32(v.z);
}

/** Writes an orientation: four f32. */
export function writeQuat(w: ByteWriter, q: Quat): void {
  w.f32(q.x);
  w.f32(q.y);
  w.f32(q.z);
  w.f32(q.w);
}

/** Reads three finite f64. */
export function readVec3f64(r: ByteReader, field: string): Vec3 {
  const x = r.finite64(field);
  const y = r.finite64(field);
  const z = r.finite64(field);
  return { x, y, z };
}

/** Reads three finite f32. */
export function readVec3f32(r: ByteReader, field: string): Vec3 {
  const x = r.finite32(field);
  const y = r.finite32(field);
  const z = r.finite32(field);
  return { x, y, z };
}

/** Reads four finite f32. */
export function readQuat(r: ByteReader, field: string): Quat {
  const x = r.finite32(field);
  const y = r.finite32(field);
  const z = r.finite32(field);
  const w = r.finite32(field);
  return { x, y, z, w };
}

/** Reads a byte that must be one of `allowed` (a wire enum). */
export function readEnum<T extends number>(r: ByteReader, field: string, allowed: readonly T[]): T {
  const at = r.pos;
  const v = r.u8();
  if (r.error === undefined && !allowed.includes(v as T)) r.invalid(at, field, `unknown value ${v}`);
  return v as T;
}

/** Reads a u32 player handle, which is never 0. */
export function readHandle(r: ByteReader, field = 'handle'): number {
  const at = r.pos;
  const v = r.u32();
  if (r.error === undefined && v === 0) r.invalid(at, field, 'player handles start at 1');
  return v;
}
