import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { containsPoint, distanceToBounds, freezeBounds } from '../geometry/bounds';
import { vec3Distance, type Vector3 } from '../geometry/vector';
import { RegionMap } from '../regions/region-map';
import { arbPointIn, arbTiling, arbVector3, DEFAULT_WORLD, regionsFromBounds, tilingProbes } from '../testing/arbitraries';
import { simulateMoves, type SimulatedMove } from '../testing/oracles';
import { TransferDecider, type TransferOptions } from './transfer-decider';

const arbOptions: fc.Arbitrary<TransferOptions> = fc.record({
  preloadDistance: fc.double({ min: 0, max: 8, noNaN: true }),
  transferDistance: fc.double({ min: 0, max: 6, noNaN: true }),
  hysteresis: fc.double({ min: 0.05, max: 4, noNaN: true }),
  lookahead: fc.double({ min: 0, max: 1, noNaN: true }),
});
const arbVelocity = fc.option(arbVector3({ min: -20, max: 20 }), { nil: undefined });

function mapOf(tiles: Parameters<typeof regionsFromBounds>[0]): RegionMap {
  const map = new RegionMap();
  const added = map.addAll(regionsFromBounds(tiles));
  if (E.isLeft(added)) throw new Error(added.left.message);
  return map;
}

describe('TransferDecider properties', () => {
  it('never ping-pongs: a player oscillating across a border inside the hysteresis band transfers at most once', () => {
    const left = freezeBounds(0, 0, 0, 10, 10, 10);
    const right = freezeBounds(10, 0, 0, 20, 10, 10);
    const map = new RegionMap();
    map.addAll([{ id: 'L', bounds: left, owner: 'a' }, { id: 'R', bounds: right, owner: 'b' }]);
    fc.assert(
      fc.property(
        arbOptions,
        fc.constantFrom('L', 'R'),
        fc.array(fc.record({ offset: fc.double({ min: -0.999, max: 0.999, noNaN: true }), y: fc.double({ min: 0, max: 9.99, noNaN: true }), velocity: arbVelocity }), { maxLength: 200 }),
        (options, start, wiggles) => {
          const d = new TransferDecider(map, options);
          const moves: SimulatedMove[] = wiggles.map((w) => ({ position: { x: 10 + w.offset * options.hysteresis, y: w.y, z: 5 }, velocity: w.velocity }));
          expect(simulateMoves(d, start, moves).transfers.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('needs the player to travel more than the hysteresis between two transfers, on any tiling and any walk', () => {
    let transfersSeen = 0;
    fc.assert(
      fc.property(
        arbTiling({ minCuts: 5, maxCuts: 30 }),
        arbOptions,
        arbPointIn(DEFAULT_WORLD),
        arbVector3({ min: -2, max: 2 }),
        fc.array(fc.record({ step: arbVector3({ min: -3, max: 3 }), velocity: arbVelocity }), { minLength: 40, maxLength: 150 }),
        (tiles, options, origin, drift, steps) => {
          const map = mapOf(tiles);
          const start = map.ownerAt(origin);
          if (!start) return;
          const path: Vector3[] = [];
          let p = origin;
          for (const s of steps) {
            // A drift plus noise: the walk crosses borders, turns back and wanders along them.
            p = { x: clamp(p.x + drift.x + s.step.x, 0, 63.9), y: clamp(p.y + drift.y + s.step.y, 0, 63.9), z: clamp(p.z + drift.z / 4 + s.step.z / 4, 0, 15.9) };
            path.push(p);
          }
          const moves = path.map((position, i) => ({ position, velocity: steps[i]?.velocity }));
          const { transfers } = simulateMoves(new TransferDecider(map, options), start.id, moves);
          transfersSeen += transfers.length;
          for (let t = 1; t < transfers.length; t++) {
            const from = (transfers[t - 1] as [number, string, string])[0];
            const to = (transfers[t] as [number, string, string])[0];
            let travelled = 0;
            for (let i = from + 1; i <= to; i++) travelled += vec3Distance(path[i - 1] as Vector3, path[i] as Vector3);
            expect(travelled).toBeGreaterThan(options.hysteresis);
          }
          // Every transfer goes to the region that owns the position, from far enough outside the old one.
          for (const [i, from, to] of transfers) {
            const at = path[i] as Vector3;
            expect(containsPoint((map.get(to) as { bounds: typeof DEFAULT_WORLD }).bounds, at)).toBe(true);
            expect(distanceToBounds((map.get(from) as { bounds: typeof DEFAULT_WORLD }).bounds, at)).toBeGreaterThan(options.hysteresis);
          }
        },
      ),
      { numRuns: 100 },
    );
    // Guard against a vacuous property: the walks must actually cross borders.
    expect(transfersSeen).toBeGreaterThan(50);
  });

  it('transfers at most once while a player circles any corner or face point of a tiling within half the hysteresis', () => {
    fc.assert(
      fc.property(
        arbTiling({ minCuts: 5, maxCuts: 15 }),
        arbOptions,
        fc.nat(),
        fc.array(fc.tuple(arbVector3({ min: -1, max: 1 }), arbVelocity), { minLength: 1, maxLength: 80 }),
        (tiles, options, pick, jitter) => {
          const map = mapOf(tiles);
          const probes = tilingProbes(tiles).filter((q) => containsPoint(DEFAULT_WORLD, q));
          const centre = probes[pick % probes.length] as Vector3;
          const r = options.hysteresis / 2.01;
          const moves = jitter.map(([j, velocity]) => {
            const len = Math.hypot(j.x, j.y, j.z) || 1;
            const scale = (r * Math.min(1, len)) / len;
            return { position: { x: centre.x + j.x * scale, y: centre.y + j.y * scale, z: centre.z + j.z * scale }, velocity };
          });
          const first = moves[0] as SimulatedMove;
          for (const region of map.list()) {
            if (distanceToBounds(region.bounds, first.position) > 20) continue;
            expect(simulateMoves(new TransferDecider(map, options), region.id, moves).transfers.length).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('preloads exactly the other regions within preloadDistance of the position or its prediction', () => {
    fc.assert(
      fc.property(arbTiling({ minCuts: 5, maxCuts: 20 }), arbOptions, arbPointIn(DEFAULT_WORLD), arbVelocity, (tiles, options, p, v) => {
        const map = mapOf(tiles);
        const current = map.ownerAt(p);
        if (!current) return;
        const decision = new TransferDecider(map, options).decide(p, current.id, v);
        if (E.isLeft(decision) || decision.right.kind === 'transfer') return;
        const t = v ? (options.lookahead ?? 0.5) : 0;
        const f = v ? { x: p.x + v.x * t, y: p.y + v.y * t, z: p.z + v.z * t } : p;
        const expected = map
          .list()
          .filter((r) => r.id !== current.id && Math.min(distanceToBounds(r.bounds, p), distanceToBounds(r.bounds, f)) <= options.preloadDistance)
          .map((r) => r.id)
          .sort();
        const got = decision.right.kind === 'preload' ? decision.right.regions.map((r) => r.id).sort() : [];
        expect(got).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
