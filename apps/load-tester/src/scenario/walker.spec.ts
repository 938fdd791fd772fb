import fc from 'fast-check';
import { seededRandom } from '@atlas/common';
import { BEHAVIOURS, DEFAULT_PARAMS, behaviourOf, type Behaviour, type World } from './scenario';
import { place, stepWalker } from './walker';

const WORLD: World = { minX: 0, minY: 0, maxX: 1000, maxY: 1000, cols: 2, rows: 2 };

function walk(behaviour: Behaviour, seconds: number, seed = 1): Array<{ x: number; y: number }> {
  const rnd = seededRandom(seed);
  const w = place(behaviour, WORLD, DEFAULT_PARAMS, rnd);
  const path = [{ x: w.x, y: w.y }];
  for (let t = 0; t < seconds * 10; t++) {
    stepWalker(w, 0.1, WORLD, DEFAULT_PARAMS, rnd);
    path.push({ x: w.x, y: w.y });
  }
  return path;
}

describe('walkers', () => {
  it('never leave the world, whatever the behaviour and seed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BEHAVIOURS), fc.integer({ min: 0, max: 0xffffffff }), (b, seed) => {
        for (const p of walk(b, 30, seed)) {
          if (p.x < WORLD.minX || p.x > WORLD.maxX || p.y < WORLD.minY || p.y > WORLD.maxY) return false;
        }
        return true;
      }),
      { numRuns: 50 },
    );
  });

  it('border crossers cross a region border again and again', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const path = walk('border-crossers', 20, seed);
      let crossings = 0;
      for (let i = 1; i < path.length; i++) {
        const a = path[i - 1] as { x: number; y: number };
        const b = path[i] as { x: number; y: number };
        if (a.x < 500 !== b.x < 500 || a.y < 500 !== b.y < 500) crossings++;
      }
      // 80 units/s over a 240-unit swing: a crossing about every 3 s.
      expect(crossings).toBeGreaterThanOrEqual(5);
    }
  });

  it('hotspot players gather around the hotspot', () => {
    const rnd = seededRandom(9);
    const walkers = Array.from({ length: 50 }, () => place('hotspot', WORLD, DEFAULT_PARAMS, rnd));
    for (let t = 0; t < 200; t++) for (const w of walkers) stepWalker(w, 0.1, WORLD, DEFAULT_PARAMS, rnd);
    const near = walkers.filter((w) => Math.hypot(w.x - 500, w.y - 500) < DEFAULT_PARAMS.radius * 2).length;
    expect(near).toBeGreaterThan(45);
  });

  it('idle players stay where they were placed', () => {
    const path = walk('idle', 5);
    expect(new Set(path.map((p) => `${p.x},${p.y}`)).size).toBe(1);
  });
});

describe('behaviour mixes', () => {
  it('follow the weights closely, even for a prefix of the clients', () => {
    const mix = { 'border-crossers': 0.5, hotspot: 0.3, idle: 0.2 };
    for (const n of [100, 1000]) {
      const counts = new Map<string, number>();
      for (let i = 0; i < n; i++) counts.set(behaviourOf(mix, i), (counts.get(behaviourOf(mix, i)) ?? 0) + 1);
      expect(Math.abs((counts.get('border-crossers') ?? 0) / n - 0.5)).toBeLessThan(0.03);
      expect(Math.abs((counts.get('hotspot') ?? 0) / n - 0.3)).toBeLessThan(0.03);
      expect(Math.abs((counts.get('idle') ?? 0) / n - 0.2)).toBeLessThan(0.03);
    }
  });

  it('give every client the one behaviour of a single-behaviour mix', () => {
    for (let i = 0; i < 50; i++) expect(behaviourOf({ hotspot: 1 }, i)).toBe('hotspot');
  });
});
