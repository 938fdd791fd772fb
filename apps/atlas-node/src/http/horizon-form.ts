/**
 * Registrations in Horizon's own form: what an unmodified Horizon game server sends
 * (Far-Beyond-Dev/Horizon `crates/game_server/src/atlas_client.rs` `from_config`: its bind
 * address without a scheme, e.g. `0.0.0.0:8081`, and `bounds` as the X half-extent around
 * `center`). Such a server has no Atlas link and sends no credentials; see docs/horizon.md.
 */
import { ServerKind, type RegionBounds } from '@atlas/cluster';
import { parseCidrs, type GameServersConfig } from '@atlas/config';
import { BlockList } from 'node:net';
import type { RegisterBody } from './codecs';
import type { ServerCommand } from './deps';

/** Z half-extent standing for "every Z" (a column), finite so every box stays comparable. */
export const HORIZON_COLUMN_Z = 1e9;

/** Horizon's form: a numeric half-extent and an address with no scheme (`host:port`). */
export function isHorizonForm(body: Pick<RegisterBody, 'bounds' | 'address'>): boolean {
  return typeof body.bounds === 'number' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(body.address);
}

/**
 * Horizon sends the centre of its `[server.region]` box and only the X half-extent
 * (`(max_x - min_x) / 2`). Atlas takes X and Y as centre +- that half-extent (Horizon's
 * default region is square in X and Y) and Z as centre +- `zHalfExtent`, or every Z when
 * it is 0: a cube would overlap a Z-stacked neighbour (Horizon's default Z extent is a
 * tenth of X), and the real Z extent is not sent.
 */
export function horizonRegion(center: { x: number; y: number; z: number }, halfExtent: number, zHalfExtent: number): RegionBounds {
  const h = halfExtent;
  const hz = zHalfExtent > 0 ? zHalfExtent : HORIZON_COLUMN_Z;
  return { min: { x: center.x - h, y: center.y - h, z: center.z - hz }, max: { x: center.x + h, y: center.y + h, z: center.z + hz } };
}

/** The upstream kind a Horizon-form registration gets (config `game_servers.horizon_upstream`). */
export function horizonKind(config: GameServersConfig): ServerKind {
  return config.horizon_upstream === 'atlas' ? ServerKind.Atlas : ServerKind.Horizon;
}

let cached: { text: string; list: BlockList } | undefined;

/** Whether `peer` (normalised) is inside `game_servers.horizon_sources`. */
export function fromHorizonSource(peer: string, sources: string): boolean {
  if (cached?.text !== sources) {
    const list = new BlockList();
    for (const cidr of parseCidrs(sources) ?? []) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
    cached = { text: sources, list };
  }
  const family = peer.includes(':') ? 'ipv6' : 'ipv4';
  try {
    return cached.list.check(peer, family);
  } catch {
    return false;
  }
}

const U32_MAX = 2 ** 32 - 1;

/**
 * Commands as Horizon's serde parses them (`#[serde(tag = "type")]`, Horizon-Network-Common
 * 0.2.0 `server.rs` 320-327): only the three variants, `deadline_secs` a u32 (a float or
 * negative fails the whole answer and ends Horizon's heartbeats), `config` always present.
 */
export function parsableCommands(commands: readonly ServerCommand[]): ServerCommand[] {
  const out: ServerCommand[] = [];
  for (const c of commands) {
    if (c.type === 'PrepareShutdown') out.push({ type: c.type, deadline_secs: Math.min(U32_MAX, Math.max(0, Math.ceil(Number.isFinite(c.deadline_secs) ? c.deadline_secs : 0))) });
    else if (c.type === 'ConfigUpdate') out.push({ type: c.type, config: c.config === undefined ? null : c.config });
    else if (c.type === 'HealthCheck') out.push({ type: c.type });
  }
  return out;
}
