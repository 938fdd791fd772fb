// The versioned region map: which server owns which bounds, written by one fenced decider
// at a time (a split or a merge is one new version) and applied by every node alike. A
// server the map does not name keeps the region it registered; a named server owns exactly
// what the map says, whatever it registered, so the map, not registration order, owns the
// bounds while they change.
import * as E from 'fp-ts/lib/Either.js';
import { validateBounds, type RegionBounds } from './bounds';
import { ClusterErrors, type ClusterError } from './errors';
import type { GameServerInfo } from './server';

/** One version of the map. Version 0 is "no map yet": every server owns what it registered. */
export interface RegionMapRecord {
  /** Grows by one with every change; every node applies versions in order and ignores older ones. */
  readonly version: number;
  /** Server id -> the bounds it owns (null: it owns nothing, e.g. absorbed by a merge and draining). */
  readonly regions: Readonly<Record<string, RegionBounds | null>>;
  /**
   * Server name -> bounds set aside for a server being provisioned: it may register there
   * although its bounds overlap their current owner's, and owns nothing until a later version
   * assigns them to it by id.
   */
  readonly reserved: Readonly<Record<string, RegionBounds>>;
}

/** What a change writes (the store stamps the version). */
export type RegionMapChange = Omit<RegionMapRecord, 'version'>;

/** The map before anyone wrote one. */
export const EMPTY_REGION_MAP: RegionMapRecord = { version: 0, regions: {}, reserved: {} };

/** The bounds `server` owns under `map`: the map's word for servers it names, the registration's otherwise. */
export function mappedRegion(server: Pick<GameServerInfo, 'id' | 'name' | 'region'>, map: RegionMapRecord): RegionBounds | null {
  if (Object.hasOwn(map.regions, server.id)) return map.regions[server.id] ?? null;
  if (Object.hasOwn(map.reserved, server.name)) return null;
  return server.region;
}

/** Whether the map decides `server`'s bounds (then registration does not check them for overlap). */
export function mapNames(server: Pick<GameServerInfo, 'id' | 'name'>, map: RegionMapRecord): boolean {
  return Object.hasOwn(map.regions, server.id) || Object.hasOwn(map.reserved, server.name);
}

/** The registry as the map cuts it: each server with the region it owns under `map`. */
export function applyRegionMap(servers: readonly GameServerInfo[], map: RegionMapRecord): readonly GameServerInfo[] {
  if (map.version === 0) return servers;
  return servers.map((s) => {
    const region = mappedRegion(s, map);
    return region === s.region ? s : { ...s, region };
  });
}

/** Checks a change's bounds (finite, min <= max) and copies them. */
export function validateRegionMapChange(change: RegionMapChange): E.Either<ClusterError, RegionMapChange> {
  const regions: Record<string, RegionBounds | null> = {};
  for (const [id, bounds] of Object.entries(change.regions)) {
    if (id === '') return E.left(ClusterErrors.invalid('region map: empty server id'));
    if (bounds === null) {
      regions[id] = null;
      continue;
    }
    const valid = validateBounds(bounds);
    if (E.isLeft(valid)) return valid;
    regions[id] = valid.right;
  }
  const reserved: Record<string, RegionBounds> = {};
  for (const [name, bounds] of Object.entries(change.reserved)) {
    if (name === '') return E.left(ClusterErrors.invalid('region map: empty server name'));
    const valid = validateBounds(bounds);
    if (E.isLeft(valid)) return valid;
    reserved[name] = valid.right;
  }
  return E.right({ regions, reserved });
}
