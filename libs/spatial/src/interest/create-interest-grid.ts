import { checkPositive, type SpatialError } from '../errors';
import { err, ok, type Result } from '../result';
import { InterestGrid, type InterestGridOptions } from './interest-grid';

/** Creates an interest grid after validating its options. */
export function createInterestGrid<K>(options: InterestGridOptions): Result<InterestGrid<K>, SpatialError> {
  const problem =
    checkPositive('cellSize', options?.cellSize) ??
    (options.initialCapacity === undefined ? undefined : checkPositive('initialCapacity', options.initialCapacity));
  if (problem) return err(problem);
  return ok(new InterestGrid<K>(options));
}
