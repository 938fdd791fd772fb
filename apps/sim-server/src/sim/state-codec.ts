// Byte layouts of the sim's game data (little-endian):
//   transfer state: f64 x, f64 y, f64 z, u32 counter            (28 bytes)
//   StateSync data: u16 count, then per nearby player: u32 number, f32 x, f32 y, f32 z;
//   the number's top bit (0x80000000) marks a ghost (a neighbour's player near the border)
import type { Vec3 } from '@atlas/protocol';

/** What a player carries from one sim-server to the next. */
export interface CarriedState {
  readonly position: Vec3;
  /** Messages (moves and actions) the world has processed for this player, across servers. */
  readonly counter: number;
}

const STATE_BYTES = 28;

/** Serialises a player's state for a handover. */
export function encodeCarried(s: CarriedState): Uint8Array {
  const out = new Uint8Array(STATE_BYTES);
  const dv = new DataView(out.buffer);
  dv.setFloat64(0, s.position.x, true);
  dv.setFloat64(8, s.position.y, true);
  dv.setFloat64(16, s.position.z, true);
  dv.setUint32(24, s.counter >>> 0, true);
  return out;
}

/** Reads a handed-over state; undefined when the bytes are not one. */
export function decodeCarried(bytes: Uint8Array): CarriedState | undefined {
  if (bytes.length !== STATE_BYTES) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return { position: { x: dv.getFloat64(0, true), y: dv.getFloat64(8, true), z: dv.getFloat64(16, true) }, counter: dv.getUint32(24, true) };
}

/** One entry of a StateSync. */
export interface NearbyEntry {
  /** The player's number on this server (below 2^31). */
  readonly num: number;
  readonly position: Vec3;
  /** True for a ghost: a player of a neighbouring server, streamed by the node. */
  readonly ghost?: boolean;
}

/** The top bit of an entry's number: the entry is a ghost. */
export const GHOST_BIT = 0x80000000;

/** The StateSync payload listing nearby players. */
export function encodeNearby(entries: readonly NearbyEntry[]): Uint8Array {
  const n = Math.min(entries.length, 0xffff);
  const out = new Uint8Array(2 + n * 16);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, n, true);
  for (let i = 0; i < n; i++) {
    const e = entries[i] as NearbyEntry;
    const o = 2 + i * 16;
    dv.setUint32(o, ((e.num & 0x7fffffff) | (e.ghost === true ? GHOST_BIT : 0)) >>> 0, true);
    dv.setFloat32(o + 4, e.position.x, true);
    dv.setFloat32(o + 8, e.position.y, true);
    dv.setFloat32(o + 12, e.position.z, true);
  }
  return out;
}

/** Reads a StateSync payload (for tests and curious clients). */
export function decodeNearby(bytes: Uint8Array): NearbyEntry[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const n = bytes.length >= 2 ? dv.getUint16(0, true) : 0;
  const out: NearbyEntry[] = [];
  for (let i = 0; i < n && 2 + i * 16 + 16 <= bytes.length; i++) {
    const o = 2 + i * 16;
    const word = dv.getUint32(o, true);
    const position = { x: dv.getFloat32(o + 4, true), y: dv.getFloat32(o + 8, true), z: dv.getFloat32(o + 12, true) };
    out.push(word >= GHOST_BIT ? { num: word - GHOST_BIT, position, ghost: true } : { num: word, position });
  }
  return out;
}
