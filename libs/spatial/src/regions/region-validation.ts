import type { InvalidRegionError, SpatialError } from '../errors';
import { validateBounds } from '../geometry/bounds';
import { err, ok, type Result } from '../result';
import type { Region, RegionInput, RegionMetadata } from './region';

function invalidRegion(field: InvalidRegionError['field'], value: unknown, expected: string): InvalidRegionError {
  return { kind: 'invalid-region', field, message: `Invalid value ${String(value)} supplied to region.${field}: expected ${expected}` };
}

/** Validates untrusted region data and returns a frozen region with copied bounds. Internal. */
export function validateRegion<M = RegionMetadata>(input: RegionInput<M>): Result<Region<M>, SpatialError> {
  if (typeof input !== 'object' || input === null) return err(invalidRegion('region', input, 'an object'));
  if (typeof input.id !== 'string' || input.id.length === 0) return err(invalidRegion('id', input.id, 'a non-empty string'));
  if (typeof input.owner !== 'string' || input.owner.length === 0) {
    return err(invalidRegion('owner', input.owner, 'a non-empty string'));
  }
  const bounds = validateBounds(input.bounds, `region ${input.id} bounds`);
  if (!bounds.ok) return bounds;
  const metadata = input.metadata === undefined ? ({} as M) : input.metadata;
  return ok(Object.freeze({ id: input.id, bounds: bounds.value, owner: input.owner, metadata }));
}
