import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors } from '../model/errors';
import { validateRegionMapChange, type RegionMapRecord } from '../model/region-map';
import type { LeaseGrant } from '../model/lease';
import type { RegionMapStore } from '../store/cluster-store';
import type { MemoryContext } from './memory-store';

/** The region map on the in-memory backend: the same fence and version checks as the Redis script. */
export function memoryRegionMap({ backend, run }: MemoryContext): RegionMapStore {
  const fenced = (fence: LeaseGrant): boolean => {
    const lease = backend.leases.get(fence.name);
    return lease !== undefined && lease.expiresAt > backend.now() && lease.holder === fence.holder && lease.token === fence.token;
  };
  return {
    get: () => run(() => E.right(backend.regionMap)),
    commit: (expected, change, fence) =>
      run(() => {
        const valid = validateRegionMapChange(change);
        if (E.isLeft(valid)) return valid;
        if (!fenced(fence)) return E.left(ClusterErrors.leaseLost(fence.name));
        const current = backend.regionMap.version;
        if (current !== expected) return E.left(ClusterErrors.mapConflict(expected, current));
        const map: RegionMapRecord = { version: current + 1, ...valid.right };
        backend.regionMap = map;
        backend.publish({ type: 'map', map });
        return E.right(map);
      }),
    restore: (map, fence) =>
      run(() => {
        const valid = validateRegionMapChange(map);
        if (E.isLeft(valid)) return valid;
        if (!Number.isInteger(map.version) || map.version < 1) return E.left(ClusterErrors.invalid('region map version must be a positive integer'));
        if (!fenced(fence)) return E.left(ClusterErrors.leaseLost(fence.name));
        const current = backend.regionMap.version;
        if (current >= map.version) return E.left(ClusterErrors.mapConflict(map.version - 1, current));
        const restored: RegionMapRecord = { version: map.version, ...valid.right };
        backend.regionMap = restored;
        backend.publish({ type: 'map', map: restored });
        return E.right(restored);
      }),
  };
}
