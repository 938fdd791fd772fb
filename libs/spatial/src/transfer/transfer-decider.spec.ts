import * as E from 'fp-ts/lib/Either.js';
import { vec3 } from '../geometry/vector';
import { RegionMap } from '../regions/region-map';
import { simulateMoves } from '../testing/oracles';
import { createTransferDecider, type TransferDecider, type TransferOptions } from './transfer-decider';
import { box } from '../testing/box';

/** 3 x 3 regions of 10 x 10 (z 0..10), ids a0..c2 by column (x) then row (y). */
function grid(): RegionMap {
  const map = new RegionMap();
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) map.add({ id: `${'abc'[i]}${j}`, bounds: box(i * 10, j * 10, 0, i * 10 + 10, j * 10 + 10, 10), owner: `s${i}${j}` });
  }
  return map;
}

const OPTIONS: TransferOptions = { preloadDistance: 3, transferDistance: 2, hysteresis: 1, lookahead: 0.5 };

function decider(map = grid(), options = OPTIONS): TransferDecider {
  const created = createTransferDecider(map, options);
  if (E.isLeft(created)) throw new Error(created.left.message);
  return created.right;
}

function summary(d: TransferDecider, x: number, y: number, current: string, velocity?: { x: number; y: number; z: number }): string {
  const r = d.decide(vec3(x, y, 5), current, velocity);
  if (E.isLeft(r)) return `error:${r.left.kind}`;
  const v = r.right;
  return v.kind === 'stay' ? 'stay' : v.kind === 'transfer' ? `transfer:${v.region.id}` : `preload:${v.regions.map((x) => x.id).join(',')}`;
}

