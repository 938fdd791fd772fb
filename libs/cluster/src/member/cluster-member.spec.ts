import * as E from 'fp-ts/lib/Either.js';
import { MemoryBackend } from '../memory/memory-backend';
import type { SessionRecord } from '../model/session';
import type { ClusterStore, StoreTimings } from '../store/cluster-store';
import { box, MemberLog, eventually, expectRight, sleep } from '../testing';
import { ClusterMember, type ClusterMemberOptions } from './cluster-member';
import type { MemberEvent } from './member-events';

const TIMINGS: Partial<StoreTimings> = { heartbeatTimeoutMs: 150, serverTimeoutMs: 150, retentionMs: 10_000 };
const INTERVAL = 40;
const LOAD = { connections: 3, load: 0.25, accepting: true, avgTickMs: 12, memoryBytes: 1e6 };

const started: ClusterMember[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((m) => m.stop({ leave: false })));
});

async function member(store: ClusterStore, id: string, extra: Partial<ClusterMemberOptions> = {}): Promise<ClusterMember> {
  const m = new ClusterMember(store, { node: { id, address: `ws://${id}` }, heartbeatIntervalMs: INTERVAL, ...extra });
  started.push(m);
  expectRight(await m.start(), `start ${id}`);
  return m;
}

const isFailed = (id: string) => (e: MemberEvent) => e.type === 'node' && e.change === 'failed' && e.node.id === id;

