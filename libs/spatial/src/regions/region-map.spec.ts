import * as E from 'fp-ts/lib/Either.js';
import type { Bounds } from '../geometry/bounds';
import { vec3 } from '../geometry/vector';
import { createRegionMap } from './create-region-map';
import { RegionMap } from './region-map';
import { box } from '../testing/box';

/** A 3 x 3 grid of 10 x 10 x 10 regions named by column and row: a0 .. c2. */
function grid(): RegionMap {
  const map = new RegionMap();
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const added = map.add({ id: `${'abc'[i]}${j}`, bounds: box(i * 10, j * 10, 0, i * 10 + 10, j * 10 + 10, 10), owner: `s${i}` });
      if (E.isLeft(added)) throw new Error(added.left.message);
    }
  }
  return map;
}

describe('RegionMap', () => {
  it('finds the owner of a point and gives shared faces and corners to the higher region', () => {
    const map = grid();
    expect(map.ownerAt(vec3(5, 5, 5))?.id).toBe('a0');
    expect(map.ownerAt(vec3(10, 5, 5))?.id).toBe('b0');
    expect(map.ownerAt(vec3(10, 10, 5))?.id).toBe('b1');
    expect(map.ownerAt(vec3(20, 20, 0))?.id).toBe('c2');
    expect(map.ownerAt(vec3(30, 5, 5))).toBeUndefined();
    expect(map.ownerAt(vec3(NaN, 5, 5))).toBeUndefined();
  });

  it('returns typed lookups: owned, unowned, or nearest when configured', () => {
    const map = grid();
    expect(map.lookup(vec3(5, 5, 5))).toMatchObject(E.right({ kind: 'owned', region: { id: 'a0', owner: 's0' } }));
    expect(map.lookup(vec3(35, 5, 5))).toEqual(E.right({ kind: 'unowned' }));
    expect(map.lookup(vec3(35, 5, 5), 'nearest')).toMatchObject(E.right({ kind: 'nearest', region: { id: 'c0' }, distance: 5 }));
    expect(map.lookup(vec3(Infinity, 5, 5))).toMatchObject(E.left({ kind: 'invalid-vector', field: 'point.x' }));
  });

  it('honours the gap policy and the nearest-distance cap given at creation', () => {
    const created = createRegionMap({ gap: 'nearest', maxNearestDistance: 3 }, [{ id: 'r', bounds: box(0, 0, 0, 10, 10, 10), owner: 's' }]);
    if (E.isLeft(created)) throw new Error(created.left.message);
    expect(created.right.lookup(vec3(12, 5, 5))).toMatchObject(E.right({ kind: 'nearest', distance: 2 }));
    expect(created.right.lookup(vec3(14, 5, 5))).toEqual(E.right({ kind: 'unowned' }));
    expect(created.right.lookup(vec3(14, 5, 5), 'unowned')).toEqual(E.right({ kind: 'unowned' }));
  });

  it('refuses overlapping regions with a typed error naming both, and keeps the map unchanged', () => {
    const map = grid();
    const result = map.add({ id: 'x', bounds: box(5, 5, 5, 12, 12, 12), owner: 's9' });
    expect(result).toMatchObject(E.left({ kind: 'region-overlap', id: 'x', overlaps: 'a0' }));
    expect(map.size).toBe(9);
    expect(map.has('x')).toBe(false);
    expect(map.ownerAt(vec3(11, 11, 5))?.id).toBe('b1');
  });

  it('accepts a region that only touches others', () => {
    const map = grid();
    expect(E.isRight(map.add({ id: 'top', bounds: box(0, 0, 10, 30, 30, 20), owner: 's9' }))).toBe(true);
    expect(map.ownerAt(vec3(15, 15, 10))?.id).toBe('top');
  });

  it('refuses duplicate ids, empty ids and owners, and bad bounds', () => {
    const map = grid();
    expect(map.add({ id: 'a0', bounds: box(100, 0, 0, 110, 10, 10), owner: 's' })).toMatchObject(E.left({ kind: 'duplicate-region' }));
    expect(map.add({ id: '', bounds: box(100, 0, 0, 110, 10, 10), owner: 's' })).toMatchObject(E.left({ kind: 'invalid-region', field: 'id' }));
    expect(map.add({ id: 'q', bounds: box(100, 0, 0, 110, 10, 10), owner: '' })).toMatchObject(E.left({ kind: 'invalid-region', field: 'owner' }));
    const inverted = { min: vec3(10, 0, 0), max: vec3(0, 10, 10) };
    expect(map.add({ id: 'q', bounds: inverted, owner: 's' })).toMatchObject(E.left({ kind: 'invalid-bounds', problem: 'inverted' }));
    const nan = { min: vec3(NaN, 0, 0), max: vec3(200, 10, 10) };
    expect(map.add({ id: 'q', bounds: nan, owner: 's' })).toMatchObject(E.left({ kind: 'invalid-vector' }));
    expect(map.size).toBe(9);
  });

  it('adds many regions atomically', () => {
    const map = grid();
    const result = map.addAll([
      { id: 'n1', bounds: box(30, 0, 0, 40, 10, 10), owner: 's' },
      { id: 'n2', bounds: box(35, 0, 0, 45, 10, 10), owner: 's' },
    ]);
    expect(result).toMatchObject(E.left({ kind: 'region-overlap', id: 'n2', overlaps: 'n1' }));
    expect(map.has('n1')).toBe(false);
    expect(map.ownerAt(vec3(31, 1, 1))).toBeUndefined();
  });

  it('checks large batches in one pass and reports what adding one by one would', () => {
    const row = (from: number, to: number, prefix = 'r'): { id: string; bounds: Bounds; owner: string }[] =>
      Array.from({ length: to - from }, (_, k) => ({ id: `${prefix}${from + k}`, bounds: box(from + k, 0, 0, from + k + 1, 1, 1), owner: 's' }));
    const map = new RegionMap();
    map.add({ id: 'old', bounds: box(-5, 0, 0, -4, 1, 1), owner: 's' });
    const clash = [...row(0, 100)];
    clash[70] = { id: 'r70', bounds: box(10.5, 0, 0, 11.5, 1, 1), owner: 's' };
    expect(map.addAll(clash)).toMatchObject(E.left({ kind: 'region-overlap', id: 'r70', overlaps: 'r10' }));
    const withOld = [...row(0, 100)];
    withOld[80] = { id: 'r80', bounds: box(-4.5, 0, 0, -3.5, 1, 1), owner: 's' };
    expect(map.addAll(withOld)).toMatchObject(E.left({ kind: 'region-overlap', id: 'r80', overlaps: 'old' }));
    const dup = [...row(0, 100), { id: 'r5', bounds: box(500, 0, 0, 501, 1, 1), owner: 's' }];
    expect(map.addAll(dup)).toMatchObject(E.left({ kind: 'duplicate-region', id: 'r5' }));
    expect(map.size).toBe(1);
    expect(E.isRight(map.addAll(row(0, 100)))).toBe(true);
    expect(map.size).toBe(101);
    expect(map.ownerAt(vec3(42.5, 0.5, 0.5))?.id).toBe('r42');
    expect(map.add({ id: 'x', bounds: box(41.5, 0, 0, 42.5, 1, 1), owner: 's' })).toMatchObject(E.left({ overlaps: 'r41' }));
  });

  it('removes regions and leaves a gap', () => {
    const map = grid();
    expect(map.remove('b1')).toMatchObject(E.right({ id: 'b1' }));
    expect(map.ownerAt(vec3(15, 15, 5))).toBeUndefined();
    expect(map.remove('b1')).toMatchObject(E.left({ kind: 'unknown-region', id: 'b1' }));
    expect(E.isRight(map.add({ id: 'b1', bounds: box(10, 10, 0, 20, 20, 10), owner: 'new' }))).toBe(true);
    expect(map.ownerAt(vec3(15, 15, 5))?.owner).toBe('new');
  });

  it('updates owner and metadata in place and bounds with the overlap check', () => {
    const map = grid();
    expect(map.update('a0', { owner: 's7', metadata: { biome: 'desert' } })).toMatchObject(E.right({ owner: 's7' }));
    expect(map.ownerAt(vec3(1, 1, 1))).toMatchObject({ owner: 's7', metadata: { biome: 'desert' } });
    expect(map.update('a0', { bounds: box(0, 0, 0, 11, 10, 10) })).toMatchObject(E.left({ kind: 'region-overlap', overlaps: 'b0' }));
    expect(map.ownerAt(vec3(9, 1, 1))?.id).toBe('a0');
    expect(E.isRight(map.remove('b0'))).toBe(true);
    expect(E.isRight(map.update('a0', { bounds: box(0, 0, 0, 20, 10, 10) }))).toBe(true);
    expect(map.ownerAt(vec3(15, 1, 1))?.id).toBe('a0');
    expect(map.ownerAt(vec3(15, 1, 1))?.owner).toBe('s7');
    expect(map.update('zz', { owner: 'x' })).toMatchObject(E.left({ kind: 'unknown-region' }));
  });

  it('lists neighbours by face, edge or corner contact', () => {
    const map = grid();
    const ids = (contact: 'face' | 'edge' | 'corner'): string[] => {
      const n = map.neighbours('b1', contact);
      return E.isRight(n) ? n.right.map((x) => `${x.region.id}:${x.contact}`) : [];
    };
    expect(ids('face')).toEqual(['a1:face', 'b0:face', 'b2:face', 'c1:face']);
    // In this one-layer grid, diagonal regions share a vertical edge.
    expect(ids('edge')).toEqual(['a0:edge', 'a1:face', 'a2:edge', 'b0:face', 'b2:face', 'c0:edge', 'c1:face', 'c2:edge']);
    expect(map.neighbours('nope')).toMatchObject(E.left({ kind: 'unknown-region' }));
  });

  it('finds corner-only neighbours in 3D', () => {
    const map = new RegionMap();
    map.add({ id: 'a', bounds: box(0, 0, 0, 1, 1, 1), owner: 's' });
    map.add({ id: 'b', bounds: box(1, 1, 1, 2, 2, 2), owner: 's' });
    map.add({ id: 'c', bounds: box(3, 3, 3, 4, 4, 4), owner: 's' });
    expect(map.neighbours('a', 'corner')).toMatchObject(E.right([{ region: { id: 'b' }, contact: 'corner' }]));
    expect(map.neighbours('a', 'edge')).toEqual(E.right([]));
  });

  it('lists regions within a distance, nearest first', () => {
    const map = grid();
    const within = map.within(vec3(9, 5, 5), 1.5);
    expect(E.isRight(within) && within.right.map((r) => [r.region.id, r.distance])).toEqual([['a0', 0], ['b0', 1]]);
    expect(map.within(vec3(9, 5, 5), -1)).toMatchObject(E.left({ kind: 'invalid-option', option: 'distance' }));
    expect(map.nearest(vec3(50, 50, 5))).toMatchObject(E.right({ region: { id: 'c2' } }));
    expect(map.nearest(vec3(50, 50, 5), 1)).toEqual(E.right(undefined));
  });

  it('breaks nearest ties by the smaller id', () => {
    const map = new RegionMap();
    map.add({ id: 'z', bounds: box(0, 0, 0, 1, 1, 1), owner: 's' });
    map.add({ id: 'a', bounds: box(2, 0, 0, 3, 1, 1), owner: 's' });
    expect(map.nearest(vec3(1.5, 0.5, 0.5))).toMatchObject(E.right({ region: { id: 'a' }, distance: 0.5 }));
  });

  it('refuses invalid options', () => {
    expect(createRegionMap({ gap: 'closest' as never })).toMatchObject(E.left({ kind: 'invalid-option', option: 'gap' }));
    expect(createRegionMap({ maxNearestDistance: -1 })).toMatchObject(E.left({ kind: 'invalid-option' }));
    expect(E.isRight(createRegionMap({ maxNearestDistance: Infinity }))).toBe(true);
  });

  it('freezes stored regions so callers cannot corrupt the index', () => {
    const map = grid();
    const region = map.get('a0');
    expect(Object.isFrozen(region)).toBe(true);
    expect(Object.isFrozen(region?.bounds.min)).toBe(true);
  });

  it('survives many inserts, removals and compactions', () => {
    const map = new RegionMap();
    for (let i = 0; i < 500; i++) map.add({ id: `r${i}`, bounds: box(i, 0, 0, i + 1, 1, 1), owner: 's' });
    for (let i = 0; i < 500; i += 2) map.remove(`r${i}`);
    for (let i = 0; i < 2000; i++) map.ownerAt(vec3(i % 500, 0.5, 0.5));
    for (let i = 0; i < 500; i++) expect(map.ownerAt(vec3(i + 0.5, 0.5, 0.5))?.id).toBe(i % 2 === 0 ? undefined : `r${i}`);
    map.compact();
    expect(map.ownerAt(vec3(1.5, 0.5, 0.5))?.id).toBe('r1');
    expect(map.list().length).toBe(250);
    map.clear();
    expect(map.size).toBe(0);
    expect(map.ownerAt(vec3(1.5, 0.5, 0.5))).toBeUndefined();
  });
});
