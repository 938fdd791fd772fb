import * as E from 'fp-ts/lib/Either.js';
import { freezeBounds } from '../geometry/bounds';
import { vec3 } from '../geometry/vector';
import { createInterestGrid } from './create-interest-grid';
import type { InterestGrid } from './interest-grid';

function grid(cellSize = 10): InterestGrid<string> {
  const created = createInterestGrid<string>({ cellSize, initialCapacity: 16 });
  if (E.isLeft(created)) throw new Error(created.left.message);
  return created.right;
}

function ids(g: InterestGrid<string>, x: number, y: number, z: number, r: number): string[] {
  const out: string[] = [];
  g.queryRadius(vec3(x, y, z), r, out);
  return out.sort();
}

describe('InterestGrid', () => {
  it('finds players by radius (closed ball)', () => {
    const g = grid();
    g.insert('a', vec3(0, 0, 0));
    g.insert('b', vec3(3, 4, 0));
    g.insert('c', vec3(30, 0, 0));
    expect(ids(g, 0, 0, 0, 5)).toEqual(['a', 'b']);
    expect(ids(g, 0, 0, 0, 4.99)).toEqual(['a']);
    expect(ids(g, 15, 0, 0, 15)).toEqual(['a', 'b', 'c']);
    expect(ids(g, 30, 0, 0, 27.3)).toEqual(['b', 'c']);
  });

  it('finds players by bounds with the half-open ownership rule', () => {
    const g = grid();
    g.insert('lo', vec3(0, 0, 0));
    g.insert('hi', vec3(10, 5, 5));
    const out: string[] = [];
    expect(g.queryBounds(freezeBounds(0, 0, 0, 10, 10, 10), out)).toEqual(E.right(1));
    expect(out).toEqual(['lo']);
  });

  it('moves players between cells and within a cell', () => {
    const g = grid();
    g.insert('p', vec3(1, 1, 1));
    expect(E.isRight(g.move('p', vec3(2, 2, 2)))).toBe(true);
    expect(E.isRight(g.move('p', vec3(55, -3, 7)))).toBe(true);
    expect(ids(g, 1, 1, 1, 5)).toEqual([]);
    expect(ids(g, 55, -3, 7, 0)).toEqual(['p']);
    expect(g.positionOf('p')).toEqual({ x: 55, y: -3, z: 7 });
  });

  it('answers a successful insert or move with one shared value, so moves never allocate', () => {
    const g = grid();
    const inserted = g.insert('p', vec3(1, 1, 1));
    expect(inserted).toEqual(E.right(undefined));
    expect(g.move('p', vec3(1.5, 1, 1))).toBe(inserted);
    expect(g.move('p', vec3(55, -3, 7))).toBe(inserted);
    expect(g.queryRadius(vec3(55, -3, 7), 1, [])).toBe(g.queryRadius(vec3(55, -3, 7), 2, []));
  });

  it('removes players and reuses their slots', () => {
    const g = grid();
    for (let i = 0; i < 100; i++) g.insert(`p${i}`, vec3(i, 0, 0));
    for (let i = 0; i < 100; i += 2) expect(g.remove(`p${i}`)).toBe(true);
    expect(g.remove('p0')).toBe(false);
    expect(g.size).toBe(50);
    for (let i = 0; i < 50; i++) g.insert(`q${i}`, vec3(i, 1, 0));
    expect(g.size).toBe(100);
    expect(ids(g, 0, 0, 0, 1.5)).toEqual(['p1', 'q0', 'q1']);
  });

  it('refuses duplicates, unknown players and non-finite positions, leaving the player where it was', () => {
    const g = grid();
    g.insert('p', vec3(1, 1, 1));
    expect(g.insert('p', vec3(2, 2, 2))).toMatchObject(E.left({ kind: 'duplicate-player', id: 'p' }));
    expect(g.move('nobody', vec3(2, 2, 2))).toMatchObject(E.left({ kind: 'unknown-player' }));
    expect(g.move('p', vec3(NaN, 2, 2))).toMatchObject(E.left({ kind: 'invalid-vector', field: 'position.x' }));
    expect(g.insert('q', vec3(Infinity, 2, 2))).toMatchObject(E.left({ kind: 'invalid-vector' }));
    expect(g.positionOf('p')).toEqual({ x: 1, y: 1, z: 1 });
    expect(g.has('q')).toBe(false);
  });

  it('refuses invalid queries with typed errors', () => {
    const g = grid();
    const out: string[] = [];
    expect(g.queryRadius(vec3(0, NaN, 0), 1, out)).toMatchObject(E.left({ kind: 'invalid-vector' }));
    expect(g.queryRadius(vec3(0, 0, 0), -1, out)).toMatchObject(E.left({ kind: 'invalid-option', option: 'radius' }));
    expect(g.queryBounds({ min: vec3(5, 0, 0), max: vec3(0, 1, 1) }, out)).toMatchObject(E.left({ kind: 'invalid-bounds', problem: 'inverted' }));
  });

  it('refuses invalid options', () => {
    expect(createInterestGrid({ cellSize: 0 })).toMatchObject(E.left({ kind: 'invalid-option', option: 'cellSize' }));
    expect(createInterestGrid({ cellSize: NaN })).toMatchObject(E.left({ option: 'cellSize' }));
    expect(createInterestGrid({ cellSize: 1, initialCapacity: -5 })).toMatchObject(E.left({ option: 'initialCapacity' }));
  });

  it('calls a visitor with ids and coordinates, and set() inserts or moves', () => {
    const g = grid();
    g.set('a', vec3(1, 2, 3));
    g.set('a', vec3(4, 5, 6));
    const seen: [string, number, number, number][] = [];
    expect(g.forEachInRadius(vec3(4, 5, 6), 1, (id, x, y, z) => seen.push([id, x, y, z]))).toEqual(E.right(1));
    expect(seen).toEqual([['a', 4, 5, 6]]);
    const inBox: string[] = [];
    g.forEachInBounds(freezeBounds(0, 0, 0, 10, 10, 10), (id) => inBox.push(id));
    expect(inBox).toEqual(['a']);
  });

  it('handles huge coordinates and queries wider than the populated world', () => {
    const g = grid(1);
    g.insert('far', vec3(1e12, -1e12, 0));
    g.insert('near', vec3(0, 0, 0));
    expect(ids(g, 0, 0, 0, 1e13)).toEqual(['far', 'near']);
    expect(ids(g, 1e12, -1e12, 0, 0.5)).toEqual(['far']);
  });

  it('keeps working through table growth and clear()', () => {
    const g = grid(1);
    for (let i = 0; i < 5000; i++) g.insert(`p${i}`, vec3(i % 100, Math.floor(i / 100), 0));
    for (let i = 0; i < 5000; i++) g.move(`p${i}`, vec3((i * 7) % 100, (i * 13) % 50, 1));
    expect(ids(g, 7, 13, 1, 0).length).toBeGreaterThan(0);
    g.clear();
    expect(g.size).toBe(0);
    expect(ids(g, 7, 13, 1, 100)).toEqual([]);
    g.insert('x', vec3(1, 1, 1));
    expect(ids(g, 1, 1, 1, 0)).toEqual(['x']);
  });
});
