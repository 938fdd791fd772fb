/**
 * The `/servers` document: every game server in the cluster registry, joined with this
 * node's link state and player counts. Never secrets: link URLs lose userinfo and query
 * string, and only metadata keys on `game_servers.public_metadata_keys` are shown.
 */
import { EMPTY_REGION_MAP, mapNames, mappedRegion, type GameServerInfo, type RegionBounds, type RegionMapRecord } from '@atlas/cluster';
import { publicUrl } from '@atlas/config';
import type { LinkState, NodeSnapshot } from './snapshot';
import { regionCoordOf, REGION_COORD_KEY } from './registration-input';

/** One server as `/servers` shows it. */
export interface ServerView {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly node_id: string;
  readonly status: string;
  /** What the server owns under the region map this node applies (its registered region when the map does not name it). */
  readonly region: RegionBounds | null;
  /** The region map version `region` comes from; 0 when it is the server's own registration. */
  readonly map_version: number;
  readonly region_coord: { x: number; y: number; z: number };
  readonly capacity: number;
  readonly version: string;
  readonly load: {
    readonly connections: number;
    readonly load: number;
    readonly accepting: boolean;
    readonly avg_tick_ms: number;
    readonly memory_bytes: number;
  };
  readonly last_heartbeat: number;
  /** This node's link to the server; null when this node has no link to it. */
  readonly link: LinkState | null;
  /** Players of this node on the server. */
  readonly players: number;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The whole `/servers` document. */
export interface ServersView {
  readonly node: { readonly id: string; readonly state: string; readonly started_at: number; readonly ready: boolean };
  readonly servers: readonly ServerView[];
  /** The region map version this node applies (0: no map yet, registered regions serve). */
  readonly map_version: number;
  /** Players connected to this node. */
  readonly players: number;
  /** True while the cluster store is unreachable: `servers` is this node's last view, not the store's. */
  readonly stale: boolean;
  /** Since when the view is stale (ms since the epoch); null when fresh. */
  readonly stale_since: number | null;
}

/** The allowlist of `game_servers.public_metadata_keys` (comma-separated; Atlas's own keys are never on it). */
export function publicMetadataKeys(list: string): ReadonlySet<string> {
  return new Set(list.split(',').map((k) => k.trim()).filter((k) => k !== '' && k !== REGION_COORD_KEY));
}

function publicMetadata(metadata: Readonly<Record<string, string>>, allowed: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of allowed) {
    const value = metadata[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Joins the registry with the snapshot; servers sorted by name, then id; only `allowed` metadata keys. */
export function serversView(
  registry: readonly GameServerInfo[],
  snapshot: NodeSnapshot,
  ready: boolean,
  allowed: ReadonlySet<string> = new Set(),
  freshness: { readonly stale: boolean; readonly since: number | null } = { stale: false, since: null },
  map: RegionMapRecord = EMPTY_REGION_MAP,
): ServersView {
  const links = new Map(snapshot.links.map((link) => [link.serverId, link]));
  const servers = [...registry]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((s): ServerView => {
      const link = links.get(s.id);
      return {
        id: s.id,
        name: s.name,
        address: publicUrl(s.address),
        node_id: s.nodeId,
        status: s.status,
        region: mappedRegion(s, map),
        map_version: mapNames(s, map) ? map.version : 0,
        region_coord: regionCoordOf(s.metadata),
        capacity: s.capacity,
        version: s.version,
        load: {
          connections: s.load.connections,
          load: s.load.load,
          accepting: s.load.accepting,
          avg_tick_ms: s.load.avgTickMs,
          memory_bytes: s.load.memoryBytes,
        },
        last_heartbeat: s.lastHeartbeat,
        link: link?.state ?? null,
        players: link?.players ?? 0,
        metadata: publicMetadata(s.metadata, allowed),
      };
    });
  return {
    node: { id: snapshot.nodeId, state: snapshot.state, started_at: snapshot.startedAt, ready },
    servers,
    map_version: map.version,
    players: snapshot.playerCount,
    stale: freshness.stale,
    stale_since: freshness.since,
  };
}
