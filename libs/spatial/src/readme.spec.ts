import * as E from 'fp-ts/lib/Either.js';
import { createInterestGrid, createRegionMap, createTransferDecider } from './index';

// Keeps the README's five-minute example honest.
describe('README example', () => {
  it('runs as written and hands the player over to east', () => {
    const box = (x0: number, x1: number) => ({ min: { x: x0, y: 0, z: 0 }, max: { x: x1, y: 100, z: 10 } });
    const map = createRegionMap({}, [
      { id: 'west', bounds: box(0, 100), owner: 'game-server-1' },
      { id: 'east', bounds: box(100, 200), owner: 'game-server-2' },
    ]);
    if (E.isLeft(map)) throw new Error(map.left.message);
    const decider = createTransferDecider(map.right, { preloadDistance: 20, transferDistance: 8, hysteresis: 4 });
    if (E.isLeft(decider)) throw new Error(decider.left.message);
    const d = decider.right.decide({ x: 109, y: 50, z: 5 }, 'west');
    expect(d).toMatchObject(E.right({ kind: 'transfer', region: { id: 'east', owner: 'game-server-2' } }));
    expect(decider.right.decide({ x: 85, y: 50, z: 5 }, 'west')).toMatchObject(E.right({ kind: 'preload', regions: [{ id: 'east' }] }));
    const aoi = createInterestGrid<string>({ cellSize: 50 });
    expect(E.isRight(aoi) && E.isRight(aoi.right.insert('alice', { x: 109, y: 50, z: 5 }))).toBe(true);
  });
});
