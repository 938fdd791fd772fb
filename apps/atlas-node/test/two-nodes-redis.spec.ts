// Two nodes sharing a real Redis (127.0.0.1:6379, a random key prefix): a game server
// registered on node A serves a client of node B, and a player of A resumes on B with
// its ticket after A drains (SIGTERM path), keeping its player id, session and sequence.
import { ActionChannel, CloseCode } from '@atlas/protocol';
import { deleteKeys, randomPrefix, testRedisUrl } from '@atlas/cluster/testing';
import type { AtlasNode } from '../src/node';
import { bootNode, box, startServer, until, type TestServer } from './support/harness';
import { connectClient } from './support/test-client';

const move = (seq: number, x: number, y: number) => ({ type: 'PlayerMove' as const, seq, timestamp: Date.now(), position: { x, y, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const action = (seq: number, n: number) => ({ type: 'PlayerAction' as const, seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(n) });

describe('two nodes on Redis', () => {
  const prefix = randomPrefix('node-e2e');
  const shared = {
    cluster: { store: 'redis' as const, redis_url: testRedisUrl() },
    security: { token_secret: 'a shared token secret of at least 32 chars', resume_ticket_ttl: 60 },
  };
  let a: AtlasNode;
  let b: AtlasNode;
  let server: TestServer;

  beforeAll(async () => {
    a = await bootNode(shared, { keyPrefix: prefix });
    b = await bootNode(shared, { keyPrefix: prefix });
    server = await startServer(a, 'world', box(0, 0, 100, 100));
  });

  afterAll(async () => {
    await server.stop();
    await Promise.all([a.drain(), b.drain()]);
    await deleteKeys(testRedisUrl(), prefix);
  });

  it('lets a client of node B use a game server registered on node A', async () => {
    await until(() => b.snapshot().links.some((l) => l.state === 'up'), 5000, 'B links to the server registered on A');
    const c = await connectClient(`ws://127.0.0.1:${b.port}/ws`);
    c.send(move(1, 50, 50), action(2, 7));
    expect((await c.next('PlayerAction')).data[0]).toBe(7);
    expect(server.server.player(c.welcome.playerId)?.link.nodeId).toBe(b.nodeId);
    await c.close();
  });

  it('resumes a player of A on B after A drains, with messages in flight: gap-free and duplicate-free both ways', async () => {
    await until(() => a.snapshot().links.some((l) => l.state === 'up'), 5000, 'A links to its server');
    const atServer: number[] = [];
    const off = server.server.on('message', (p, m) => {
      if (p.playerId === c.welcome.playerId && (m.type === 'PlayerMove' || m.type === 'PlayerAction')) atServer.push(m.seq);
    });
    const c = await connectClient(`ws://127.0.0.1:${a.port}/ws`);
    c.send(move(1, 20, 20), action(2, 2));
    await c.next('PlayerAction');
    const { playerId, sessionId, resumeTicket } = c.welcome;
    expect(resumeTicket).not.toBe('');

    // Some actions are on the wire when A drains, more are sent after it stopped reading.
    for (let seq = 3; seq <= 8; seq++) c.send(action(seq, seq));
    const drained = a.drain();
    for (let seq = 9; seq <= 12; seq++) c.send(action(seq, seq));
    const bye = await c.next('Disconnect');
    expect(bye.code).toBe(CloseCode.NodeShutdown);
    expect((await c.closed).code).toBe(CloseCode.NodeShutdown);
    await drained;
    const forwardedByA = atServer.length;
    expect(forwardedByA).toBeLessThanOrEqual(8); // 9..12 came after A stopped reading
    expect(atServer).toEqual(Array.from({ length: forwardedByA }, (_, i) => i + 1));

    const lastSeq = c.tracker.lastReceived();
    const r = await connectClient(`ws://127.0.0.1:${b.port}/ws`, { resumeTicket, lastReceivedSeq: lastSeq });
    expect(r.welcome).toMatchObject({ resumed: true, playerId, sessionId });
    // B's first word is its Resume: the last client seq A forwarded, read from the session directory.
    const nodeResume = await r.next('Resume');
    expect(r.received[0]).toBe(nodeResume);
    expect(nodeResume.lastReceivedSeq).toBe(forwardedByA);
    // The client re-sends exactly what was not forwarded, then goes on.
    for (let seq = nodeResume.lastReceivedSeq + 1; seq <= 12; seq++) r.send(action(seq, seq));
    r.send(move(13, 21, 20), action(14, 14));
    const last = await r.next('PlayerAction', (m) => m.data[0] === 14);
    expect(atServer).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    // Node -> client: B continues the numbering where the client stopped, without gaps or repeats.
    const echoes = r.received.filter((m) => m.type === 'PlayerAction').map((m) => m.seq);
    expect(echoes).toEqual(Array.from({ length: echoes.length }, (_, i) => lastSeq + 1 + i));
    expect(last.seq).toBe(lastSeq + echoes.length);
    expect(c.tracker.stats()).toMatchObject({ gaps: 0, duplicates: 0 });
    expect(server.server.player(playerId)?.link.nodeId).toBe(b.nodeId);
    off();
    await r.close();
  });

  it('refuses a forged or stale ticket with ResumeFailed', async () => {
    await expect(connectClient(`ws://127.0.0.1:${b.port}/ws`, { resumeTicket: 'rt1.eyJ4IjoxfQ.AAAA' })).rejects.toMatchObject({ code: CloseCode.ResumeFailed });
  });
});
