import * as E from 'fp-ts/lib/Either.js';
import { acquireLease } from '../lease/held-lease';
import { ClusterMember } from '../member/cluster-member';
import type { MemberEvent } from '../member/member-events';
import type { StoreHealth } from '../model/health';
import type { ClusterStore } from '../store/cluster-store';
import {
  box,
  deleteKeys,
  eventually,
  freePort,
  MemberLog,
  openRedisStore,
  randomPrefix,
  expectRight,
  sleep,
  startRedisServer,
  type PrivateRedis,
} from '../testing';
import { createRedisStore } from './redis-store';

// Fault tests on a private redis-server that is killed, frozen and restarted on the same port.
// Jest 30 fails any test during which a promise rejection goes unhandled (its own process-level
// trap; a sandboxed `process.on` never sees them), and the console spies below fail the test
// on ioredis' "Unhandled error event" output: together, the "nothing throws into the event loop" trap.

const FAST = { commandTimeoutMs: 250, connectTimeoutMs: 250, reconnectMinDelayMs: 20, reconnectMaxDelayMs: 100 };
const TIMINGS = { heartbeatTimeoutMs: 400, serverTimeoutMs: 400, retentionMs: 10_000 };
const IDLE = { connections: 0, load: 0, accepting: true, avgTickMs: 0, memoryBytes: 0 };

let redis: PrivateRedis;
const stores: ClusterStore[] = [];
const members: ClusterMember[] = [];
let consoleSpies: jest.SpyInstance[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop('SIGKILL');
});
beforeEach(() => {
  consoleSpies = (['error', 'warn', 'log'] as const).map((level) => jest.spyOn(console, level));
});
afterEach(async () => {
  await Promise.all(members.splice(0).map((m) => m.stop({ leave: false })));
  await Promise.all(stores.splice(0).map((s) => s.close()));
  if (!redis.running()) await redis.start();
  for (const spy of consoleSpies) {
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  }
});

async function open(prefix: string): Promise<ClusterStore> {
  const store = await openRedisStore({ url: redis.url, keyPrefix: prefix, ...FAST, ...TIMINGS });
  stores.push(store);
  return store;
}

/**
 * Members `a` and `b` on `prefix`, started, with game servers s1 and s2 registered through
 * `a` and kept alive by idle load reports every 50 ms (`clearInterval(reporting)` ends them).
 */
async function twoMembersWithServers(prefix: string): Promise<{ a: ClusterMember; b: ClusterMember; reporting: ReturnType<typeof setInterval> }> {
  const options = { heartbeatIntervalMs: 50, sessionTtlMs: 5_000 };
  const a = new ClusterMember(await open(prefix), { node: { id: 'a', address: 'ws://a' }, ...options });
  const b = new ClusterMember(await open(prefix), { node: { id: 'b', address: 'ws://b' }, ...options });
  members.push(a, b);
  expectRight(await a.start());
  expectRight(await b.start());
  expectRight(await a.registerServer({ id: 's1', name: 'one', address: 'x', region: box(0, 0, 0, 10, 10, 10), capacity: 9, version: '1' }));
  expectRight(await a.registerServer({ id: 's2', name: 'two', address: 'x', region: box(10, 0, 0, 20, 10, 10), capacity: 9, version: '1' }));
  const reporting = setInterval(() => ['s1', 's2'].forEach((id) => a.reportServerLoad(id, IDLE)), 50);
  return { a, b, reporting };
}

function healthLog(store: ClusterStore): StoreHealth[] {
  const seen: StoreHealth[] = [];
  store.onHealth((h) => seen.push(h));
  return seen;
}

