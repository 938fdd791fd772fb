import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { boundsOverlap, contactOf, containsPoint, distanceSqToBounds, distanceToBounds, freezeBounds, type Bounds } from '../geometry/bounds';
import type { Vector3 } from '../geometry/vector';
import { arbPointIn, arbRegionsWithGaps, arbTiling, arbVector3, DEFAULT_WORLD, regionsFromBounds, tilingProbes } from '../testing/arbitraries';
import { bruteForceOwners } from '../testing/oracles';
import type { RegionInput } from './region';
import { createRegionMap } from './create-region-map';
import { RegionMap } from './region-map';

function mapOf(regions: readonly RegionInput[]): RegionMap {
  const created = createRegionMap({}, regions);
  if (E.isLeft(created)) throw new Error(created.left.message);
  return created.right;
}

const worldPoint = arbPointIn(DEFAULT_WORLD);
const worldIntPoint = arbPointIn(DEFAULT_WORLD, true);

describe('RegionMap properties', () => {
  it('gives every point of a random tiling exactly one owner, faces, edges and corners included', () => {
    fc.assert(
      fc.property(arbTiling(), fc.array(worldPoint, { maxLength: 50 }), (tiles, randomPoints) => {
        const regions = regionsFromBounds(tiles);
        const map = mapOf(regions);
        for (const p of [...tilingProbes(tiles), ...randomPoints]) {
          const owners = bruteForceOwners(regions, p);
          expect(owners.length).toBe(containsPoint(DEFAULT_WORLD, p) ? 1 : 0);
          expect(map.ownerAt(p)?.id).toBe(owners[0]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('agrees with a brute-force scan on random maps with gaps (owner, nearest, within, neighbours)', () => {
    fc.assert(
      fc.property(
        arbRegionsWithGaps(),
        fc.array(fc.oneof(worldPoint, worldIntPoint, arbVector3({ min: -20, max: 90 })), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (regions, points, distance) => {
          const map = mapOf(regions);
          for (const p of points) {
            expect(map.ownerAt(p)?.id).toBe(bruteForceOwners(regions, p)[0]);
            const within = map.within(p, distance);
            const expected = regions.filter((r) => distanceToBounds(r.bounds, p) <= distance).map((r) => r.id).sort();
            expect(E.isRight(within) && within.right.map((r) => r.region.id).sort()).toEqual(expected);
            const nearest = map.nearest(p);
            const best = bruteNearest(regions, p);
            expect(E.isRight(nearest) && nearest.right?.region.id).toBe(best ?? undefined);
          }
          for (const r of regions) {
            const n = map.neighbours(r.id);
            const expected = regions.filter((o) => o.id !== r.id && ['face', 'edge', 'corner'].includes(contactOf(r.bounds, o.bounds))).map((o) => o.id).sort();
            expect(E.isRight(n) && n.right.map((x) => x.region.id)).toEqual(expected);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('adds a large batch exactly as adding one region at a time would (same result, same first error)', () => {
    const small = fc
      .tuple(arbVector3({ min: 0, max: 60, integer: true }), arbVector3({ min: 1, max: 4, integer: true }))
      .map(([o, s]) => freezeBounds(o.x, o.y, o.z, o.x + s.x, o.y + s.y, o.z + s.z));
    fc.assert(
      fc.property(fc.array(small, { minLength: 64, maxLength: 150 }), fc.array(small, { maxLength: 5 }), fc.nat(), (boxes, existing, dupAt) => {
        const inputs = boxes.map((bounds, i) => ({ id: `b${i}`, bounds, owner: 's' }));
        if (dupAt % 3 === 0) inputs.push({ id: `b${dupAt % inputs.length}`, bounds: freezeBounds(500, 0, 0, 501, 1, 1), owner: 's' });
        const bulk = new RegionMap();
        const oneByOne = new RegionMap();
        for (const [i, bounds] of existing.entries()) {
          bulk.add({ id: `e${i}`, bounds, owner: 's' });
          oneByOne.add({ id: `e${i}`, bounds, owner: 's' });
        }
        const before = bulk.size;
        const got = bulk.addAll(inputs);
        let expected: E.Either<unknown, void> = E.right(undefined);
        for (const input of inputs) {
          const r = oneByOne.add(input);
          if (E.isLeft(r)) {
            expected = E.left(r.left);
            break;
          }
        }
        expect(E.isRight(got)).toBe(E.isRight(expected));
        if (E.isLeft(got) && E.isLeft(expected)) expect(got.left).toEqual(expected.left);
        expect(bulk.size).toBe(E.isRight(got) ? before + inputs.length : before);
      }),
      { numRuns: 60 },
    );
  });

  it('stays consistent with a model under random adds, removes, updates and lookups', () => {
    type Command =
      | { op: 'add'; bounds: Bounds }
      | { op: 'remove'; pick: number }
      | { op: 'update'; pick: number; bounds: Bounds }
      | { op: 'lookup'; point: Vector3 };
    // Small boxes in a small world: many fit, many clash, and the index goes through its rebuilds.
    const box = fc
      .tuple(arbVector3({ min: 0, max: 40, integer: true }), arbVector3({ min: 1, max: 6, integer: true }))
      .map(([o, s]) => freezeBounds(o.x, o.y, o.z, o.x + s.x, o.y + s.y, o.z + s.z));
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({ op: fc.constant('add' as const), bounds: box }),
      fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('update' as const), pick: fc.nat(), bounds: box }),
      fc.record({ op: fc.constant('lookup' as const), point: arbVector3({ min: -1, max: 41, integer: true }) }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 400 }), (commands) => {
        const map = new RegionMap();
        let model: { id: string; bounds: Bounds }[] = [];
        let next = 0;
        for (const c of commands) {
          if (c.op === 'add') {
            const id = `r${next++}`;
            const clash = model.some((m) => boundsOverlap(m.bounds, c.bounds));
            const result = map.add({ id, bounds: c.bounds, owner: 's' });
            expect(E.isRight(result)).toBe(!clash);
            if (!clash) model.push({ id, bounds: c.bounds });
          } else if (c.op === 'remove' && model.length > 0) {
            const victim = model[c.pick % model.length] as { id: string };
            expect(E.isRight(map.remove(victim.id))).toBe(true);
            model = model.filter((m) => m !== victim);
          } else if (c.op === 'update' && model.length > 0) {
            const target = model[c.pick % model.length] as { id: string; bounds: Bounds };
            const clash = model.some((m) => m !== target && boundsOverlap(m.bounds, c.bounds));
            expect(E.isRight(map.update(target.id, { bounds: c.bounds }))).toBe(!clash);
            if (!clash) target.bounds = c.bounds;
          } else if (c.op === 'lookup') {
            expect(map.ownerAt(c.point)?.id).toBe(bruteForceOwners(model, c.point)[0]);
          }
        }
        expect(map.size).toBe(model.length);
        for (const m of model) {
          expect(map.ownerAt(m.bounds.min)?.id).toBe(m.id);
        }
      }),
      { numRuns: 80 },
    );
  });
});

function bruteNearest(regions: readonly RegionInput[], p: Vector3): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const r of regions) {
    const d = distanceSqToBounds(r.bounds, p);
    if (d < bestD || (d === bestD && best !== undefined && r.id < best)) {
      best = r.id;
      bestD = d;
    }
  }
  return best;
}
