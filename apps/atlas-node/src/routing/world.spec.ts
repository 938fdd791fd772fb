import { DEFAULT_CONFIG } from '@atlas/config';
import type { GameServerInfo } from '@atlas/cluster';
import { IDLE_SERVER_LOAD } from '@atlas/cluster';
import { World, regionBoundsOf, FLAT_AXIS_HALF_EXTENT } from './world';

const spatial = { ...DEFAULT_CONFIG.spatial, preload_distance: 10, transfer_distance: 0, hysteresis: 1, sync_interval: 0.05 };
const server = (id: string, x0: number, x1: number, status: 'active' | 'failed' = 'active'): GameServerInfo => ({
  id, name: id, address: `ws://h/${id}`, region: { min: { x: x0, y: 0, z: 0 }, max: { x: x1, y: 100, z: 0 } }, capacity: 1, version: '1', nodeId: 'n', metadata: {}, status, load: IDLE_SERVER_LOAD, lastHeartbeat: 1,
});

describe('the world of a node', () => {
  it('widens flat axes so 2D regions own points', () => {
    expect(regionBoundsOf({ min: { x: 0, y: 0, z: 5 }, max: { x: 1, y: 1, z: 5 } }).max.z).toBe(5 + FLAT_AXIS_HALF_EXTENT);
  });

  it('maps positions to live servers only and reports whether the regions changed', () => {
    const w = new World(spatial);
    expect(w.sync([server('a', 0, 100), server('b', 100, 200)])).toBe(true);
    expect(w.sync([server('a', 0, 100), server('b', 100, 200)])).toBe(false);
    expect(w.ownerAt(150, 50, 0)).toBe('b');
    expect(w.sync([server('a', 0, 100), server('b', 100, 200, 'failed')])).toBe(true);
    expect(w.ownerAt(150, 50, 0)).toBeUndefined();
  });

  it('decides a transfer past the hysteresis and finds players by region and radius', () => {
    const w = new World(spatial);
    w.sync([server('a', 0, 100), server('b', 100, 200)]);
    expect(w.decide(100.5, 50, 0, 'a')?.kind).not.toBe('transfer');
    const d = w.decide(102, 50, 0, 'a');
    expect(d?.kind === 'transfer' && d.region.owner).toBe('b');
    w.grid.set(1, { x: 10, y: 10, z: 0 });
    w.grid.set(2, { x: 150, y: 10, z: 0 });
    expect([...w.playersInRegion('b')]).toEqual([2]);
    expect([...w.playersInRadius({ x: 12, y: 10, z: 0 }, 5)]).toEqual([1]);
  });
});
