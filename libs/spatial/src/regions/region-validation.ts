import * as E from 'fp-ts/lib/Either.js';
import type { InvalidRegionError, SpatialError } from '../errors';
import { validateBounds } from '../geometry/bounds';
import type { Region, RegionInput, RegionMetadata } from './region';

function invalidRegion(field: InvalidRegionError['field'], value: unknown, expected: string): InvalidRegionError {
  return { kind: 'invalid-region', field, message: `Invalid value ${String(value)} supplied to region.${field}: expected ${expected}` };
}

/** Validates untrusted region data and returns a frozen region with copied bounds. Internal. */
export function validateRegion<M = RegionMetadata>(input: RegionInput<M>): E.Either<SpatialError, Region<M>> {
  if (typeof input !== 'object' || input === null) return E.left(invalidRegion('region', input, 'an object'));
  if (typeof input.id !== 'string' || input.id.length === 0) return E.left(invalidRegion('id', input.id, 'a non-empty string'));
  if (typeof input.owner !== 'string' || input.owner.length === 0) {
    return E.left(invalidRegion('owner', input.owner, 'a non-empty string'));
  }
  const bounds = validateBounds(input.bounds, `region ${input.id} bounds`);
  if (E.isLeft(bounds)) return bounds;
  const metadata = input.metadata === undefined ? ({} as M) : input.metadata;
  return E.right(Object.freeze({ id: input.id, bounds: bounds.right, owner: input.owner, metadata }));
}
