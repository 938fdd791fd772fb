import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from '../model/errors';
import { EMPTY_REGION_MAP, validateRegionMapChange, type RegionMapRecord } from '../model/region-map';
import type { RegionMapStore } from '../store/cluster-store';
import { parseRegionMap } from './codec';
import type { RedisContext } from './redis-registry';
import { LuaScript } from './script';
import { COMMIT_MAP, RESTORE_MAP } from './scripts';

const commitScript = new LuaScript(COMMIT_MAP);
const restoreScript = new LuaScript(RESTORE_MAP);

/** The region map on Redis: one JSON string, committed by a script that checks the fence and the version. */
export function redisRegionMap(ctx: RedisContext): RegionMapStore {
  const { connection, keys } = ctx;
  return {
    get: async () => {
      const reply = await connection.attempt((c) => c.get(keys.regionMap));
      if (E.isLeft(reply)) return reply;
      return reply.right === null ? E.right(EMPTY_REGION_MAP) : parseRegionMap(reply.right, 'region map');
    },
    commit: async (expected, change, fence) => {
      const valid = validateRegionMapChange(change);
      if (E.isLeft(valid)) return valid;
      const text = JSON.stringify({ regions: valid.right.regions, reserved: valid.right.reserved });
      const reply = await connection.attempt((c) =>
        commitScript.run(c, [keys.regionMap, keys.lease(fence.name)], [expected, fence.token, fence.holder, text, keys.channel]),
      );
      if (E.isLeft(reply)) return reply;
      const [outcome, value] = Array.isArray(reply.right) ? reply.right : [];
      if (outcome === 'fenced') return E.left(ClusterErrors.leaseLost(fence.name));
      if (outcome === 'conflict') return E.left(ClusterErrors.mapConflict(expected, Number(value)));
      return parseRegionMap(String(value), 'region map') as E.Either<ClusterError, RegionMapRecord>;
    },
    restore: async (map, fence) => {
      const valid = validateRegionMapChange(map);
      if (E.isLeft(valid)) return valid;
      if (!Number.isInteger(map.version) || map.version < 1) return E.left(ClusterErrors.invalid('region map version must be a positive integer'));
      const record: RegionMapRecord = { version: map.version, ...valid.right };
      const text = JSON.stringify(record);
      const reply = await connection.attempt((c) =>
        restoreScript.run(c, [keys.regionMap, keys.lease(fence.name)], [fence.token, fence.holder, text, map.version, keys.channel]),
      );
      if (E.isLeft(reply)) return reply;
      const [outcome, value] = Array.isArray(reply.right) ? reply.right : [];
      if (outcome === 'fenced') return E.left(ClusterErrors.leaseLost(fence.name));
      if (outcome === 'conflict') return E.left(ClusterErrors.mapConflict(map.version - 1, Number(value)));
      return E.right(record);
    },
  };
}
