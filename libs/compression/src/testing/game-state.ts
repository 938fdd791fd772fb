// Generated game-state snapshots for tests and benchmarks: a small header and fixed-size
// entity records with the redundancy real worlds have (sequential ids, few kinds, idle
// entities with zero velocity, full health, positions clustered around hot spots).

import { seededRandom } from '@atlas/common';

/** Bytes of the snapshot header: u32 tick, u32 entity count. */
export const SNAPSHOT_HEADER_BYTES = 8;

/**
 * Bytes of one entity record, little-endian: u32 id, u16 kind, u16 flags, f32 x, f32 y,
 * f32 z, i16 vx, i16 vy, i16 vz, u16 yaw, u16 health, u8 team, u8 state.
 */
export const ENTITY_RECORD_BYTES = 32;

// Bound once: global lookups are slow inside vm contexts such as Jest's.
const { floor, round, max } = Math;

function writeEntity(view: DataView, at: number, id: number, random: () => number): void {
  const hotSpot = floor(random() * 4);
  const idle = random() < 0.6;
  view.setUint32(at, id, true);
  view.setUint16(at + 4, floor(random() * 6), true);
  view.setUint16(at + 6, random() < 0.8 ? 0 : 1 << floor(random() * 4), true);
  view.setFloat32(at + 8, 128 + hotSpot * 256 + (random() - 0.5) * 120, true);
  view.setFloat32(at + 12, 512 + hotSpot * 64 + (random() - 0.5) * 120, true);
  view.setFloat32(at + 16, random() < 0.7 ? 0 : round(random() * 40), true);
  view.setInt16(at + 20, idle ? 0 : round((random() - 0.5) * 800), true);
  view.setInt16(at + 22, idle ? 0 : round((random() - 0.5) * 800), true);
  view.setInt16(at + 24, 0, true);
  view.setUint16(at + 26, floor(random() * 65536), true);
  view.setUint16(at + 28, random() < 0.75 ? 100 : floor(random() * 100), true);
  view.setUint8(at + 30, floor(random() * 4));
  view.setUint8(at + 31, idle ? 0 : 1 + floor(random() * 3));
}

/** A snapshot of `entityCount` entities at `tick`, the same for the same seed. */
export function generateSnapshot(entityCount: number, seed = 1, tick = 1): Uint8Array {
  const random = seededRandom(seed);
  const bytes = new Uint8Array(SNAPSHOT_HEADER_BYTES + entityCount * ENTITY_RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, tick, true);
  view.setUint32(4, entityCount, true);
  let id = 10_000;
  for (let e = 0; e < entityCount; e++) {
    id += random() < 0.9 ? 1 : 2 + floor(random() * 5);
    writeEntity(view, SNAPSHOT_HEADER_BYTES + e * ENTITY_RECORD_BYTES, id, random);
  }
  return bytes;
}

/** The largest snapshot of whole entities that fits in `bytes`. */
export function snapshotOfSize(bytes: number, seed = 1): Uint8Array {
  return generateSnapshot(max(0, floor((bytes - SNAPSHOT_HEADER_BYTES) / ENTITY_RECORD_BYTES)), seed);
}

/** Number of entities in a snapshot made by this module. */
export function entityCountOf(snapshot: Uint8Array): number {
  return floor((snapshot.length - SNAPSHOT_HEADER_BYTES) / ENTITY_RECORD_BYTES);
}

/**
 * The next tick of `snapshot`: `fraction` of the entities (chosen at random) moved, with new
 * velocity, heading and sometimes health; everything else unchanged.
 */
export function advanceSnapshot(snapshot: Uint8Array, fraction: number, seed = 2): Uint8Array {
  const random = seededRandom(seed);
  const next = snapshot.slice();
  const view = new DataView(next.buffer);
  view.setUint32(0, view.getUint32(0, true) + 1, true);
  const count = entityCountOf(next);
  const changed = round(count * fraction);
  const order = Array.from({ length: count }, (_, e) => e);
  for (let k = 0; k < changed; k++) {
    const pick = k + floor(random() * (count - k));
    const e = order[pick] as number;
    order[pick] = order[k] as number;
    const at = SNAPSHOT_HEADER_BYTES + e * ENTITY_RECORD_BYTES;
    view.setFloat32(at + 8, view.getFloat32(at + 8, true) + (random() - 0.5) * 4, true);
    view.setFloat32(at + 12, view.getFloat32(at + 12, true) + (random() - 0.5) * 4, true);
    view.setInt16(at + 20, round((random() - 0.5) * 800), true);
    view.setInt16(at + 22, round((random() - 0.5) * 800), true);
    view.setUint16(at + 26, floor(random() * 65536), true);
    if (random() < 0.2) view.setUint16(at + 28, floor(random() * 100), true);
    view.setUint8(at + 31, 1 + floor(random() * 3));
  }
  return next;
}

/** `snapshot` with the entity records at `indices` removed (later records shift down). */
export function removeEntities(snapshot: Uint8Array, indices: readonly number[]): Uint8Array {
  const drop = new Set(indices);
  const count = entityCountOf(snapshot);
  const kept = Array.from({ length: count }, (_, e) => e).filter((e) => !drop.has(e));
  const next = new Uint8Array(SNAPSHOT_HEADER_BYTES + kept.length * ENTITY_RECORD_BYTES);
  next.set(snapshot.subarray(0, SNAPSHOT_HEADER_BYTES));
  new DataView(next.buffer).setUint32(4, kept.length, true);
  kept.forEach((e, k) => {
    const from = SNAPSHOT_HEADER_BYTES + e * ENTITY_RECORD_BYTES;
    next.set(snapshot.subarray(from, from + ENTITY_RECORD_BYTES), SNAPSHOT_HEADER_BYTES + k * ENTITY_RECORD_BYTES);
  });
  return next;
}

/** `snapshot` with `count` new entities inserted before record `at` (later records shift up). */
export function insertEntities(snapshot: Uint8Array, at: number, count: number, seed = 3): Uint8Array {
  const random = seededRandom(seed);
  const split = SNAPSHOT_HEADER_BYTES + at * ENTITY_RECORD_BYTES;
  const next = new Uint8Array(snapshot.length + count * ENTITY_RECORD_BYTES);
  next.set(snapshot.subarray(0, split));
  const view = new DataView(next.buffer);
  for (let k = 0; k < count; k++) writeEntity(view, split + k * ENTITY_RECORD_BYTES, 900_000 + k, random);
  next.set(snapshot.subarray(split), split + count * ENTITY_RECORD_BYTES);
  view.setUint32(4, entityCountOf(next), true);
  return next;
}
