import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { arbBounds, arbVector3 } from '../testing/arbitraries';
import {
  bounds,
  boundsCenter,
  boundsContainsBounds,
  boundsEquals,
  boundsOverlap,
  boundsSize,
  boundsUnion,
  boundsVolume,
  closestPointInBounds,
  contactOf,
  containsPoint,
  depthInBounds,
  distanceSqToBounds,
  distanceToBounds,
  unionIsBox,
  validateBounds,
} from './bounds';
import { vec3, vec3Distance } from './vector';
import { box } from '../testing/box';

describe('bounds', () => {
  const unit = box(0, 0, 0, 10, 10, 10);

  it('owns min faces and not max faces (half-open on every axis)', () => {
    expect(containsPoint(unit, vec3(0, 0, 0))).toBe(true);
    expect(containsPoint(unit, vec3(9.999, 9.999, 9.999))).toBe(true);
    expect(containsPoint(unit, vec3(10, 5, 5))).toBe(false);
    expect(containsPoint(unit, vec3(5, 10, 5))).toBe(false);
    expect(containsPoint(unit, vec3(5, 5, 10))).toBe(false);
    expect(containsPoint(unit, vec3(NaN, 5, 5))).toBe(false);
  });

  it('gives a face point of two touching boxes to exactly one of them', () => {
    const right = box(10, 0, 0, 20, 10, 10);
    const p = vec3(10, 5, 5);
    expect([containsPoint(unit, p), containsPoint(right, p)]).toEqual([false, true]);
  });

  it('measures distance to the closed box, zero inside and on the surface', () => {
    expect(distanceToBounds(unit, vec3(5, 5, 5))).toBe(0);
    expect(distanceToBounds(unit, vec3(10, 5, 5))).toBe(0);
    expect(distanceToBounds(unit, vec3(13, 14, 5))).toBe(5);
    expect(distanceSqToBounds(unit, vec3(-3, -4, 0))).toBe(25);
    expect(closestPointInBounds(unit, vec3(13, -4, 5))).toEqual({ x: 10, y: 0, z: 5 });
  });

  it('measures depth inside: positive inside, zero on a face, negative outside', () => {
    expect(depthInBounds(unit, vec3(5, 5, 5))).toBe(5);
    expect(depthInBounds(unit, vec3(1, 5, 5))).toBe(1);
    expect(depthInBounds(unit, vec3(0, 5, 5))).toBe(0);
    expect(depthInBounds(unit, vec3(-2, 5, 5))).toBe(-2);
  });

  it('reports centre, size, volume, equality, containment and union', () => {
    expect(boundsCenter(unit)).toEqual({ x: 5, y: 5, z: 5 });
    expect(boundsSize(box(0, 0, 0, 1, 2, 3))).toEqual({ x: 1, y: 2, z: 3 });
    expect(boundsVolume(box(0, 0, 0, 1, 2, 3))).toBe(6);
    expect(boundsEquals(unit, box(0, 0, 0, 10, 10, 10))).toBe(true);
    expect(boundsContainsBounds(unit, box(1, 1, 1, 10, 10, 10))).toBe(true);
    expect(boundsContainsBounds(unit, box(1, 1, 1, 11, 10, 10))).toBe(false);
    expect(boundsUnion(unit, box(10, 0, 0, 20, 10, 10))).toEqual(box(0, 0, 0, 20, 10, 10));
  });

  it('classifies contact as overlap, face, edge, corner or none', () => {
    expect(contactOf(unit, box(5, 5, 5, 15, 15, 15))).toBe('overlap');
    expect(contactOf(unit, box(10, 0, 0, 20, 10, 10))).toBe('face');
    expect(contactOf(unit, box(10, 10, 0, 20, 20, 10))).toBe('edge');
    expect(contactOf(unit, box(10, 10, 10, 20, 20, 20))).toBe('corner');
    expect(contactOf(unit, box(11, 0, 0, 20, 10, 10))).toBe('none');
    expect(boundsOverlap(unit, box(10, 0, 0, 20, 10, 10))).toBe(false);
    expect(boundsOverlap(unit, box(9, 0, 0, 20, 10, 10))).toBe(true);
  });

  it('knows when a union of two boxes is itself a box', () => {
    expect(unionIsBox(unit, box(10, 0, 0, 20, 10, 10))).toBe(true);
    expect(unionIsBox(unit, box(10, 0, 0, 20, 5, 10))).toBe(false);
    expect(unionIsBox(unit, box(10, 10, 0, 20, 20, 10))).toBe(false);
    expect(unionIsBox(unit, box(11, 0, 0, 20, 10, 10))).toBe(false);
  });

  it('refuses non-finite, inverted and empty bounds with a typed error', () => {
    expect(bounds(vec3(0, 0, 0), vec3(NaN, 1, 1))).toMatchObject(E.left({ kind: 'invalid-vector', field: 'bounds.max.x' }));
    expect(bounds(vec3(0, 0, 0), vec3(1, Infinity, 1))).toMatchObject(E.left({ kind: 'invalid-vector' }));
    expect(bounds(vec3(0, 5, 0), vec3(1, 1, 1))).toMatchObject(E.left({ kind: 'invalid-bounds', problem: 'inverted' }));
    expect(bounds(vec3(0, 0, 1), vec3(1, 1, 1))).toMatchObject(E.left({ kind: 'invalid-bounds', problem: 'empty' }));
    expect(validateBounds('nope')).toMatchObject(E.left({ kind: 'invalid-bounds', problem: 'malformed' }));
  });

  it('copies and freezes validated bounds so later edits of the input change nothing', () => {
    const min = { x: 0, y: 0, z: 0 };
    const b = bounds(min, vec3(1, 1, 1));
    min.x = 5;
    expect(E.isRight(b) && b.right.min.x).toBe(0);
    expect(E.isRight(b) && Object.isFrozen(b.right.min)).toBe(true);
  });

  it('agrees on distance zero with containment for every point', () => {
    fc.assert(
      fc.property(arbBounds(), arbVector3(), (b, p) => {
        if (containsPoint(b, p)) expect(distanceToBounds(b, p)).toBe(0);
        const c = closestPointInBounds(b, p);
        expect(vec3Distance(c, p)).toBeCloseTo(distanceToBounds(b, p), 6);
      }),
    );
  });
});
