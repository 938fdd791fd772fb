/**
 * Turns a decoded registration body into what the cluster registry stores: the region
 * box (from Horizon's half-extent or the box form), a dialable link URL, and string
 * metadata (the registry keeps strings; other JSON values are stored as JSON text).
 */
import { ServerKind, validateBounds, type RegionBounds } from '@atlas/cluster';
import type { GameServersConfig } from '@atlas/config';
import * as E from 'fp-ts/lib/Either.js';
import type { RegisterBody } from './codecs';
import { horizonKind, horizonRegion, isHorizonForm } from './horizon-form';
import { urlHost } from './peer';

/** Metadata key under which the region's grid coordinate is kept (`"x,y,z"`). */
export const REGION_COORD_KEY = 'atlas.region_coord';
/** The path a game server's link listener serves when registered as `host:port`. */
export const DEFAULT_LINK_PATH = '/atlas';

/** The registry fields a registration body yields. */
export interface RegistrationInput {
  readonly name: string;
  readonly address: string;
  readonly region: RegionBounds;
  readonly capacity: number;
  readonly version: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** `horizon` for Horizon-form registrations (unless configured `atlas`), else `atlas`. */
  readonly kind: ServerKind;
  /** Horizon-form registrations: `game_servers.horizon_heartbeat_timeout` in ms. */
  readonly heartbeatTimeoutMs?: number;
}

const UNSPECIFIED_HOSTS = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * A `ws://` / `wss://` URL, or `host:port` (Horizon sends its bind address) which
 * becomes `ws://host:port/atlas`. A wildcard host (0.0.0.0, ::) is replaced by the
 * address the registration came from: the server is reachable there.
 */
export function linkAddress(address: string, peer: string, path: string = DEFAULT_LINK_PATH): E.Either<string, string> {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(address);
  if (!hasScheme && !/^[^/?#]+:\d{1,5}$/.test(address)) {
    return E.left(`body.address: expected a ws:// or wss:// URL or host:port, got ${JSON.stringify(address)}`);
  }
  const withScheme = hasScheme ? address : `ws://${address}${path}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return E.left(`body.address: expected a ws:// or wss:// URL or host:port, got ${JSON.stringify(address)}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return E.left(`body.address: expected a ws:// or wss:// URL or host:port, got scheme ${url.protocol}`);
  }
  if (UNSPECIFIED_HOSTS.has(url.hostname)) url.hostname = urlHost(peer);
  return E.right(url.toString());
}

function regionOf(body: RegisterBody, zHalfExtent: number | null): E.Either<string[], RegionBounds> {
  if (typeof body.bounds === 'number') {
    if (body.center === undefined) return E.left(['body.center: missing, expected {x, y, z} (needed when bounds is a half-extent)']);
    const h = body.bounds;
    const c = body.center;
    if (zHalfExtent !== null) return E.right(horizonRegion(c, h, zHalfExtent));
    return E.right({ min: { x: c.x - h, y: c.y - h, z: c.z - h }, max: { x: c.x + h, y: c.y + h, z: c.z + h } });
  }
  const checked = validateBounds(body.bounds);
  return E.isLeft(checked) ? E.left([`body.bounds: ${checked.left.kind === 'invalid' ? checked.left.message : 'invalid'}`]) : E.right(checked.right);
}

function stringMetadata(metadata: Readonly<Record<string, unknown>> | undefined, coord: RegisterBody['region_coord']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  out[REGION_COORD_KEY] = `${coord.x},${coord.y},${coord.z}`;
  return out;
}

/**
 * Every problem at once, or the registry input. A Horizon-form body (see horizon-form.ts)
 * gets Horizon's region rule, its own heartbeat timeout, and, as kind `horizon`, its
 * player endpoint `ws://host:port/` as address instead of an Atlas link URL.
 */
export function registrationInput(body: RegisterBody, peer: string, config: GameServersConfig): E.Either<string[], RegistrationInput> {
  const errors: string[] = [];
  const horizon = isHorizonForm(body);
  const kind = horizon ? horizonKind(config) : ServerKind.Atlas;
  const region = regionOf(body, horizon ? config.horizon_z_half_extent : null);
  if (E.isLeft(region)) errors.push(...region.left);
  const address = body.dials_nodes === true ? dialsNodesAddress(body.address) : linkAddress(body.address, peer, kind === ServerKind.Horizon ? '/' : DEFAULT_LINK_PATH);
  if (E.isLeft(address)) errors.push(address.left);
  if (E.isLeft(region) || E.isLeft(address)) return E.left(errors);
  return E.right({
    name: body.name,
    address: address.right,
    region: region.right,
    capacity: body.capacity,
    // The registry needs a non-empty version; Horizon's defaults to "".
    version: body.version === undefined || body.version === '' ? 'unknown' : body.version,
    metadata: stringMetadata(body.metadata, body.region_coord),
    kind,
    ...(horizon ? { heartbeatTimeoutMs: Math.round(config.horizon_heartbeat_timeout * 1000) } : {}),
  });
}

/** A server that dials the nodes is stored without an address: no node dials it (docs/protocol.md §8). */
function dialsNodesAddress(address: string): E.Either<string, string> {
  return address === '' ? E.right('') : E.left(`body.address: must be "" with dials_nodes (the nodes do not dial a server that dials them), got ${JSON.stringify(address)}`);
}

/** Reads back the `{x, y, z}` grid coordinate stored at registration ({0,0,0} if absent). */
export function regionCoordOf(metadata: Readonly<Record<string, string>>): { x: number; y: number; z: number } {
  const parts = (metadata[REGION_COORD_KEY] ?? '').split(',').map(Number);
  const [x = 0, y = 0, z = 0] = parts.length === 3 && parts.every(Number.isInteger) ? parts : [];
  return { x, y, z };
}

/** Whether two regions touch or overlap (closed boxes meet): neighbours for `adjacent_servers`. */
export function regionsTouch(a: RegionBounds, b: RegionBounds): boolean {
  for (const axis of ['x', 'y', 'z'] as const) {
    if (a.max[axis] < b.min[axis] || b.max[axis] < a.min[axis]) return false;
  }
  return true;
}