describe('RedisStore when Redis goes away', () => {
  it('reports degraded on a crash, fails calls fast with unavailable, and recovers on restart', async () => {
    const store = await open(randomPrefix('fault'));
    const seen = healthLog(store);
    await redis.stop('SIGKILL');
    await eventually(() => store.health().status === 'degraded', 'degraded');
    const started = Date.now();
    const listed = await store.nodes.list();
    expect(E.isLeft(listed) && listed.left.kind).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(200);
    await redis.start();
    expectRight(await store.ready(3000), 'ready after restart');
    expectRight(await store.nodes.list());
    expect(seen.map((h) => h.status)).toEqual(['degraded', 'ok']);
  });

  it('a frozen Redis (SIGSTOP) degrades through command timeouts and recovers on SIGCONT', async () => {
    const store = await open(randomPrefix('fault'));
    redis.freeze();
    try {
      const stuck = await store.nodes.register({ id: 'n1', address: 'ws://n1' });
      expect(E.isLeft(stuck) && stuck.left.kind).toBe('unavailable');
      expect(store.health().status).toBe('degraded');
    } finally {
      redis.thaw();
    }
    await eventually(() => store.health().status === 'ok', 'ok after thaw (probe)');
    expectRight(await store.nodes.list());
  });

  it('a store created while Redis is down is not ready, then connects once Redis starts', async () => {
    const port = await freePort();
    const created = createRedisStore({ url: `redis://127.0.0.1:${port}`, keyPrefix: randomPrefix('late'), ...FAST });
    if (E.isLeft(created)) throw new Error('bad options');
    stores.push(created.right);
    const early = await created.right.ready(300);
    expect(E.isLeft(early) && early.left.kind).toBe('unavailable');
    const late = await startRedisServer({ port });
    try {
      expectRight(await created.right.ready(3000));
      expectRight(await created.right.nodes.register({ id: 'n1', address: 'ws://n1' }));
    } finally {
      await created.right.close();
      await late.stop();
    }
  });

  it('members keep their last view during the outage and reconcile after Redis restarts empty', async () => {
    const prefix = randomPrefix('fault');
    // Both game servers stay alive and report to their node through the outage.
    const { a, b, reporting } = await twoMembersWithServers(prefix);
    const logB = new MemberLog(b);
    expectRight(await a.claimSession({ playerId: 'p1', ticketId: 't1' }));
    await eventually(() => b.view.servers().length === 2, 'b sees both servers');

    await redis.stop('SIGTERM');
    await logB.waitFor((e) => e.type === 'health' && e.health.status === 'degraded', 'b degraded');
    expect(b.view.stale).toBe(true);
    expect(b.view.servers().map((s) => s.id).sort()).toEqual(['s1', 's2']);
    const queued = await a.deregisterServer('s2');
    expect(E.isLeft(queued) && queued.left.kind).toBe('unavailable');
    const admitted = expectRight(await a.claimSession({ playerId: 'p2' }, { whenUnavailable: 'admit' }));
    expect(admitted.confirmed).toBe(false);
    await sleep(200);

    await redis.start();
    await logB.waitFor((e) => e.type === 'health' && e.health.status === 'ok', 'b recovered');
    const check = await open(prefix);
    await eventually(async () => {
      const [nodes, servers, p1, p2] = await Promise.all([check.nodes.list(), check.servers.list(), check.sessions.get('p1'), check.sessions.get('p2')]);
      return (
        E.isRight(nodes) && nodes.right.map((n) => n.id).sort().join() === 'a,b' &&
        E.isRight(servers) && servers.right.map((s) => s.id).join() === 's1' &&
        E.isRight(p1) && p1.right?.nodeId === 'a' && p1.right.ticketId === 't1' &&
        E.isRight(p2) && p2.right?.nodeId === 'a'
      );
    }, 'nodes, s1 and both sessions back in Redis; s2 stays deregistered');
    await eventually(() => b.view.servers().map((s) => s.id).join() === 's1' && !b.view.stale, 'b view reconciled');
    // Pushes flow again after the re-subscribe.
    expectRight(await a.registerServer({ id: 's3', name: 'three', address: 'x', region: null, capacity: 9, version: '1' }));
    await logB.waitFor((e) => e.type === 'server' && e.change === 'registered' && e.server.id === 's3', 'push after restart');
    clearInterval(reporting);
    logB.close();
    await deleteKeys(redis.url, prefix);
  });

  it('a frozen, then emptied Redis: calls fail fast, nobody is judged failed, no view loses anything, servers keep their ids', async () => {
    const prefix = randomPrefix('outage');
    const { a, b, reporting } = await twoMembersWithServers(prefix);
    await eventually(() => b.view.servers().length === 2 && b.view.nodes().length === 2, 'b sees a, b, s1, s2');
    await sleep(500); // past the members' settling after start: their detectors run
    const logs = [new MemberLog(a), new MemberLog(b)];
    const lost = (e: MemberEvent) => (e.type === 'node' || e.type === 'server') && ['failed', 'removed', 'left', 'deregistered'].includes(e.change);

    redis.freeze(); // three heartbeat timeouts: every record is old when Redis wakes up
    await eventually(() => b.health().status === 'degraded', 'b degraded by command timeouts');
    const started = Date.now();
    const listed = await b.store.nodes.list();
    expect(E.isLeft(listed) && listed.left.kind).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(50); // no command timeout to wait out while frozen
    await sleep(1200);
    redis.thaw();
    await eventually(() => a.health().status === 'ok' && b.health().status === 'ok', 'ok after thaw');
    await sleep(600); // past the settling period: detectors run again, nothing was judged on stale records

    await redis.stop('SIGKILL');
    await redis.start(); // empty
    await eventually(async () => {
      const servers = await b.store.servers.list();
      return E.isRight(servers) && servers.right.map((s) => `${s.id}@${s.nodeId}`).sort().join() === 's1@a,s2@a';
    }, 'a put s1 and s2 back under their ids');
    await sleep(600);
    for (const log of logs) expect(log.events.filter((e) => lost(e.event))).toEqual([]);
    expect(b.view.servers().map((s) => `${s.id}:${s.status}`).sort()).toEqual(['s1:active', 's2:active']);
    expect(b.view.nodes().map((n) => `${n.id}:${n.status}`).sort()).toEqual(['a:starting', 'b:starting']);
    clearInterval(reporting);
    logs.forEach((log) => log.close());
    await deleteKeys(redis.url, prefix);
  });

  it('a lease holder cut off from Redis stops acting within its TTL; tokens still grow after the restart', async () => {
    const prefix = randomPrefix('lease');
    const a = await open(prefix);
    const acquiredAt = Date.now();
    const held = await acquireLease(a.leases, { name: 'split', holder: 'a', ttlMs: 400 });
    if (E.isLeft(held)) throw new Error('acquire failed');
    const lease = held.right;
    const lost: string[] = [];
    lease.onLost((error) => lost.push(error.kind));
    expectRight(await lease.withLease(async (guard) => guard.token));
    await redis.stop('SIGKILL');
    await eventually(() => !lease.isHeld(), 'lease judged lost', 1000);
    expect(Date.now() - acquiredAt).toBeLessThan(400 + 50);
    expect(lost).toEqual(['lease_lost']);
    const refused = await lease.withLease(async () => 'acted');
    expect(E.isLeft(refused) && refused.left.kind).toBe('lease_lost');
    await redis.start(); // empty: the lease key is gone, so another node may acquire at once
    const b = await open(prefix);
    const next = expectRight(await b.leases.acquire('split', 'b', 400));
    expect(next.token).toBeGreaterThan(lease.token); // fencing tokens still grow across the restart
    await deleteKeys(redis.url, prefix);
  });
});
