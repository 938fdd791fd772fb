import * as E from 'fp-ts/lib/Either.js';
import {
  checkVec3,
  isFiniteVec3,
  validateVec3,
  vec3,
  vec3Add,
  vec3AddScaled,
  vec3Copy,
  vec3Distance,
  vec3DistanceSq,
  vec3Dot,
  vec3Equals,
  vec3Get,
  vec3Length,
  vec3Lerp,
  vec3Normalize,
  vec3Scale,
  vec3Sub,
} from './vector';

describe('vector operations', () => {
  it('computes sums, differences, scaling and interpolation', () => {
    expect(vec3Add(vec3(1, 2, 3), vec3(4, 5, 6))).toEqual({ x: 5, y: 7, z: 9 });
    expect(vec3Sub(vec3(1, 2, 3), vec3(4, 5, 6))).toEqual({ x: -3, y: -3, z: -3 });
    expect(vec3Scale(vec3(1, -2, 3), 2)).toEqual({ x: 2, y: -4, z: 6 });
    expect(vec3AddScaled(vec3(1, 1, 1), vec3(2, 0, -2), 0.5)).toEqual({ x: 2, y: 1, z: 0 });
    expect(vec3Lerp(vec3(0, 0, 0), vec3(10, 20, 30), 0.25)).toEqual({ x: 2.5, y: 5, z: 7.5 });
    expect(vec3Dot(vec3(1, 2, 3), vec3(4, 5, 6))).toBe(32);
    expect(vec3Length(vec3(3, 4, 12))).toBe(13);
    expect(vec3Distance(vec3(1, 1, 1), vec3(4, 5, 1))).toBe(5);
    expect(vec3DistanceSq(vec3(1, 1, 1), vec3(4, 5, 1))).toBe(25);
    expect(vec3Get(vec3(7, 8, 9), 'y')).toBe(8);
    expect(vec3Equals(vec3(1, 2, 3), vec3Copy(vec3(1, 2, 3)))).toBe(true);
  });

  it('writes into the out parameter instead of allocating', () => {
    const out = vec3();
    const a = vec3(1, 2, 3);
    expect(vec3Add(a, a, out)).toBe(out);
    expect(vec3Sub(a, a, out)).toBe(out);
    expect(vec3Scale(a, 3, out)).toBe(out);
    expect(vec3AddScaled(a, a, 1, out)).toBe(out);
    expect(vec3Normalize(a, out)).toBe(out);
    expect(vec3Length(out)).toBeCloseTo(1, 12);
  });

  it('allows the out parameter to alias an input', () => {
    const a = vec3(1, 2, 3);
    vec3Add(a, vec3(1, 1, 1), a);
    expect(a).toEqual({ x: 2, y: 3, z: 4 });
  });

  it('normalizes the zero vector to zero instead of NaN', () => {
    expect(vec3Normalize(vec3())).toEqual({ x: 0, y: 0, z: 0 });
  });

  it('refuses NaN, infinite and missing coordinates with the field that failed', () => {
    expect(isFiniteVec3(vec3(1, 2, 3))).toBe(true);
    expect(isFiniteVec3(vec3(1, NaN, 3))).toBe(false);
    expect(checkVec3({ x: 1, y: 2, z: Infinity }, 'p')).toMatchObject({ kind: 'invalid-vector', field: 'p.z' });
    expect(checkVec3({ x: 1, y: 2 }, 'p')).toMatchObject({ kind: 'invalid-vector', field: 'p.z' });
    expect(checkVec3(null, 'p')).toMatchObject({ kind: 'invalid-vector', field: 'p' });
    expect(checkVec3({ x: '1', y: 2, z: 3 }, 'p')).toMatchObject({ field: 'p.x' });
    const bad = validateVec3({ x: NaN, y: 0, z: 0 }, 'position');
    expect(E.isLeft(bad)).toBe(true);
    if (E.isLeft(bad)) expect(bad.left.message).toBe('Invalid value NaN supplied to position.x: expected a finite number');
    expect(validateVec3({ x: 1, y: 2, z: 3, extra: true })).toEqual(E.right({ x: 1, y: 2, z: 3 }));
  });
});
