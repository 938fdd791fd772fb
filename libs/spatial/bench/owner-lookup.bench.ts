// Owner lookups/s through the region map's k-d tree vs a linear scan (how the original found
// owners), with 10, 1,000 and 100,000 regions; plus transfer decisions/s per player move.
import { seededRandom } from '@atlas/common';
import * as E from 'fp-ts/lib/Either.js';
import { createRegionMap, createTransferDecider, containsPoint, distanceToBounds, type Region, type Vector3 } from '../src/index';
import { freezeBounds } from '../src/geometry/bounds';
import { compare, machine, rate, RUNS, table, tiledWorld } from './harness';

const WORLD = freezeBounds(0, 0, -100, 10_000, 10_000, 100);
const random = seededRandom(42);
const POINTS = 4096;
const points: Vector3[] = Array.from({ length: POINTS }, () => ({ x: random() * 10_000, y: random() * 10_000, z: random() * 200 - 100 }));

/** The baseline: scan every region until one contains the point. */
function linearOwner(regions: readonly Region[], p: Vector3): Region | undefined {
  for (const r of regions) if (containsPoint(r.bounds, p)) return r;
  return undefined;
}

const lookupRows: string[][] = [];
for (const n of [10, 1_000, 100_000]) {
  const tiles = tiledWorld(n, WORLD, random);
  const inputs = tiles.map((bounds, i) => ({ id: `r${i}`, bounds, owner: `s${i % 16}` }));
  const t0 = performance.now();
  const created = createRegionMap({}, inputs);
  const buildMs = performance.now() - t0;
  if (E.isLeft(created)) throw new Error(created.left.message);
  const map = created.right;
  const regions = map.list();
  let sink = 0;
  // Both must agree before we time them.
  for (const p of points) if (map.ownerAt(p) !== linearOwner(regions, p)) throw new Error('index and scan disagree');
  const scanBatch = Math.max(1, Math.min(POINTS, Math.floor(2_000_000 / n)));
  const [indexed, linear] = compare([
    {
      ops: POINTS,
      batch: () => {
        for (let i = 0; i < POINTS; i++) if (map.ownerAt(points[i] as Vector3)) sink++;
      },
    },
    {
      ops: scanBatch,
      batch: () => {
        for (let i = 0; i < scanBatch; i++) if (linearOwner(regions, points[(sink + i) % POINTS] as Vector3)) sink++;
      },
    },
  ]) as [number, number];
  lookupRows.push([n.toLocaleString('en-US'), rate(indexed), rate(linear), `${(indexed / linear).toFixed(1)}x`, `${buildMs.toFixed(0)} ms`]);
  if (sink === -1) console.log(sink);
}

// Transfer decisions: 10,000 players walking through a 1,000-region world, one decision per move.
const decisionRows: string[][] = [];
{
  const tiles = tiledWorld(1_000, WORLD, random);
  const created = createRegionMap({}, tiles.map((bounds, i) => ({ id: `r${i}`, bounds, owner: `s${i % 16}` })));
  if (E.isLeft(created)) throw new Error(created.left.message);
  const map = created.right;
  const regions = map.list();
  const options = { preloadDistance: 50, transferDistance: 10, hysteresis: 5 };
  const made = createTransferDecider(map, options);
  if (E.isLeft(made)) throw new Error(made.left.message);
  const decider = made.right;
  const PLAYERS = 10_000;
  const pos: Vector3[] = Array.from({ length: PLAYERS }, () => ({ x: random() * 10_000, y: random() * 10_000, z: 0 }));
  const vel: Vector3[] = Array.from({ length: PLAYERS }, () => ({ x: random() * 20 - 10, y: random() * 20 - 10, z: 0 }));
  const owner: string[] = pos.map((p) => (map.ownerAt(p) as Region).id);
  let cursor = 0;
  let transfers = 0;
  let preloads = 0;
  const step = (p: Vector3, v: Vector3): void => {
    p.x += v.x * 0.1;
    p.y += v.y * 0.1;
    if (p.x < 0 || p.x >= 10_000) v.x = -v.x;
    if (p.y < 0 || p.y >= 10_000) v.y = -v.y;
    p.x = Math.min(Math.max(p.x, 0), 9_999.999);
    p.y = Math.min(Math.max(p.y, 0), 9_999.999);
  };
  /** The original's approach: linear scans for the owner and for every region within preload distance. */
  const naiveDecide = (p: Vector3, current: string): string => {
    const here = linearOwner(regions, p);
    const near = regions.filter((r) => r.id !== current && distanceToBounds(r.bounds, p) <= options.preloadDistance);
    return here && here.id !== current ? here.id : near.length > 0 ? 'preload' : 'stay';
  };
  const BATCH = 4096;
  const [fast, naive] = compare([
    {
      ops: BATCH,
      batch: () => {
        for (let k = 0; k < BATCH; k++) {
          const i = cursor++ % PLAYERS;
          const p = pos[i] as Vector3;
          const v = vel[i] as Vector3;
          step(p, v);
          const d = decider.decide(p, owner[i], v);
          if (E.isRight(d) && d.right.kind === 'transfer') {
            owner[i] = d.right.region.id;
            transfers++;
          } else if (E.isRight(d) && d.right.kind === 'preload') preloads++;
        }
      },
    },
    {
      ops: 64,
      batch: () => {
        for (let k = 0; k < 64; k++) {
          const i = cursor++ % PLAYERS;
          step(pos[i] as Vector3, vel[i] as Vector3);
          naiveDecide(pos[i] as Vector3, owner[i] as string);
        }
      },
    },
  ]) as [number, number];
  decisionRows.push([
    '1,000 regions, 10,000 walking players',
    rate(fast),
    rate(naive),
    `${(fast / naive).toFixed(0)}x`,
    `${((100 * preloads) / Math.max(1, cursor)).toFixed(1)} % preload, ${transfers} transfers`,
  ]);
}

console.log(`Owner lookups/s (median of ${RUNS}; ${machine()}), random points in a 10,000 x 10,000 x 200 world:\n`);
console.log(table(['regions', 'RegionMap.ownerAt', 'linear scan', 'speed-up', 'build (createRegionMap)'], lookupRows));
console.log(`\nTransfer decisions/s (median of ${RUNS}), preloadDistance 50, transferDistance 10, hysteresis 5:\n`);
console.log(table(['world', 'TransferDecider.decide', 'linear-scan decider', 'speed-up', 'decision mix'], decisionRows));
