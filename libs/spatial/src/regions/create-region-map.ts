import { checkDistanceLimit, invalidOption, type SpatialError } from '../errors';
import { err, ok, type Result } from '../result';
import type { RegionInput, RegionMetadata } from './region';
import { RegionMap, type RegionMapOptions } from './region-map';

/** Creates a region map after validating its options (and, optionally, its first regions, atomically). */
export function createRegionMap<M = RegionMetadata>(
  options: RegionMapOptions = {},
  regions: readonly RegionInput<M>[] = [],
): Result<RegionMap<M>, SpatialError> {
  if (options.gap !== undefined && options.gap !== 'unowned' && options.gap !== 'nearest') {
    return err(invalidOption('gap', options.gap, "'unowned' or 'nearest'"));
  }
  if (options.maxNearestDistance !== undefined) {
    const problem = checkDistanceLimit('maxNearestDistance', options.maxNearestDistance);
    if (problem) return err(problem);
  }
  const map = new RegionMap<M>(options);
  const added = map.addAll(regions);
  if (!added.ok) return added;
  map.compact();
  return ok(map);
}