describe('ClusterMember on the in-memory backend', () => {
  it('members see each other, their status and load, pushed', async () => {
    const backend = new MemoryBackend();
    const a = await member(backend.createStore(TIMINGS), 'a');
    const b = await member(backend.createStore(TIMINGS), 'b');
    a.setStatus('active');
    a.setLoad(12, 0.5);
    await eventually(() => b.view.node('a')?.connections === 12 && b.view.node('a')?.status === 'active', 'b sees a load');
    await eventually(() => a.view.nodes().length === 2, 'a sees b');
    expect(b.view.stale).toBe(false);
  });

  it('a registered server shows up in every view, and the region claim is atomic across members', async () => {
    const backend = new MemoryBackend();
    const a = await member(backend.createStore(TIMINGS), 'a');
    const b = await member(backend.createStore(TIMINGS), 'b');
    const log = new MemberLog(b);
    const reg = { id: 's1', name: 'one', address: 'tcp://s1', region: box(0, 0, 0, 10, 10, 10), capacity: 50, version: '1' };
    const info = expectRight(await a.registerServer(reg));
    expect(info.nodeId).toBe('a');
    expect(a.view.server('s1')).toBeDefined(); // read-your-writes
    await log.waitFor((e) => e.type === 'server' && e.change === 'registered' && e.server.id === 's1', 'pushed registration');
    const clash = await b.registerServer({ ...reg, id: 's2', address: 'tcp://s2:7000', region: box(5, 5, 5, 20, 20, 20) });
    expect(E.isLeft(clash) && clash.left.kind).toBe('region_conflict');
    expect(a.reportServerLoad('s1', LOAD)).toBe(true);
    await eventually(() => b.view.server('s1')?.load.connections === 3, 'load pushed');
    log.close();
  });

  it('a node that stops heartbeating is reported failed to every observer within two intervals of the timeout', async () => {
    const backend = new MemoryBackend();
    const observers = [
      await member(backend.createStore(TIMINGS), 'o1'),
      await member(backend.createStore(TIMINGS), 'o2'),
      await member(backend.createStore(TIMINGS), 'o3'),
    ];
    const logs = observers.map((o) => new MemberLog(o));
    const victim = await member(backend.createStore(TIMINGS), 'victim');
    await sleep(3 * INTERVAL);
    await victim.stop({ leave: false }); // a crash, as far as the cluster can tell
    const lastHeartbeat = backend.nodes.get('victim')?.lastHeartbeat ?? 0;
    const seen = await Promise.all(logs.map((log) => log.waitFor(isFailed('victim'), 'victim failed')));
    for (const { at } of seen) expect(at - lastHeartbeat).toBeLessThanOrEqual(150 + 2 * INTERVAL);
    for (const o of observers) expect(o.view.node('victim')?.status).toBe('failed');
    logs.forEach((log) => log.close());
  });

  it('a second login on another node takes the player over and tells the old node', async () => {
    const backend = new MemoryBackend();
    const a = await member(backend.createStore(TIMINGS), 'a');
    const b = await member(backend.createStore(TIMINGS), 'b', { sessionPolicy: 'refuse' });
    const log = new MemberLog(a);
    expectRight(await a.claimSession({ playerId: 'p1', serverId: 's1', ticketId: 't1' }));
    const refused = await b.claimSession({ playerId: 'p1' });
    expect(E.isLeft(refused) && refused.left.kind).toBe('session_conflict');
    expectRight(await b.claimSession({ playerId: 'p1' }, { policy: 'takeover' }));
    const lost = await log.waitFor((e) => e.type === 'session_lost', 'session lost');
    expect(lost.event).toEqual({ type: 'session_lost', playerId: 'p1', nodeId: 'b', reason: 'taken_over' });
    expect(a.session('p1')).toBeUndefined();
    expect(b.session('p1')?.nodeId).toBe('b');
    log.close();
  });

  it('session updates are written with the next heartbeat', async () => {
    const backend = new MemoryBackend();
    const store = backend.createStore(TIMINGS);
    const a = await member(store, 'a');
    expectRight(await a.claimSession({ playerId: 'p1' }));
    expect(a.updateSession('p1', { position: { x: 1, y: 2, z: 3 }, serverId: 's9' })).toBe(true);
    expect(a.updateSession('ghost', { serverId: 's9' })).toBe(false);
    await eventually(async () => {
      const record = await store.sessions.get('p1');
      return E.isRight(record) && record.right?.serverId === 's9' && record.right.position?.z === 3;
    }, 'session written');
  });

  it('while the store is away: degraded, last view kept, writes queued; after a restart everything is put back', async () => {
    const backend = new MemoryBackend();
    const a = await member(backend.createStore(TIMINGS), 'a');
    const b = await member(backend.createStore(TIMINGS), 'b');
    const log = new MemberLog(a);
    expectRight(await a.registerServer({ id: 's1', name: 'one', address: 'x', region: box(0, 0, 0, 1, 1, 1), capacity: 5, version: '1' }));
    expectRight(await a.registerServer({ id: 's2', name: 'two', address: 'x', region: box(1, 0, 0, 2, 1, 1), capacity: 5, version: '1' }));
    expectRight(await a.registerServer({ id: 'dies', name: 'three', address: 'x', region: box(2, 0, 0, 3, 1, 1), capacity: 5, version: '1' }));
    // s1 and s2 are alive and keep reporting through the outage; 'dies' goes silent at once.
    const reporting = setInterval(() => ['s1', 's2'].forEach((id) => a.reportServerLoad(id, LOAD)), INTERVAL / 2);
    expectRight(await a.claimSession({ playerId: 'p1' }));
    await eventually(() => b.view.servers().length === 3, 'b sees servers');

    backend.setAvailable(false);
    await log.waitFor((e) => e.type === 'health' && e.health.status === 'degraded', 'degraded');
    expect(a.view.stale).toBe(true);
    expect(b.view.servers().length).toBe(3); // the last view
    const gone = await a.deregisterServer('s2');
    expect(E.isLeft(gone) && gone.left.kind).toBe('unavailable');
    await sleep(4 * INTERVAL); // no failures are declared while nobody can see heartbeats

    backend.restart(); // came back empty
    backend.setAvailable(true);
    await log.waitFor((e) => e.type === 'health' && e.health.status === 'ok', 'recovered');
    await eventually(() => backend.nodes.has('a') && backend.nodes.has('b'), 'nodes re-registered');
    await eventually(() => backend.servers.has('s1') && !backend.servers.has('s2'), 's1 re-claimed, s2 stays deregistered');
    await eventually(() => backend.sessions.get('p1')?.record.nodeId === 'a', 'session re-claimed');
    // The silent server is not put back: after the settling period it is gone from every view.
    expect(backend.servers.has('dies')).toBe(false);
    await eventually(() => b.view.servers().map((s) => s.id).join() === 's1', 'b view reconciled');
    expect(backend.nodes.get('a')?.status).not.toBe('failed');
    clearInterval(reporting);
    log.close();
  });

  it('a ticket given back while the store is away is given back when it returns, disconnected since the resume failed', async () => {
    const backend = new MemoryBackend();
    const a = await member(backend.createStore(TIMINGS), 'a');
    const b = await member(backend.createStore(TIMINGS), 'b');
    expectRight(await a.claimSession({ playerId: 'p1', ticketId: 't1' }));
    expectRight(await a.parkSession('p1', 10_000));
    expect(expectRight(await b.redeemTicket('p1', 't1')).kind).toBe('redeemed');

    backend.setAvailable(false);
    const failedAt = Date.now();
    const given = await b.returnTicket('p1', 't1');
    expect(E.isLeft(given) && given.left.kind).toBe('unavailable');
    await sleep(300);
    backend.setAvailable(true);

    await eventually(() => backend.sessions.get('p1')?.record.ticketId === 't1', 'ticket given back');
    const disconnectedAt = backend.sessions.get('p1')?.record.disconnectedAt ?? 0;
    expect(disconnectedAt).toBeGreaterThanOrEqual(failedAt);
    expect(disconnectedAt).toBeLessThan(failedAt + 100);
    expect(expectRight(await a.redeemTicket('p1', 't1')).kind).toBe('redeemed');
  });

  it('a server whose region was taken during an outage is reported lost', async () => {
    const backend = new MemoryBackend();
    const a = await member(backend.createStore(TIMINGS), 'a');
    const outsider = backend.createStore(TIMINGS);
    const log = new MemberLog(a);
    expectRight(await a.registerServer({ id: 's1', name: 'one', address: 'x', region: box(0, 0, 0, 10, 10, 10), capacity: 5, version: '1' }));
    a.reportServerLoad('s1', LOAD);
    backend.setAvailable(false);
    backend.restart();
    backend.setAvailable(true);
    // Someone else claims the region before a reconciles.
    expectRight(await outsider.servers.register({ id: 'rival', name: 'r', address: 'y', region: box(5, 5, 5, 6, 6, 6), capacity: 5, version: '1', nodeId: 'z' }));
    const lost = await log.waitFor((e) => e.type === 'server_claim_lost', 'claim lost');
    expect(lost.event).toEqual({ type: 'server_claim_lost', serverId: 's1', conflictsWith: 'rival' });
    log.close();
  });

  it('a node declared failed while alive comes back as joined', async () => {
    let skew = 0;
    const backend = new MemoryBackend({ now: () => Date.now() + skew });
    const a = await member(backend.createStore(TIMINGS), 'a');
    const observer = await member(backend.createStore(TIMINGS), 'o');
    const log = new MemberLog(observer);
    skew = 10_000; // everyone looks silent for 10 s (a long pause, a partition) ...
    const sweep = observer.store.sweep(); // ... and this sweep runs before anyone heartbeats again
    expect(expectRight(await sweep).failedNodes).toContain('a');
    await log.waitFor(isFailed('a'), 'a failed');
    await log.waitFor((e) => e.type === 'node' && e.change === 'joined' && e.node.id === 'a', 'a rejoined');
    await eventually(() => observer.view.node('a')?.status !== 'failed', 'a alive again');
    expect(a.view.node('a')?.status).not.toBe('failed');
    log.close();
  });

  it('stop leaves: the node, its servers and its sessions are gone for everyone', async () => {
    const backend = new MemoryBackend();
    const a = await member(backend.createStore(TIMINGS), 'a');
    const b = await member(backend.createStore(TIMINGS), 'b');
    expectRight(await a.registerServer({ id: 's1', name: 'one', address: 'x', region: null, capacity: 5, version: '1' }));
    expectRight(await a.claimSession({ playerId: 'p1' }));
    await eventually(() => b.view.server('s1') !== undefined, 'b sees s1');
    await a.stop();
    await eventually(() => b.view.node('a') === undefined && b.view.server('s1') === undefined, 'b forgets a and s1');
    expect(backend.sessions.has('p1')).toBe(false);
  });

  it('a drain hands sessions off: flushed with their last client seq and left to expire, not released; servers stay registered', async () => {
    const backend = new MemoryBackend();
    const a = await member(backend.createStore(TIMINGS), 'a');
    expectRight(await a.registerServer({ id: 's1', name: 'one', address: 'x', region: null, capacity: 5, version: '1' }));
    expectRight(await a.claimSession({ playerId: 'p1' }));
    expectRight(await a.claimSession({ playerId: 'p2' }));
    a.updateSession('p1', { lastClientSeq: 7, position: { x: 1, y: 2, z: 3 } });
    await a.flushSessions();
    expect(backend.sessions.get('p1')?.record).toMatchObject({ lastClientSeq: 7, position: { x: 1, y: 2, z: 3 } });
    a.updateSession('p2', { lastClientSeq: 9 });
    await a.stop({ leave: true, handOff: true });
    expect(backend.sessions.get('p2')?.record).toMatchObject({ nodeId: 'a', lastClientSeq: 9 });
    expect(a.session('p1')).toBeUndefined();
    expect(backend.servers.has('s1')).toBe(true); // a game server outlives the node it registered with
  });

  it('writes the sessions it is asked to write now, and leaves the other changed ones for the heartbeat', async () => {
    const backend = new MemoryBackend();
    // No heartbeat during the test: what is written is what was asked for.
    const a = await member(backend.createStore({ ...TIMINGS, heartbeatTimeoutMs: 60_000 }), 'a', { heartbeatIntervalMs: 20_000 });
    expectRight(await a.claimSession({ playerId: 'p1' }));
    expectRight(await a.claimSession({ playerId: 'p2' }));
    a.updateSession('p1', { serverId: 's2', lastClientSeq: 4 });
    a.updateSession('p2', { lastClientSeq: 8 });
    await a.writeSessions(['p1', 'nobody']);
    expect(backend.sessions.get('p1')?.record).toMatchObject({ serverId: 's2', lastClientSeq: 4 });
    expect(backend.sessions.get('p2')?.record.lastClientSeq).toBe(0);
    await a.flushSessions();
    expect(backend.sessions.get('p2')?.record.lastClientSeq).toBe(8);
    await a.stop({ leave: true });
  });

  it('does not rewrite a session whose update changes nothing', async () => {
    const backend = new MemoryBackend();
    const a = await member(backend.createStore({ ...TIMINGS, heartbeatTimeoutMs: 60_000 }), 'a', { heartbeatIntervalMs: 20_000 });
    expectRight(await a.claimSession({ playerId: 'p1', position: { x: 1, y: 2, z: 3 } }));
    a.updateSession('p1', { serverId: 's1', lastClientSeq: 4 });
    await a.flushSessions();
    const written = backend.sessions.get('p1');
    a.updateSession('p1', { serverId: 's1', position: { x: 1, y: 2, z: 3 }, lastClientSeq: 4 });
    await a.flushSessions();
    expect(backend.sessions.get('p1')).toBe(written);
    a.updateSession('p1', { position: { x: 1, y: 2, z: 4 } });
    await a.flushSessions();
    expect(backend.sessions.get('p1')?.record.position).toEqual({ x: 1, y: 2, z: 4 });
    await a.stop({ leave: true });
  });

  it('after a write the member holds the record the store wrote, not a second copy; a change since the write is kept', async () => {
    const backend = new MemoryBackend();
    const store = backend.createStore({ ...TIMINGS, heartbeatTimeoutMs: 60_000 });
    const a = await member(store, 'a', { heartbeatIntervalMs: 20_000 });
    expectRight(await a.claimSession({ playerId: 'p1' }));
    a.updateSession('p1', { serverId: 's1', position: { x: 1.5, y: 2.5, z: 3 } });
    await a.flushSessions();
    expect(a.session('p1')).toBe(backend.sessions.get('p1')?.record);
    // A change made while a write is on its way is not overwritten by the written record.
    a.updateSession('p1', { serverId: 's2' });
    const flushing = a.flushSessions();
    a.updateSession('p1', { serverId: 's3' });
    await flushing;
    expect(a.session('p1')?.serverId).toBe('s3');
    await a.flushSessions();
    expect(a.session('p1')).toBe(backend.sessions.get('p1')?.record);
    expect(backend.sessions.get('p1')?.record).toMatchObject({ serverId: 's3', position: { x: 1.5, y: 2.5, z: 3 } });
    // A refresh of that record (its TTL) keeps the very object: no new copy per refresh.
    const stored = backend.sessions.get('p1')?.record as SessionRecord;
    expect(expectRight(await store.sessions.update(stored, 60_000))).toBe(stored);
    expect(backend.sessions.get('p1')?.record).toBe(stored);
    await a.stop({ leave: true });
  });

  it('a game server that stops reporting is no longer heartbeated and fails', async () => {
    const backend = new MemoryBackend();
    const a = await member(backend.createStore(TIMINGS), 'a');
    const log = new MemberLog(a);
    expectRight(await a.registerServer({ id: 's1', name: 'one', address: 'x', region: null, capacity: 5, version: '1' }));
    await log.waitFor((e) => e.type === 'server' && e.change === 'failed' && e.server.id === 's1', 's1 failed', 2000);
    log.close();
  });
});
