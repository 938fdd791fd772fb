/**
 * The exact JSON bodies Horizon's Atlas client sends, byte for byte as serde_json writes
 * them (struct field order, floats always with a fraction: `0.0`, `1000.0`).
 *
 * Followed: Far-Beyond-Dev/Horizon `crates/game_server/src/atlas_client.rs` (b11774f)
 * lines 80-101 (`ServerRegistration::from_config`) and 166-186 (`heartbeat`); types from
 * Horizon-Network-Common 0.2.0 `src/server.rs` lines 236-255 (`ApiServerRegistration`)
 * and 300-309 (`ApiServerHeartbeat`).
 */

/** Horizon's `[server.region]` (config.toml): an axis-aligned box. */
export interface RegionBox {
  readonly min_x: number;
  readonly max_x: number;
  readonly min_y: number;
  readonly max_y: number;
  readonly min_z: number;
  readonly max_z: number;
}

/** `RegionCoordinate` (i64 grid cell, from HORIZON_REGION_X/Y/Z). */
export interface RegionCoord {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** What `from_config` reads: the bind address, the region box, `max_connections`. */
export interface RegistrationSource {
  readonly bindAddress: string;
  readonly region: RegionBox;
  readonly regionCoord: RegionCoord;
  readonly capacity: number;
  /** `env!("CARGO_PKG_VERSION")` of game_server: "0.1.0" in b11774f. */
  readonly version: string;
}

/** An f64/f32 as serde_json (ryu) prints it: integral values keep `.0`. */
export function rustFloat(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : String(n);
}

/** `POST /api/v1/servers/register` body (`ApiServerRegistration`). */
export function registrationBody(src: RegistrationSource): string {
  const b = src.region;
  // atlas_client.rs:83-88: the centre of all three axes, the half-extent of X alone.
  const center = { x: (b.min_x + b.max_x) / 2, y: (b.min_y + b.max_y) / 2, z: (b.min_z + b.max_z) / 2 };
  const halfExtent = (b.max_x - b.min_x) / 2;
  const c = src.regionCoord;
  return (
    `{"name":${JSON.stringify(`horizon-${c.x}-${c.y}-${c.z}`)},` +
    `"address":${JSON.stringify(src.bindAddress)},` +
    `"region_coord":{"x":${c.x},"y":${c.y},"z":${c.z}},` +
    `"center":{"x":${rustFloat(center.x)},"y":${rustFloat(center.y)},"z":${rustFloat(center.z)}},` +
    `"bounds":${rustFloat(halfExtent)},` +
    `"capacity":${src.capacity},` +
    `"version":${JSON.stringify(src.version)},` +
    `"metadata":{}}`
  );
}

/**
 * `PUT /api/v1/servers/{id}/heartbeat` body (`ApiServerHeartbeat`). Horizon never calls
 * `set_connections` / `increment_connections` (only app.rs uses the client, and only to
 * register), so connections and load are always 0 and accepting is `0 < capacity`.
 */
export function heartbeatBody(serverId: string, capacity: number): string {
  return (
    `{"server_id":${JSON.stringify(serverId)},"current_connections":0,"load":0.0,` +
    `"accepting_connections":${0 < capacity},"avg_tick_ms":0.0,"memory_bytes":0}`
  );
}
