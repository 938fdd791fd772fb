import * as E from 'fp-ts/lib/Either.js';
import { checkDistanceLimit, invalidOption, type SpatialError } from '../errors';
import type { RegionInput, RegionMetadata } from './region';
import { RegionMap, type RegionMapOptions } from './region-map';

/** Creates a region map after validating its options (and, optionally, its first regions, atomically). */
export function createRegionMap<M = RegionMetadata>(
  options: RegionMapOptions = {},
  regions: readonly RegionInput<M>[] = [],
): E.Either<SpatialError, RegionMap<M>> {
  if (options.gap !== undefined && options.gap !== 'unowned' && options.gap !== 'nearest') {
    return E.left(invalidOption('gap', options.gap, "'unowned' or 'nearest'"));
  }
  if (options.maxNearestDistance !== undefined) {
    const problem = checkDistanceLimit('maxNearestDistance', options.maxNearestDistance);
    if (problem) return E.left(problem);
  }
  const map = new RegionMap<M>(options);
  const added = map.addAll(regions);
  if (E.isLeft(added)) return added;
  map.compact();
  return E.right(map);
}
