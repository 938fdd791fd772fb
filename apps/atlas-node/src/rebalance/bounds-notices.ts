// Which game servers must be told their new bounds (link v2 RegionBounds) when the region
// map moves. Every node tells the servers it links to, so each server hears each version
// once per node; the SDK keeps the newest and ignores the rest.
import { mappedRegion, mapNames, type GameServerInfo, type RegionBounds as Bounds, type RegionMapRecord } from '@atlas/cluster';
import type { RegionBounds } from '@atlas/protocol';

/** One notice for one server. */
export interface BoundsNotice {
  readonly serverId: string;
  readonly message: RegionBounds;
}

function sameBounds(a: Bounds | null, b: Bounds | null): boolean {
  if (a === null || b === null) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What `server` owns under `map`, as a RegionBounds; undefined when the map does not name it or it owns nothing. */
export function boundsNotice(map: RegionMapRecord, server: GameServerInfo): BoundsNotice | undefined {
  if (!mapNames(server, map)) return undefined;
  const region = mappedRegion(server, map);
  if (region === null) return undefined;
  return { serverId: server.id, message: { type: 'RegionBounds', mapVersion: map.version, min: region.min, max: region.max } };
}

/** The notices a move from `previous` to `next` calls for: every server whose owned bounds changed (to something). */
export function boundsNotices(previous: RegionMapRecord, next: RegionMapRecord, servers: readonly GameServerInfo[]): BoundsNotice[] {
  const out: BoundsNotice[] = [];
  for (const s of servers) {
    if (sameBounds(mappedRegion(s, previous), mappedRegion(s, next))) continue;
    const notice = boundsNotice(next, s);
    if (notice !== undefined) out.push(notice);
  }
  return out;
}
