import * as E from 'fp-ts/lib/Either.js';
import { boundsOf, type Bounds } from '../geometry/bounds';

/**
 * Bounds from six numbers (min x, y, z then max x, y, z) for this package's specs, whose
 * fixtures are valid by construction: a mistake in one throws rather than being tested.
 */
export function box(minX: number, minY: number, minZ: number, maxX: number, maxY: number, maxZ: number): Bounds {
  const b = boundsOf(minX, minY, minZ, maxX, maxY, maxZ);
  if (E.isLeft(b)) throw new Error(b.left.message);
  return b.right;
}
