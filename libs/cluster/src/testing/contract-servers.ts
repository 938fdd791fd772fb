import assert from 'node:assert/strict';
import { ServerStatus } from '../model/server';
import type { NamedBodies } from './contract-helpers';
import { EventLog, FAST_TIMINGS, box, expectLeft, expectRight, serverEvent, serverReg, sleep, twoStores } from './contract-helpers';

const LOAD = { connections: 7, load: 0.3, accepting: true, avgTickMs: 16.6, memoryBytes: 123_456_789 };

/** Game-server registry cases of the store contract. */
export const serverCases: NamedBodies = [
  [
    'registers servers with their region, capacity and metadata, seen by every store',
    async (f) => {
      const { a, b, log } = await twoStores(f);
      const reg = { ...serverReg('s1', box(0, 0, 0, 100, 100, 0)), metadata: { map: 'forest', 'ключ': 'значение' } };
      const info = expectRight(await a.servers.register(reg));
      assert.equal(info.status, ServerStatus.Active);
      assert.equal(info.load.accepting, true);
      await log.waitFor(serverEvent('registered', 's1'), 'server registered');
      const seen = expectRight(await b.servers.get('s1'));
      assert.deepEqual(seen, info);
      assert.deepEqual(seen?.metadata, { map: 'forest', 'ключ': 'значение' });
      assert.deepEqual(expectRight(await b.servers.list()).map((s) => s.id), ['s1']);
      assert.equal(expectRight(await b.servers.get('nope')), null);
      log.close();
    },
  ],
  [
    'refuses a region that overlaps a live server, allows touching faces and standby servers',
    async (f) => {
      const a = await f.open();
      expectRight(await a.servers.register(serverReg('west', box(0, 0, 0, 100, 100, 10))));
      const conflict = expectLeft(await a.servers.register(serverReg('middle', box(50, 50, 0, 150, 150, 10))));
      assert.deepEqual(conflict, { kind: 'region_conflict', serverId: 'middle', conflictsWith: 'west' });
      expectRight(await a.servers.register(serverReg('east', box(100, 0, 0, 200, 100, 10))));
      expectRight(await a.servers.register(serverReg('standby', null)));
      // Flat (2D) worlds: zero-height boxes overlap when their footprints do.
      expectRight(await a.servers.register(serverReg('flat-1', box(500, 0, 0, 600, 100, 0))));
      assert.equal(expectLeft(await a.servers.register(serverReg('flat-2', box(550, 50, 0, 650, 150, 0)))).kind, 'region_conflict');
      // A flat region against a thick one: it overlaps only if its plane lies inside [min, max).
      expectRight(await a.servers.register(serverReg('slab', box(700, 0, 0, 800, 100, 10))));
      expectRight(await a.servers.register(serverReg('roof', box(700, 0, 10, 800, 100, 10))));
      assert.equal(expectLeft(await a.servers.register(serverReg('floor', box(700, 0, 5, 800, 100, 5)))).kind, 'region_conflict');
      // Re-registering moves a server's own region without conflicting with itself.
      expectRight(await a.servers.register(serverReg('west', box(-50, 0, 0, 100, 100, 10))));
      const ids = expectRight(await a.servers.list())
        .map((s) => s.id)
        .sort();
      assert.deepEqual(ids, ['east', 'flat-1', 'roof', 'slab', 'standby', 'west']);
      assert.equal(expectLeft(await a.servers.register(serverReg('bad', box(10, 0, 0, 0, 1, 1)))).kind, 'invalid');
      assert.equal(expectLeft(await a.servers.register(serverReg('inf', box(0, 0, 0, Infinity, 1, 1)))).kind, 'invalid');
      assert.equal(expectLeft(await a.servers.register({ ...serverReg('cap', null), capacity: -1 })).kind, 'invalid');
    },
  ],
  [
    'lets a restarted server at the same address take its region at once, failing its dead predecessor',
    async (f) => {
      const { a, b, log } = await twoStores(f);
      expectRight(await a.servers.register({ ...serverReg('old', box(0, 0, 0, 100, 100, 10)), address: 'ws://10.0.0.5:7000/atlas' }));
      // Another address is another server: still a conflict, and nothing changed.
      const other = expectLeft(await a.servers.register({ ...serverReg('intruder', box(0, 0, 0, 100, 100, 10)), address: 'ws://10.0.0.6:7000/atlas' }));
      assert.deepEqual(other, { kind: 'region_conflict', serverId: 'intruder', conflictsWith: 'old' });
      assert.equal(expectRight(await b.servers.get('old'))?.status, ServerStatus.Active);
      // The same address (the process restarted before its heartbeat timed out): it replaces the old one.
      const fresh = expectRight(await a.servers.register({ ...serverReg('new', box(0, 0, 0, 100, 100, 10)), address: 'ws://10.0.0.5:7000/atlas' }));
      assert.equal(fresh.status, ServerStatus.Active);
      await log.waitFor(serverEvent('failed', 'old'), 'the predecessor failed');
      await log.waitFor(serverEvent('registered', 'new'), 'the restart registered');
      assert.equal(expectRight(await b.servers.get('old'))?.status, ServerStatus.Failed);
      log.close();
    },
  ],
  [
    'heartbeats carry load exactly and are pushed; deregister frees the region',
    async (f) => {
      const { a, b, log } = await twoStores(f);
      expectRight(await a.servers.register(serverReg('s1', box(0, 0, 0, 10, 10, 10))));
      const load = { ...LOAD, load: 1 / 3 };
      expectRight(await a.servers.heartbeat('s1', load));
      await log.waitFor((e) => serverEvent('updated', 's1')(e) && e.type === 'server' && e.server.load.connections === 7, 'load push');
      assert.deepEqual(expectRight(await b.servers.get('s1'))?.load, load);
      assert.deepEqual(expectLeft(await a.servers.heartbeat('ghost', LOAD)), { kind: 'not_found', entity: 'server', id: 'ghost', reason: 'missing' });
      assert.equal(expectLeft(await a.servers.heartbeat('s1', { ...LOAD, accepting: 'yes' as never })).kind, 'invalid');
      assert.equal(expectRight(await a.servers.deregister('s1')), true);
      await log.waitFor(serverEvent('deregistered', 's1'), 'deregistered');
      assert.equal(expectRight(await a.servers.deregister('s1')), false);
      expectRight(await b.servers.register(serverReg('s2', box(0, 0, 0, 10, 10, 10), 'node-b')));
      log.close();
    },
  ],
  [
    'a failed server loses its claim: another may take the region, its heartbeat says failed',
    async (f) => {
      const a = await f.open(FAST_TIMINGS);
      const log = new EventLog(a);
      expectRight(await a.servers.register(serverReg('old', box(0, 0, 0, 10, 10, 10))));
      await sleep(160);
      assert.deepEqual(expectRight(await a.sweep()).failedServers, ['old']);
      await log.waitFor(serverEvent('failed', 'old'), 'server failed');
      assert.equal(expectRight(await a.servers.get('old'))?.status, ServerStatus.Failed);
      assert.deepEqual(expectLeft(await a.servers.heartbeat('old', LOAD)), { kind: 'not_found', entity: 'server', id: 'old', reason: 'failed' });
      expectRight(await a.servers.register(serverReg('new', box(0, 0, 0, 10, 10, 10))));
      // The failed server coming back must re-claim, and now conflicts.
      assert.deepEqual(expectLeft(await a.servers.register(serverReg('old', box(0, 0, 0, 10, 10, 10)))), {
        kind: 'region_conflict',
        serverId: 'old',
        conflictsWith: 'new',
      });
      await sleep(400);
      assert.ok(expectRight(await a.sweep()).removedServers.includes('old'));
      log.close();
    },
  ],
  [
    'a server with its own longer heartbeat timeout outlives the store timeout, keeps its kind, then fails and is removed',
    async (f) => {
      const a = await f.open(FAST_TIMINGS);
      expectRight(await a.servers.register(serverReg('quick', box(0, 0, 0, 10, 10, 10))));
      const slow = expectRight(await a.servers.register({ ...serverReg('slow', box(20, 0, 0, 30, 10, 10)), kind: 'horizon', heartbeatTimeoutMs: 600 }));
      assert.equal(slow.kind, 'horizon');
      await sleep(200);
      assert.deepEqual(expectRight(await a.sweep()).failedServers, ['quick']);
      assert.equal(expectRight(await a.servers.get('slow'))?.status, ServerStatus.Active);
      assert.equal(expectRight(await a.servers.get('slow'))?.heartbeatTimeoutMs, 600);
      expectRight(await a.servers.heartbeat('slow', LOAD));
      await sleep(450);
      assert.deepEqual(expectRight(await a.sweep()).failedServers, []);
      await sleep(250);
      assert.deepEqual(expectRight(await a.sweep()).failedServers, ['slow']);
      // Removal waits for its own timeout plus retention (250 ms) too.
      await sleep(60);
      assert.ok(!expectRight(await a.sweep()).removedServers.includes('slow'));
      await sleep(250);
      assert.ok(expectRight(await a.sweep()).removedServers.includes('slow'));
      assert.equal(expectLeft(await a.servers.register({ ...serverReg('bad', null), kind: 'other' as 'atlas' })).kind, 'invalid');
    },
  ],
  [
    'racing registrations of overlapping regions: exactly one wins, every time',
    async (f) => {
      const a = await f.open();
      const b = await f.open();
      for (let round = 0; round < 40; round += 1) {
        const x = round * 1000;
        const results = await Promise.all([
          a.servers.register(serverReg(`a${round}`, box(x, 0, 0, x + 100, 100, 10), 'node-a')),
          b.servers.register(serverReg(`b${round}`, box(x + 50, 50, 0, x + 150, 150, 10), 'node-b')),
        ]);
        const winners = results.filter((r) => r._tag === 'Right').length;
        assert.equal(winners, 1, `round ${round}: ${winners} winners`);
      }
      assert.equal(expectRight(await a.servers.list()).length, 40);
    },
  ],
];
