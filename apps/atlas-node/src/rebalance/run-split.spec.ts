import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, EMPTY_REGION_MAP, MemoryBackend, type RegionMapRecord } from '@atlas/cluster';
import type { Candidate } from './choose-change';
import type { SplitPorts } from './plan-ports';
import { runSplit } from './run-split';

const box = (x0: number, x1: number) => ({ min: { x: x0, y: 0, z: 0 }, max: { x: x1, y: 100, z: 10 } });
const parent: Candidate = { id: 'old', name: 'old', bounds: box(0, 200), load: 50 };
const change = { kind: 'split' as const, server: parent, keep: box(0, 100), give: box(100, 200) };

async function fixture(provision: SplitPorts['provision']) {
  const store = new MemoryBackend().createStore();
  const grant = await store.leases.acquire('rebalance', 'node-a', 10_000);
  if (E.isLeft(grant)) throw new Error('no lease');
  let map: RegionMapRecord = EMPTY_REGION_MAP;
  const stopped: string[] = [];
  const ports: SplitPorts = {
    map: () => map,
    refresh: async () => {
      const read = await store.regionMap.get();
      if (E.isRight(read)) map = read.right;
    },
    registered: () => new Set(['old', 'new-id']),
    commit: async (expected, next) => {
      const r = await store.regionMap.commit(expected, next, grant.right);
      if (E.isRight(r)) map = r.right;
      return r;
    },
    isHeld: () => true,
    provision,
    stop: async (name) => void stopped.push(name),
  };
  return { ports, stopped, map: () => map };
}

describe('runSplit', () => {
  it('reserves, provisions, then switches: the parent keeps one half, the new server owns the other', async () => {
    const seen: RegionMapRecord[] = [];
    const f = await fixture(async (name, bounds) => {
      seen.push(f.map());
      expect([name, bounds]).toEqual(['rebalance-v1', box(100, 200)]);
      return E.right('new-id');
    });
    const done = await runSplit(f.ports, change);
    expect(E.isRight(done) && done.right).toMatchObject({ name: 'rebalance-v1', serverId: 'new-id' });
    expect(seen[0]?.reserved).toEqual({ 'rebalance-v1': box(100, 200) });
    expect(f.map()).toEqual({ version: 2, regions: { old: box(0, 100), 'new-id': box(100, 200) }, reserved: {} });
    expect(f.stopped).toEqual([]);
  });

  it('a server that is never ready rolls back: reservation dropped, server stopped, regions untouched', async () => {
    const f = await fixture(async () => E.left('startup_timeout'));
    expect(await runSplit(f.ports, change)).toEqual(E.left({ step: 'provision', reason: 'startup_timeout' }));
    expect(f.map()).toEqual({ version: 2, regions: {}, reserved: {} });
    expect(f.stopped).toEqual(['rebalance-v1']);
  });

  it('a lost lease stops it before the switch lands', async () => {
    const f = await fixture(async () => E.right('new-id'));
    let held = true;
    const ports = { ...f.ports, isHeld: () => held, provision: async () => ((held = false), E.right('new-id')) };
    const r = await runSplit(ports, change);
    expect(E.isLeft(r) && r.left.step).toBe('provision');
    expect(f.map().regions).toEqual({});
    expect(f.stopped).toEqual(['rebalance-v1']);
  });

  it('rides out a store blip at the switch: the commit is retried and lands once', async () => {
    const f = await fixture(async () => E.right('new-id'));
    let refused = 0;
    const ports = {
      ...f.ports,
      commit: async (expected: number, next: Parameters<SplitPorts['commit']>[1]) => {
        if (next.regions['new-id'] !== undefined && refused < 2) {
          refused++;
          return E.left(ClusterErrors.unavailable('redis blip'));
        }
        return f.ports.commit(expected, next);
      },
    };
    const r = await runSplit(ports, change);
    expect(E.isRight(r)).toBe(true);
    expect(refused).toBe(2);
    expect(f.map()).toEqual({ version: 2, regions: { old: box(0, 100), 'new-id': box(100, 200) }, reserved: {} });
    expect(f.stopped).toEqual([]);
  });

  it('a store that stays away at the switch rolls back: the server is stopped', async () => {
    const f = await fixture(async () => E.right('new-id'));
    const ports = {
      ...f.ports,
      commit: async (expected: number, next: Parameters<SplitPorts['commit']>[1]) =>
        next.regions['new-id'] !== undefined ? E.left(ClusterErrors.unavailable('redis down')) : f.ports.commit(expected, next),
    };
    const r = await runSplit(ports, change);
    expect(E.isLeft(r) && r.left.step).toBe('switch');
    expect(f.stopped).toEqual(['rebalance-v1']);
    expect(f.map()).toEqual({ version: 2, regions: {}, reserved: {} });
  });
});
