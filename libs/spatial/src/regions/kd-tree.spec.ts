import fc from 'fast-check';
import { containsPoint, freezeBounds, type Bounds } from '../geometry/bounds';
import { arbPointIn, arbTiling, arbVector3, DEFAULT_WORLD } from '../testing/arbitraries';
import { KdTree, type KdTuning } from './kd-tree';
import { RegionEntry } from './region-entry';

function entries(tiles: readonly Bounds[]): RegionEntry<unknown>[] {
  return tiles.map((bounds, i) => {
    const e = new RegionEntry({ id: `r${i}`, bounds, owner: 's', metadata: {} });
    e.alive = true;
    return e;
  });
}

const arbTuning: fc.Arbitrary<KdTuning> = fc.record({
  leafSize: fc.integer({ min: 1, max: 8 }),
  cellsPerBox: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 32, noNaN: true })),
});

describe('KdTree', () => {
  it('finds the same owner as a scan with any tuning, jump table or not, dead boxes skipped', () => {
    fc.assert(
      fc.property(arbTiling({ minCuts: 3, maxCuts: 60 }), arbTuning, fc.array(fc.boolean(), { maxLength: 64 }), fc.array(fc.oneof(arbPointIn(DEFAULT_WORLD), arbPointIn(DEFAULT_WORLD, true), arbVector3({ min: -5, max: 70 })), { maxLength: 60 }), (tiles, tuning, dead, points) => {
        const boxes = entries(tiles);
        boxes.forEach((e, i) => (e.alive = !dead[i]));
        const tree = new KdTree(boxes, tuning);
        for (const p of points) {
          const expected = boxes.find((e) => e.alive && containsPoint(e.region.bounds, p));
          expect(tree.findContaining(p.x, p.y, p.z)?.id).toBe(expected?.id);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('handles crowded cells (one huge box beside many tiny ones) through the tree fallback', () => {
    const tiles: Bounds[] = [freezeBounds(0, 0, 0, 1000, 1000, 1)];
    for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) tiles.push(freezeBounds(1000 + i * 0.5, j * 0.5, 0, 1000.5 + i * 0.5, j * 0.5 + 0.5, 1));
    const boxes = entries(tiles);
    const tree = new KdTree(boxes, { leafSize: 2, cellsPerBox: 4 });
    fc.assert(
      fc.property(arbVector3({ min: -1, max: 1030 }), (p) => {
        const q = { ...p, z: 0.5 };
        expect(tree.findContaining(q.x, q.y, q.z)?.id).toBe(boxes.find((e) => containsPoint(e.region.bounds, q))?.id);
      }),
      { numRuns: 500 },
    );
    expect(tree.findContaining(1000.25, 0.25, 0.5)?.id).toBe('r1');
    expect(tree.findContaining(999.99, 999.99, 0.5)?.id).toBe('r0');
    expect(tree.findContaining(NaN, 1, 0.5)).toBeUndefined();
  });
});
