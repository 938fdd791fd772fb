// Interest management: player moves/s through the spatial hash, and radius queries/s with
// 10,000 players, each against the simplest alternative measured in the same run.
import { seededRandom } from '@atlas/common';
import * as E from 'fp-ts/lib/Either.js';
import { createInterestGrid, type InterestGrid, type Vector3 } from '../src/index';
import { compare, machine, rate, RUNS, table } from './harness';

const SIZE = 4_000;
const random = seededRandom(7);

function grid(cellSize: number): InterestGrid<number> {
  const created = createInterestGrid<number>({ cellSize, initialCapacity: 100_000 });
  if (E.isLeft(created)) throw new Error(created.left.message);
  return created.right;
}

interface Walkers {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly vx: Float64Array;
  readonly vy: Float64Array;
}

function walkers(n: number): Walkers {
  const w = { x: new Float64Array(n), y: new Float64Array(n), vx: new Float64Array(n), vy: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    w.x[i] = random() * SIZE;
    w.y[i] = random() * SIZE;
    // Up to 10 units per move: a sprinting player at 20 moves/s.
    w.vx[i] = random() * 20 - 10;
    w.vy[i] = random() * 20 - 10;
  }
  return w;
}

/** Advances player i one step, bouncing off the world's walls, into `out`. */
function step(w: Walkers, i: number, out: Vector3): Vector3 {
  let x = (w.x[i] as number) + (w.vx[i] as number);
  let y = (w.y[i] as number) + (w.vy[i] as number);
  if (x < 0 || x >= SIZE) {
    w.vx[i] = -(w.vx[i] as number);
    x = Math.min(Math.max(x, 0), SIZE - 1);
  }
  if (y < 0 || y >= SIZE) {
    w.vy[i] = -(w.vy[i] as number);
    y = Math.min(Math.max(y, 0), SIZE - 1);
  }
  w.x[i] = x;
  w.y[i] = y;
  out.x = x;
  out.y = y;
  out.z = 0;
  return out;
}

const moveRows: string[][] = [];
for (const players of [10_000, 100_000]) {
  const w = walkers(players);
  const g = grid(64);
  const scratch: Vector3 = { x: 0, y: 0, z: 0 };
  for (let i = 0; i < players; i++) g.insert(i, { x: w.x[i] as number, y: w.y[i] as number, z: 0 });
  // Baseline: just storing the new position in a Map, the cost of "no index at all".
  const plain = new Map<number, Vector3>();
  for (let i = 0; i < players; i++) plain.set(i, { x: w.x[i] as number, y: w.y[i] as number, z: 0 });
  let cursor = 0;
  const BATCH = 8192;
  const [indexed, stored] = compare([
    {
      ops: BATCH,
      batch: () => {
        for (let k = 0; k < BATCH; k++) {
          const i = cursor++ % players;
          g.move(i, step(w, i, scratch));
        }
      },
    },
    {
      ops: BATCH,
      batch: () => {
        for (let k = 0; k < BATCH; k++) {
          const i = cursor++ % players;
          const p = plain.get(i) as Vector3;
          step(w, i, p);
        }
      },
    },
  ]) as [number, number];
  moveRows.push([players.toLocaleString('en-US'), rate(indexed), rate(stored), `${(indexed / 1e6).toFixed(2)}x the 1 M/s target`]);
}

const queryRows: string[][] = [];
{
  const players = 10_000;
  const w = walkers(players);
  const xs = w.x;
  const ys = w.y;
  const QUERIES = 1024;
  /** Baseline: test every player. */
  const brute = (c: Vector3, r: number, into: number[]): number => {
    into.length = 0;
    const r2 = r * r;
    for (let i = 0; i < players; i++) {
      const dx = (xs[i] as number) - c.x;
      const dy = (ys[i] as number) - c.y;
      if (dx * dx + dy * dy <= r2) into.push(i);
    }
    return into.length;
  };
  const centres: Vector3[] = Array.from({ length: QUERIES }, () => ({ x: random() * SIZE, y: random() * SIZE, z: 0 }));
  for (const [radius, cellSize] of [[50, 64], [100, 64], [200, 128]] as const) {
    const g = grid(cellSize);
    for (let i = 0; i < players; i++) g.insert(i, { x: xs[i] as number, y: ys[i] as number, z: 0 });
    const out: number[] = [];
    let hits = 0;
    for (const c of centres.slice(0, 50)) {
      g.queryRadius(c, radius, out);
      const a = [...out].sort((p, q) => p - q).join();
      brute(c, radius, out);
      if (a !== [...out].sort((p, q) => p - q).join()) throw new Error('grid and scan disagree');
    }
    let q = 0;
    const [indexed, scan] = compare([
      {
        ops: 256,
        batch: () => {
          for (let k = 0; k < 256; k++) {
            const r = g.queryRadius(centres[q++ % QUERIES] as Vector3, radius, out);
            if (E.isRight(r)) hits += r.right;
          }
        },
      },
      {
        ops: 16,
        batch: () => {
          for (let k = 0; k < 16; k++) hits += brute(centres[q++ % QUERIES] as Vector3, radius, out);
        },
      },
    ]) as [number, number];
    const mean = (Math.PI * radius * radius * players) / (SIZE * SIZE);
    queryRows.push([`${radius}`, `${cellSize}`, `~${mean.toFixed(0)}`, rate(indexed), rate(scan), `${(indexed / scan).toFixed(0)}x`]);
    if (hits < 0) console.log(hits);
  }
}

console.log(`Player moves/s through InterestGrid.move (median of ${RUNS}; ${machine()}), ${SIZE} x ${SIZE} world, cell 64, steps up to 10 units:\n`);
console.log(table(['players', 'InterestGrid.move', 'Map.set only (no index)', 'vs target'], moveRows));
console.log(`\nRadius queries/s with 10,000 players (median of ${RUNS}), results written into a reused array:\n`);
console.log(table(['radius', 'cell size', 'players found', 'InterestGrid.queryRadius', 'scan of all players', 'speed-up'], queryRows));
