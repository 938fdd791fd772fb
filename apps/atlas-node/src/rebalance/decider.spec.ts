import * as E from 'fp-ts/lib/Either.js';
import { Registry } from 'prom-client';
import { DEFAULT_CONFIG } from '@atlas/config';
import { EMPTY_REGION_MAP, IDLE_SERVER_LOAD, MemoryBackend, type GameServerInfo, type MemoryStore, type RegionMapRecord } from '@atlas/cluster';
import { provisionError, type Provisioner, type ProvisionedServer } from '@atlas/provisioning';
import { silentLogger } from '../logging/logger';
import { Decider, type DeciderDeps } from './decider';
import { RebalanceMetrics } from './rebalance-metrics';
import { until } from '@atlas/common/testing';

const box = (x0: number, x1: number) => ({ min: { x: x0, y: 0, z: 0 }, max: { x: x1, y: 100, z: 10 } });
const settings = { ...DEFAULT_CONFIG.rebalance, enabled: true, split_players: 10, split_after: 0, merge_players: 2, merge_after: 60, damping: 60 };

function server(id: string, players: number, extra: Partial<GameServerInfo> = {}): GameServerInfo {
  return { id, name: id, address: `ws://${id}`, region: box(0, 100), capacity: 100, version: '1', nodeId: 'n', metadata: {}, status: 'active', load: { ...IDLE_SERVER_LOAD, connections: players }, lastHeartbeat: 0, ...extra };
}

/** A provisioner that never gets a server ready. */
function failingProvisioner(started: string[]): Provisioner {
  return {
    kind: 'fake',
    start: async (region) => {
      started.push(region.name);
      return E.left(provisionError('startup_timeout', `${region.name} did not register`));
    },
    provisionFor: async () => E.left(provisionError('limit', 'no')),
    stop: async () => E.right({ forced: false }),
    observe: () => undefined,
    list: (): ProvisionedServer[] => [],
    close: async () => undefined,
  };
}

function deciderOn(store: MemoryStore, nodeId: string, servers: () => readonly GameServerInfo[], started: string[], linkVersion = 2): { decider: Decider; map: () => RegionMapRecord } {
  let map: RegionMapRecord = EMPTY_REGION_MAP;
  const deps: DeciderDeps = {
    nodeId,
    settings,
    leases: store.leases,
    leaseTtlMs: 3000,
    store: store.regionMap,
    map: () => map,
    offer: (next) => {
      if (next.version > map.version) map = next;
    },
    refresh: async () => {
      const read = await store.regionMap.get();
      if (E.isRight(read) && read.right.version > map.version) map = read.right;
    },
    storeBehind: () => false,
    servers,
    linkVersion: () => linkVersion,
    players: () => [],
    rehoming: () => false,
    provisioner: failingProvisioner(started),
    metrics: new RebalanceMetrics(new Registry()),
    log: silentLogger(),
    drainMs: 1000,
  };
  return { decider: new Decider(deps), map: () => map };
}

describe('Decider', () => {
  it('one node decides: the other holds off while the lease is held; an abort leaves the regions as they were', async () => {
    const store = new MemoryBackend().createStore();
    const started: string[] = [];
    const hot = [server('hot', 50)];
    const a = deciderOn(store, 'node-a', () => hot, started);
    await until(() => a.decider.deciding, 3000);
    const b = deciderOn(store, 'node-b', () => hot, started);
    await until(() => started.length === 1, 3000);
    await new Promise((r) => setTimeout(r, 600));
    expect(b.decider.deciding).toBe(false);
    // Damping after the abort: one attempt only; the map holds no reservation and no region change.
    expect(started).toEqual(['rebalance-v1']);
    const read = await store.regionMap.get();
    expect(E.isRight(read) && read.right).toEqual({ version: 2, regions: {}, reserved: {} });
    await a.decider.close();
    await until(() => b.decider.deciding, 5000);
    await b.decider.close();
    await store.close();
  });

  it('never touches Horizon servers or servers on a version 1 link', async () => {
    const store = new MemoryBackend().createStore();
    const started: string[] = [];
    const horizon = deciderOn(store, 'node-a', () => [server('h', 50, { kind: 'horizon' })], started);
    await until(() => horizon.decider.deciding, 3000);
    await new Promise((r) => setTimeout(r, 600));
    await horizon.decider.close();
    const v1 = deciderOn(store, 'node-b', () => [server('old-sdk', 50)], started, 1);
    await until(() => v1.decider.deciding, 5000);
    await new Promise((r) => setTimeout(r, 600));
    await v1.decider.close();
    expect(started).toEqual([]);
    await store.close();
  });

  it('a new lease holder drops the reservations a dead decider left', async () => {
    const store = new MemoryBackend().createStore();
    const dead = await store.leases.acquire('rebalance', 'node-dead', 100);
    if (E.isLeft(dead)) throw new Error('no lease');
    await store.regionMap.commit(0, { regions: {}, reserved: { 'rebalance-v1': box(50, 100) } }, dead.right);
    await new Promise((r) => setTimeout(r, 150));
    const started: string[] = [];
    const next = deciderOn(store, 'node-b', () => [server('calm', 5)], started);
    await until(() => next.map().version === 2, 3000);
    expect(next.map()).toEqual({ version: 2, regions: {}, reserved: {} });
    await next.decider.close();
    await store.close();
  });
});
