import * as E from 'fp-ts/lib/Either.js';
import { checkPositive, type SpatialError } from '../errors';
import { InterestGrid, type InterestGridOptions } from './interest-grid';

/** Creates an interest grid after validating its options. */
export function createInterestGrid<K>(options: InterestGridOptions): E.Either<SpatialError, InterestGrid<K>> {
  const problem =
    checkPositive('cellSize', options?.cellSize) ??
    (options.initialCapacity === undefined ? undefined : checkPositive('initialCapacity', options.initialCapacity));
  if (problem) return E.left(problem);
  return E.right(new InterestGrid<K>(options));
}
