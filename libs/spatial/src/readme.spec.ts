import { createInterestGrid, createRegionMap, createTransferDecider } from './index';

// Keeps the README's five-minute example honest.
describe('README example', () => {
  it('runs as written and hands the player over to east', () => {
    const box = (x0: number, x1: number) => ({ min: { x: x0, y: 0, z: 0 }, max: { x: x1, y: 100, z: 10 } });
    const map = createRegionMap({}, [
      { id: 'west', bounds: box(0, 100), owner: 'game-server-1' },
      { id: 'east', bounds: box(100, 200), owner: 'game-server-2' },
    ]);
    if (!map.ok) throw new Error(map.error.message);
    const decider = createTransferDecider(map.value, { preloadDistance: 20, transferDistance: 8, hysteresis: 4 });
    if (!decider.ok) throw new Error(decider.error.message);
    const d = decider.value.decide({ x: 109, y: 50, z: 5 }, 'west');
    expect(d).toMatchObject({ ok: true, value: { kind: 'transfer', region: { id: 'east', owner: 'game-server-2' } } });
    expect(decider.value.decide({ x: 85, y: 50, z: 5 }, 'west')).toMatchObject({ ok: true, value: { kind: 'preload', regions: [{ id: 'east' }] } });
    const aoi = createInterestGrid<string>({ cellSize: 50 });
    expect(aoi.ok && aoi.value.insert('alice', { x: 109, y: 50, z: 5 }).ok).toBe(true);
  });
});