describe('TransferDecider', () => {
  it('keeps a player deep inside its region without allocating a decision', () => {
    const d = decider();
    const first = d.decide(vec3(5, 5, 5), 'a0');
    expect(first).toEqual(E.right({ kind: 'stay' }));
    expect(d.decide(vec3(4, 4, 4), 'a0')).toBe(first);
  });

  it('preloads a neighbour once the player is within preloadDistance of it', () => {
    const d = decider();
    expect(summary(d, 6.9, 5, 'a0')).toBe('stay');
    expect(summary(d, 7, 5, 'a0')).toBe('preload:b0');
  });

  it('preloads every region meeting at a corner, nearest first', () => {
    expect(summary(decider(), 9, 9, 'a0')).toBe('preload:a1,b0,b1');
  });

  it('hands over only past both the hysteresis band and the transfer line', () => {
    const d = decider();
    expect(summary(d, 10, 5, 'a0')).toBe('preload:b0');
    expect(summary(d, 11, 5, 'a0')).toBe('preload:b0');
    expect(summary(d, 11.5, 5, 'a0')).toBe('preload:b0');
    expect(summary(d, 12, 5, 'a0')).toBe('transfer:b0');
  });

  it('hands over earlier when the velocity carries the player past the transfer line, never inside the hysteresis band', () => {
    const d = decider();
    const east = vec3(2, 0, 0);
    const west = vec3(-2, 0, 0);
    expect(summary(d, 11.5, 5, 'a0', east)).toBe('transfer:b0');
    expect(summary(d, 11.5, 5, 'a0', west)).toBe('preload:b0');
    expect(summary(d, 10.5, 5, 'a0', vec3(100, 0, 0))).toBe('preload:b0');
  });

  it('preloads the region the player is heading for', () => {
    // At x = 5 the border is 5 away, but 8 u/s for 0.5 s predicts x = 9: within 3 of b0.
    expect(summary(decider(), 5, 5, 'a0', vec3(8, 0, 0))).toBe('preload:b0');
  });

  it('transfers to the region that owns a corner point, and only when far enough', () => {
    const d = decider();
    expect(summary(d, 10.5, 10.5, 'a0')).toBe('preload:b1,a1,b0');
    // Outside a0 by 1.2 * sqrt(2) = 1.7: past the band (1), short of the line (2).
    expect(summary(d, 11.2, 11.2, 'a0')).toBe('preload:b1,a1,b0');
    expect(summary(d, 11.2, 11.2, 'a0', vec3(2, 2, 0))).toBe('transfer:b1');
    expect(summary(d, 12, 12, 'a0')).toBe('transfer:b1');
  });

  it('does not transfer around a corner where four regions meet while the player circles inside the band', () => {
    const d = decider();
    const moves = Array.from({ length: 200 }, (_, i) => ({ position: vec3(10 + 0.9 * Math.cos(i / 5), 10 + 0.9 * Math.sin(i / 5), 5) }));
    for (const start of ['a0', 'a1', 'b0', 'b1']) expect(simulateMoves(d, start, moves).transfers).toEqual([]);
  });

  it('walks diagonally through a corner with exactly one transfer, to the far region', () => {
    // Step 26 is at (11.5, 11.5): 1.5 * sqrt(2) = 2.12 outside a0, the first step past the transfer line.
    const moves = Array.from({ length: 41 }, (_, i) => ({ position: vec3(5 + i * 0.25, 5 + i * 0.25, 5) }));
    expect(simulateMoves(decider(), 'a0', moves).transfers).toEqual([[26, 'a0', 'b1']]);
  });

  it('handles a T-junction where three regions meet', () => {
    const map = new RegionMap();
    map.add({ id: 'south', bounds: box(0, 0, 0, 20, 10, 10), owner: 's1' });
    map.add({ id: 'nw', bounds: box(0, 10, 0, 10, 20, 10), owner: 's2' });
    map.add({ id: 'ne', bounds: box(10, 10, 0, 20, 20, 10), owner: 's3' });
    const d = decider(map);
    expect(summary(d, 10, 9, 'south')).toBe('preload:ne,nw');
    expect(map.ownerAt(vec3(10, 10, 5))?.id).toBe('ne');
    const circling = Array.from({ length: 120 }, (_, i) => ({ position: vec3(10 + 0.95 * Math.cos(i / 3), 10 + 0.95 * Math.sin(i / 3), 5) }));
    for (const start of ['south', 'nw', 'ne']) expect(simulateMoves(d, start, circling).transfers).toEqual([]);
    // Walking north along the junction line x = 10 goes to ne (it owns x = 10), once.
    const north = Array.from({ length: 30 }, (_, i) => ({ position: vec3(10, 5 + i * 0.5, 5) }));
    expect(simulateMoves(d, 'south', north).transfers).toEqual([[14, 'south', 'ne']]);
  });

  it('handles a corner where eight regions meet in 3D', () => {
    const map = new RegionMap();
    for (const [i, j, k] of [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [1, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]] as const) {
      map.add({ id: `o${i}${j}${k}`, bounds: box(i * 10, j * 10, k * 10, i * 10 + 10, j * 10 + 10, k * 10 + 10), owner: 's' });
    }
    const d = decider(map);
    const near = d.decide(vec3(9.5, 9.5, 9.5), 'o000');
    expect(E.isRight(near) && near.right.kind === 'preload' && near.right.regions.length).toBe(7);
    const circling = Array.from({ length: 100 }, (_, i) => ({ position: vec3(10 + 0.5 * Math.cos(i), 10 + 0.5 * Math.sin(i), 10 + 0.5 * Math.cos(2 * i)) }));
    expect(simulateMoves(d, 'o000', circling).transfers).toEqual([]);
    expect(summary(d, 12, 12, 'o000')).toBe('transfer:o110');
    expect(d.decide(vec3(12, 12, 12), 'o000')).toMatchObject(E.right({ kind: 'transfer', region: { id: 'o111' } }));
  });

  it('keeps a player in a gap with its current region', () => {
    const map = grid();
    map.remove('b0');
    const d = decider(map);
    expect(summary(d, 15, 5, 'a0')).toBe('stay');
    expect(summary(d, 15, 8, 'a0')).toBe('preload:b1');
  });

  it('gives a player without a current region to the owner of its position at once', () => {
    const d = decider();
    expect(d.decide(vec3(15, 5, 5), undefined)).toMatchObject(E.right({ kind: 'transfer', region: { id: 'b0' } }));
    expect(d.decide(vec3(15, 5, 5), 'gone')).toMatchObject(E.right({ kind: 'transfer', region: { id: 'b0' } }));
    expect(d.decide(vec3(55, 5, 5), 'gone')).toMatchObject(E.left({ kind: 'unknown-region', id: 'gone' }));
    expect(d.decide(vec3(55, 5, 5), undefined)).toEqual(E.right({ kind: 'stay' }));
  });

  it('refuses non-finite positions and velocities with typed errors', () => {
    const d = decider();
    expect(d.decide(vec3(NaN, 5, 5), 'a0')).toMatchObject(E.left({ kind: 'invalid-vector', field: 'position.x' }));
    expect(d.decide(vec3(5, 5, 5), 'a0', vec3(0, Infinity, 0))).toMatchObject(E.left({ kind: 'invalid-vector', field: 'velocity.y' }));
  });

  it('refuses invalid options', () => {
    expect(createTransferDecider(grid(), { ...OPTIONS, hysteresis: -1 })).toMatchObject(E.left({ kind: 'invalid-option', option: 'hysteresis' }));
    expect(createTransferDecider(grid(), { ...OPTIONS, preloadDistance: NaN })).toMatchObject(E.left({ option: 'preloadDistance' }));
    expect(createTransferDecider(grid(), { ...OPTIONS, lookahead: Infinity })).toMatchObject(E.left({ option: 'lookahead' }));
  });
});
