// The versioned region map end to end on one node: a server the map reserves a region for
// registers over that region's current owner; the switch gives it the region, tells both
// servers their bounds (RegionBounds), routes new players there, and /servers shows it.
import * as E from 'fp-ts/lib/Either.js';
import { MemoryBackend } from '@atlas/cluster';
import type { RegionBoundsInfo } from '@atlas/server-sdk';
import type { AtlasNode } from '../src/node';
import { bootNode, box, linksUp, startServer, until, type TestServer } from './support/harness';
import { connectClient } from './support/test-client';

const WHOLE = box(0, 0, 200, 100);
const WEST = box(0, 0, 100, 100);
const EAST = box(100, 0, 200, 100);

interface ServersDoc {
  readonly map_version: number;
  readonly servers: readonly { readonly id: string; readonly name: string; readonly region: unknown; readonly map_version: number }[];
}

describe('the versioned region map on a node', () => {
  const backend = new MemoryBackend();
  const store = backend.createStore();
  let node: AtlasNode;
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await node.drain();
    await store.close();
  });

  it('reserves, registers over the old owner, switches, tells both servers and routes by the new map', async () => {
    node = await bootNode({}, { memoryBackend: backend });
    const old = await startServer(node, 'old', WHOLE);
    servers.push(old);
    const told: RegionBoundsInfo[] = [];
    old.server.on('region', (r) => told.push(r));
    const lease = await store.leases.acquire('rebalance', 'test', 10_000);
    if (E.isLeft(lease)) throw new Error('no lease');
    const reserved = await store.regionMap.commit(0, { regions: {}, reserved: { fresh: EAST } }, lease.right);
    expect(E.isRight(reserved)).toBe(true);
    const fresh = await startServer(node, 'fresh', EAST);
    servers.push(fresh);
    await linksUp(node, 2);
    const freshTold: RegionBoundsInfo[] = [];
    fresh.server.on('region', (r) => freshTold.push(r));

    // Reserved: it registered, but owns nothing yet; everyone at x = 150 is still the old server's.
    const doc = async (): Promise<ServersDoc> => (await (await fetch(`http://127.0.0.1:${node.port}/servers`)).json()) as ServersDoc;
    await until(() => node.snapshot().links.length === 2, 5000, 'two links');
    let d = await doc();
    expect(d.servers.find((s) => s.name === 'fresh')).toMatchObject({ region: null, map_version: 1 });

    const switched = await store.regionMap.commit(1, { regions: { [old.registration.serverId]: WEST, [fresh.registration.serverId]: EAST }, reserved: {} }, lease.right);
    expect(E.isRight(switched)).toBe(true);
    await until(() => told.length === 1 && freshTold.length === 1, 5000, 'RegionBounds to both servers');
    expect(told[0]).toEqual({ mapVersion: 2, ...WEST });
    expect(freshTold[0]).toEqual({ mapVersion: 2, ...EAST });
    d = await doc();
    expect(d.map_version).toBe(2);
    expect(d.servers.map((s) => [s.name, s.region, s.map_version])).toEqual([
      ['fresh', EAST, 2],
      ['old', WEST, 2],
    ]);

    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
    c.send({ type: 'PlayerMove', seq: 1, timestamp: 1, position: { x: 150, y: 50, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
    await until(() => fresh.server.players.size === 1, 5000, 'the player on the new owner');
    expect(old.server.players.size).toBe(0);
    await c.close();
  }, 30_000);

  it('the rebalance decider puts the map back when the store restarts empty', async () => {
    const lost = new MemoryBackend();
    const writer = lost.createStore();
    const deciding = await bootNode(
      { provisioning: { provider: 'process', command: 'node -e 0' }, rebalance: { enabled: true, split_players: 100_000, merge_players: 0 } },
      { memoryBackend: lost },
    );
    try {
      const lease = await writer.leases.acquire('test-writer', 'test', 10_000);
      if (E.isLeft(lease)) throw new Error('no lease');
      const committed = await writer.regionMap.commit(0, { regions: { gone: WEST }, reserved: {} }, lease.right);
      expect(E.isRight(committed)).toBe(true);
      await until(() => deciding.snapshot().state === 'active', 5000, 'the node');
      const version = async (): Promise<number> => {
        const m = await writer.regionMap.get();
        return E.isRight(m) ? m.right.version : -1;
      };
      // Applied by the node, then lost with the store.
      await new Promise((r) => setTimeout(r, 1200));
      lost.restart();
      expect(await version()).toBe(0);
      const deadline = Date.now() + 10_000;
      while ((await version()) !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await writer.regionMap.get()).toEqual(E.right({ version: 1, regions: { gone: WEST }, reserved: {} }));
    } finally {
      await deciding.drain();
      await writer.close();
    }
  }, 30_000);
});
