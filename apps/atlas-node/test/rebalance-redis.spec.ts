// A decider killed mid-split, in a two-node cluster on a real Redis: node A (a process)
// holds the rebalance lease and reserves half of a hot region; it is killed with -9 before
// the switch. Its provisioned server dies with it, node B takes the lease over, drops the
// reservation A left, and makes the split itself. The map is consistent throughout: no
// version ever gives a region to a server that is not there, and no action of B's players
// is lost or doubled.
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { ClusterStore, RegionMapRecord } from '@atlas/cluster';
import { deleteKeys, openRedisStore, randomPrefix, testRedisUrl } from '@atlas/cluster/testing';
import { ActionChannel } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { eventually } from './support/eventually';
import { bootNode } from './support/harness';
import { bundle, bundleSimServer, pidsRunning, spawnNode, type Child } from './support/processes';
import { connectClient, type TestClient } from './support/test-client';

const SETTINGS = { enabled: true, split_players: 10, split_after: 0.5, merge_players: 2, merge_after: 60, damping: 1, min_region_size: 10, rehome_per_second: 20 };

describe('a decider killed mid-split (two nodes on Redis)', () => {
  const prefix = randomPrefix('rebalance');
  const url = testRedisUrl();
  let main: string;
  let sim: string;
  let store: ClusterStore;
  let a: Child | undefined;
  let b: AtlasNode | undefined;
  let world: Child | undefined;
  const clients: TestClient[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];

  beforeAll(async () => {
    [main, sim] = await Promise.all([bundle(join(__dirname, '..', 'src', 'main.ts')), bundleSimServer()]);
    store = await openRedisStore({ url, keyPrefix: prefix });
  }, 60_000);

  afterAll(async () => {
    for (const t of timers) clearInterval(t);
    await Promise.all(clients.map((c) => c.close()));
    await b?.drain();
    world?.process.kill('SIGTERM');
    a?.process.kill('SIGKILL');
    await eventually('no sim-server left', () => pidsRunning(sim).length === 0, 10_000);
    await store.close();
    await deleteKeys(url, prefix);
  }, 30_000);

  it('the surviving node drops the dead decider\'s reservation and finishes the split; the map stays consistent', async () => {
    const command = `{node} ${sim} --port 0 --region {region} --name {name} --register {node_url} --sync-hz 0`;
    const set = (pairs: Record<string, string | number | boolean>): string[] => Object.entries(pairs).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    a = spawnNode(main, set({
      'server.port': 0, 'server.address': '127.0.0.1', 'admin.enabled': false, 'logging.level': 'info', 'logging.format': 'json',
      'cluster.store': 'redis', 'cluster.redis_url': url, 'cluster.key_prefix': prefix, 'cluster.node_id': 'node-a',
      'cluster.health_check_interval': 0.2, 'cluster.heartbeat_timeout': 1.5, 'game_servers.heartbeat_interval': 0.2, 'game_servers.startup_timeout': 20,
      'provisioning.provider': 'process', 'provisioning.command': command, 'game_servers.max_idle_time': 0,
      ...Object.fromEntries(Object.entries(SETTINGS).map(([k, v]) => [`rebalance.${k}`, v])),
    }), /node started/);
    await a.ready;
    await eventually('A to hold the rebalance lease', async () => {
      const lease = await store.leases.current('rebalance');
      return E.isRight(lease) && lease.right?.holder === 'node-a';
    });
    b = await bootNode(
      {
        cluster: { store: 'redis', redis_url: url },
        provisioning: { provider: 'process', command },
        game_servers: { startup_timeout: 20, shutdown_timeout: 3, max_idle_time: 0 },
        rebalance: SETTINGS,
      },
      { keyPrefix: prefix },
    );
    const node = b;
    // Every map version, as the store pushes it: none may name a server that is not registered.
    const versions: RegionMapRecord[] = [];
    store.subscribe((e) => {
      if (e.type === 'map') versions.push(e.map);
    });

    world = spawnNode(sim, ['--port', '0', '--region', '0,0,-1000,1000,1000,1000', '--name', 'world', '--register', `http://127.0.0.1:${node.port}`, '--sync-hz', '0'], /registered/);
    await world.ready;
    const worldPid = world.process.pid as number;
    const players = await Promise.all(Array.from({ length: 12 }, () => connectClient(`ws://127.0.0.1:${node.port}/ws`)));
    clients.push(...players);
    const sent = players.map(() => 0);
    players.forEach((c, i) => {
      let seq = 0;
      const move = (): void => c.send({ type: 'PlayerMove', seq: ++seq, timestamp: Date.now(), position: { x: 100 + 60 * i + Math.random(), y: 500, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
      move();
      timers.push(setInterval(() => {
        move();
        sent[i] = (sent[i] as number) + 1;
        c.send({ type: 'PlayerAction', seq: ++seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(sent[i] as number & 0xff, (sent[i] as number) >> 8) });
      }, 50));
    });

    // A reserves half of the hot region and starts a server for it: kill A right there.
    const reserved = await eventually('A to reserve', async () => {
      const m = await store.regionMap.get();
      return E.isRight(m) && Object.keys(m.right.reserved).length > 0 ? m.right : undefined;
    });
    a.process.kill('SIGKILL');
    await a.exited;
    expect(Object.keys(reserved.regions)).toEqual([]);
    const orphan = Object.keys(reserved.reserved)[0] as string;
    await eventually('A\'s provisioned server to die with it', () => pidsRunning(sim).every((p) => p === worldPid), 10_000);

    // B takes the lease over, drops the reservation, then splits on its own.
    const final = await eventually('B to finish a split', async () => {
      const m = await store.regionMap.get();
      return E.isRight(m) && Object.keys(m.right.regions).length === 2 && Object.keys(m.right.reserved).length === 0 ? m.right : undefined;
    }, 30_000);
    expect(versions.some((v) => Object.keys(v.reserved).length === 0 && Object.keys(v.regions).length === 0)).toBe(true);
    expect(final.reserved[orphan]).toBeUndefined();
    const registered = await store.servers.list();
    const live = E.isRight(registered) ? registered.right.filter((s) => s.status === 'active') : [];
    for (const id of Object.keys(final.regions)) expect(live.map((s) => s.id)).toContain(id);
    expect(live.find((s) => s.name === orphan)).toBeUndefined();
    await eventually('B to apply the final version', async () => ((await (await fetch(`http://127.0.0.1:${node.port}/servers`)).json()) as { map_version: number }).map_version === final.version);
    await eventually('every player re-homed', () => node.snapshot().players.every((p) => !p.transferring && p.serverId !== null && final.regions[p.serverId] !== undefined && final.regions[p.serverId] !== null && p.position.x >= (final.regions[p.serverId]?.min.x as number) && p.position.x < (final.regions[p.serverId]?.max.x as number)), 10_000);

    for (const t of timers) clearInterval(t);
    const echoes = (c: TestClient): number[] => c.received.flatMap((m) => (m.type === 'PlayerAction' ? [(m.data[0] as number) | ((m.data[1] as number) << 8)] : []));
    await eventually('every echo', () => players.every((c, i) => echoes(c).length >= (sent[i] as number)), 5000).catch(() => undefined);
    players.forEach((c, i) => expect(echoes(c)).toEqual(Array.from({ length: sent[i] as number }, (_, k) => k + 1)));
  }, 90_000);
});
