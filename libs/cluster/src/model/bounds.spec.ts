import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { boundsContain, boundsOverlap, validateBounds, type RegionBounds } from './bounds';

const axis = fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 10 })).map(([lo, len]) => [lo, lo + len] as const);
const region: fc.Arbitrary<RegionBounds> = fc
  .tuple(axis, axis, axis)
  .map(([x, y, z]) => ({ min: { x: x[0], y: y[0], z: z[0] }, max: { x: x[1], y: y[1], z: z[1] } }));

const AXES = ['x', 'y', 'z'] as const;

/** One axis of a box as a box that is flat (at 0) on the other two. */
function project(b: RegionBounds, axis: (typeof AXES)[number]): RegionBounds {
  const flat = { x: 0, y: 0, z: 0 };
  return { min: { ...flat, [axis]: b.min[axis] }, max: { ...flat, [axis]: b.max[axis] } };
}

/**
 * Brute force: containment is per axis, so the boxes share a point iff on every axis some
 * sampled coordinate (quarter steps plus the ends) lies in both projections.
 */
function shareAPoint(a: RegionBounds, b: RegionBounds): boolean {
  return AXES.every((axis) => {
    const lo = Math.min(a.min[axis], b.min[axis]);
    const hi = Math.max(a.max[axis], b.max[axis]);
    const pa = project(a, axis);
    const pb = project(b, axis);
    for (let v = lo; v <= hi; v += 0.25) {
      const p = { x: 0, y: 0, z: 0, [axis]: v };
      if (boundsContain(pa, p) && boundsContain(pb, p)) return true;
    }
    return false;
  });
}

describe('region bounds', () => {
  it('overlap is symmetric and agrees with a brute-force search for a shared point', () => {
    fc.assert(
      fc.property(region, region, (a, b) => {
        expect(boundsOverlap(a, b)).toBe(boundsOverlap(b, a));
        // Flat axes compare closed intervals, which point sampling covers through the plane values.
        expect(boundsOverlap(a, b)).toBe(shareAPoint(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('boxes that only touch at a face or corner do not overlap (a tiled world is claimable)', () => {
    const a = { min: { x: 0, y: 0, z: 0 }, max: { x: 10, y: 10, z: 10 } };
    expect(boundsOverlap(a, { min: { x: 10, y: 0, z: 0 }, max: { x: 20, y: 10, z: 10 } })).toBe(false);
    expect(boundsOverlap(a, { min: { x: 10, y: 10, z: 10 }, max: { x: 20, y: 20, z: 20 } })).toBe(false);
    expect(boundsOverlap(a, { min: { x: 9.999, y: 0, z: 0 }, max: { x: 20, y: 10, z: 10 } })).toBe(true);
  });

  it('contain is min-inclusive and max-exclusive', () => {
    const a = { min: { x: 0, y: 0, z: 0 }, max: { x: 10, y: 10, z: 0 } };
    expect(boundsContain(a, { x: 0, y: 0, z: 0 })).toBe(true);
    expect(boundsContain(a, { x: 10, y: 5, z: 0 })).toBe(false);
    expect(boundsContain(a, { x: 5, y: 5, z: 1 })).toBe(false);
  });

  it('refuses inverted and non-finite bounds', () => {
    const ok = { min: { x: 0, y: 0, z: 0 }, max: { x: 1, y: 1, z: 1 } };
    expect(E.isRight(validateBounds(ok))).toBe(true);
    expect(E.isLeft(validateBounds({ ...ok, min: { x: 2, y: 0, z: 0 } }))).toBe(true);
    expect(E.isLeft(validateBounds({ ...ok, max: { x: Number.NaN, y: 1, z: 1 } }))).toBe(true);
  });
});
