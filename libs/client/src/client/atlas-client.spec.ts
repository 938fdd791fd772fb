import * as E from 'fp-ts/lib/Either.js';
import WebSocket from 'ws';
import { until } from '@atlas/common/testing';
import * as nodeCrypto from '@atlas/crypto/node';
import { ActionChannel, Codec, CloseCode, SyncMode, TransferPhase, TransferReason, type ClientSingleMessage, type PlayerAction } from '@atlas/protocol';
import { createAtlasClient, type AtlasClient, type AtlasClientEvents, type AtlasClientOptions } from '..';
import { startFakeNode, type FakeNode, type FakeNodeOptions, type FakeSession } from '../../test/fake-node';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const seqs = (ms: readonly ClientSingleMessage[], type: 'PlayerAction' | 'PlayerMove'): number[] => ms.flatMap((m) => (m.type === type ? [m.seq] : []));
const act = (seq: number, tag = 1): PlayerAction => ({ type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag, data: bytes(`a${seq}`) });

/** The first argument of each `event` that `c` emits from now on, in order. */
function collect<K extends keyof AtlasClientEvents>(c: AtlasClient, event: K): Array<Parameters<AtlasClientEvents[K]>[0]> {
  const got: Array<Parameters<AtlasClientEvents[K]>[0]> = [];
  c.on(event, ((x: Parameters<AtlasClientEvents[K]>[0]) => void got.push(x)) as AtlasClientEvents[K]);
  return got;
}

describe('AtlasClient', () => {
  let node: FakeNode;
  const clients: AtlasClient[] = [];
  const boot = async (o: FakeNodeOptions = {}): Promise<void> => {
    node = await startFakeNode(o);
  };
  /** The node's `i`-th session (in the order clients connected), which the test needs to exist. */
  const session = (i: number): FakeSession => {
    const s = node.sessions[i];
    if (s === undefined) throw new Error(`no session ${i}`);
    return s;
  };
  const client = (o: Partial<AtlasClientOptions> = {}): AtlasClient => {
    const c = createAtlasClient({ url: node.url, token: 'p1', WebSocket, syncCrypto: nodeCrypto, ...o });
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await node.stop();
  });

  it('opens an encrypted session and sends everything of one turn as one sealed frame with per-player seqs', async () => {
    await boot();
    const c = client({ syncCrypto: undefined });
    expect(await c.connect()).toMatchObject(E.right({ playerId: 'p1', sessionId: 's-1', encrypted: true, codecs: [Codec.Lz4, Codec.X25519Aes256Gcm] }));
    expect(c.state).toBe('open');
    const s = session(0);
    const before = s.frames;
    c.move({ x: 1, y: 2, z: 3 });
    for (let i = 0; i < 49; i++) c.action(i, bytes('x'.repeat(200)));
    await until(() => s.received.length === 50);
    expect(s.frames - before).toBe(1);
    expect(seqs(s.received, 'PlayerMove')).toEqual([1]);
    expect(seqs(s.received, 'PlayerAction')).toEqual([...Array(49).keys()].map((i) => i + 2));
  });

  it('emits typed events and drops duplicates while counting loss, duplicates and reordering', async () => {
    await boot();
    const c = client();
    const got: string[] = [];
    c.on('action', (a) => got.push(`action ${a.seq}`));
    c.on('state', (st) => got.push(`state ${st.seq}`));
    c.on('transfer', (t) => got.push(`transfer ${t.seq} ${t.phase}`));
    c.on('error', (e) => got.push(`error ${e.code}`));
    await c.connect();
    const s = session(0);
    s.send(act(1), { type: 'StateSync', seq: 2, mode: SyncMode.Full, baseSeq: 0, data: bytes('w') }, act(2), act(5), act(4));
    s.send({ type: 'ServerTransfer', seq: 3, transferId: 9, fromServer: 'a', toServer: 'b', reason: TransferReason.Boundary, phase: TransferPhase.Started });
    s.send({ type: 'ServerTransfer', seq: 6, transferId: 9, fromServer: 'a', toServer: 'b', reason: TransferReason.Boundary, phase: TransferPhase.Completed });
    s.send({ type: 'Error', code: 4106, message: 'unroutable' });
    await until(() => got.length === 7);
    expect(got).toEqual(['action 1', 'state 2', 'action 5', 'action 4', 'transfer 3 1', 'transfer 6 2', 'error 4106']);
    expect(c.stats().sequence).toEqual({ inOrder: 3, gaps: 1, missing: 0, late: 2, duplicates: 1 });
    expect(c.stats().transfers).toEqual({ started: 1, completed: 1, aborted: 0 });
    expect(node.connections).toBe(1);
  });

  it('answers node heartbeats and measures RTT from its own', async () => {
    await boot({ heartbeatMs: 50 });
    const c = client();
    const rtts = collect(c, 'rtt');
    await c.connect();
    const s = session(0);
    s.send({ type: 'Heartbeat', timestamp: 777, echo: 0 });
    await until(() => rtts.length > 0 && s.received.some((m) => m.type === 'Heartbeat' && m.echo === 777));
    expect(rtts[0]).toBeGreaterThanOrEqual(0);
  });

  it('heartbeats at the interval the caller sets, not the interval of the node', async () => {
    await boot({ heartbeatMs: 60_000 });
    const c = client({ heartbeat: { intervalMs: 30 } });
    const rtts = collect(c, 'rtt');
    await c.connect();
    const s = session(0);
    await until(() => rtts.length >= 3);
    expect(s.received.filter((m) => m.type === 'Heartbeat').length).toBeGreaterThanOrEqual(3);
    expect(c.stats().rttMs).toBeGreaterThanOrEqual(0);
  });

  it('pings on demand: each call gets its own round trip, and fails when not open or when no echo comes', async () => {
    await boot();
    const c = client({ heartbeat: false });
    expect(await c.ping()).toMatchObject(E.left({ kind: 'closed', message: expect.stringContaining('idle') }));
    const rtts = collect(c, 'rtt');
    await c.connect();
    const [a, b] = await Promise.all([c.ping(), c.ping()]);
    expect(E.isRight(a) && E.isRight(b) && a.right >= 0 && b.right >= 0).toBe(true);
    expect(rtts).toHaveLength(2);
    const s = session(0);
    const stamps = s.received.flatMap((m) => (m.type === 'Heartbeat' ? [m.timestamp] : []));
    expect(new Set(stamps).size).toBe(2);

    await c.close();
    expect(await c.ping()).toMatchObject(E.left({ kind: 'closed' }));
  });

  it('ends a ping without an echo after its timeout, and a waiting ping when the session closes', async () => {
    await boot({ echoHeartbeats: false });
    const c = client({ heartbeat: false, reconnect: false });
    await c.connect();
    expect(await c.ping(30)).toMatchObject(E.left({ kind: 'closed', message: expect.stringContaining('no heartbeat echo within 30 ms') }));
    const waiting = c.ping();
    session(0).close(CloseCode.NodeShutdown, 'draining');
    expect(await waiting).toMatchObject(E.left({ kind: 'closed', message: expect.stringContaining('closed before the heartbeat echo') }));
  });

  it('reconnects with the resume ticket, sends Resume, and re-sends what the node missed', async () => {
    await boot();
    const c = client({ reconnect: { baseDelayMs: 10 } });
    const closes = collect(c, 'close');
    await c.connect();
    const first = session(0);
    first.send(act(1), { ...act(2), oseq: 6 });
    for (let i = 0; i < 5; i++) c.action(i, bytes('x'));
    await until(() => first.received.length === 5);
    first.close(CloseCode.NodeShutdown, 'draining');
    await until(() => c.state === 'reconnecting');
    for (let i = 5; i < 10; i++) c.action(i, bytes('y'));
    await until(() => node.sessions.length === 2 && c.state === 'open');
    const second = session(1);
    await until(() => second.received.filter((m) => m.type === 'PlayerAction').length === 5);
    expect(second.resumed).toBe(true);
    expect(second.connect.resumeTicket).toBe('ticket:s-1');
    // Version 2: the Resume also says the newest game-server number taken.
    expect(second.received[0]).toEqual({ type: 'Resume', lastReceivedSeq: 2, lastOseq: 6 });
    expect(seqs(second.received, 'PlayerAction')).toEqual([6, 7, 8, 9, 10]);
    expect(closes).toEqual([{ code: CloseCode.NodeShutdown, reason: 'draining', willReconnect: true }]);
    expect(c.session).toMatchObject({ sessionId: 's-1', resumed: true });
    expect(c.stats().reconnects).toBe(1);
  });

  it('takes a numbered action once: a replay after a resume passes only with a newer oseq', async () => {
    await boot();
    const c = client({ reconnect: { baseDelayMs: 10 } });
    const got: string[] = [];
    c.on('action', (a) => got.push(`${a.tag}:${a.oseq ?? '-'}`));
    await c.connect();
    const first = session(0);
    first.send({ ...act(1, 1), oseq: 1 }, { ...act(2, 2), oseq: 2 });
    await until(() => got.length === 2);
    first.close(undefined);
    await until(() => node.sessions.length === 2 && c.state === 'open');
    const second = session(1);
    await until(() => second.received.length > 0);
    expect(second.received[0]).toMatchObject({ type: 'Resume', lastOseq: 2 });
    // The server sends again what it kept (2 is had, 3 is new), then new and unnumbered actions
    // (node seqs go on from the first session's: the node's Resume said so).
    second.send({ ...act(3, 2), oseq: 2 }, { ...act(4, 3), oseq: 3 }, act(5, 4), { ...act(6, 5), oseq: 4 });
    await until(() => got.length === 5);
    expect(got).toEqual(['1:1', '2:2', '3:3', '4:-', '5:4']);
    expect(c.stats().replaysDropped).toBe(1);
  });

  it('re-sends frames lost in flight when the node says what it got, and waits for that answer', async () => {
    await boot();
    const c = client({ reconnect: { baseDelayMs: 10 } });
    await c.connect();
    const first = session(0);
    c.action(1, bytes('a'));
    await until(() => first.received.length === 1);
    first.close(undefined); // TCP drop: the client does not learn of it before its next sends
    c.action(2, bytes('b'));
    c.action(3, bytes('c'));
    await until(() => node.sessions.length === 2);
    const second = session(1);
    await until(() => seqs(second.received, 'PlayerAction').length === 2);
    expect(seqs(second.received, 'PlayerAction')).toEqual([2, 3]);
  });

  it('sends what never left after the resume wait when the node sends no Resume', async () => {
    await boot({ sendResume: false });
    const c = client({ reconnect: { baseDelayMs: 10 }, resumeWaitMs: 100 });
    await c.connect();
    session(0).close(CloseCode.NodeShutdown);
    await until(() => c.state === 'reconnecting');
    c.action(1, bytes('held'));
    await until(() => node.sessions.length === 2);
    const second = session(1);
    await until(() => seqs(second.received, 'PlayerAction').length === 1);
    expect(second.received.map((m) => m.type)).toEqual(['Resume', 'PlayerAction']);
  });

  it('does not reconnect after a terminal close code, and gives up after maxAttempts', async () => {
    await boot();
    const kicked = client();
    const closes = collect(kicked, 'close');
    await kicked.connect();
    session(0).close(CloseCode.Kicked, 'bye');
    await until(() => kicked.state === 'closed');
    expect(closes).toEqual([{ code: CloseCode.Kicked, reason: 'bye', willReconnect: false }]);

    const lonely = client({ reconnect: { maxAttempts: 2, baseDelayMs: 5 } });
    const attempts = collect(lonely, 'reconnecting');
    const end = collect(lonely, 'close');
    await lonely.connect();
    await node.stop();
    await until(() => lonely.state === 'closed');
    expect(attempts).toEqual([1, 2]);
    expect(end.at(-1)).toMatchObject({ willReconnect: false });
  });

  it('reports the Disconnect the node sent before a reset connection (the socket sees 1006)', async () => {
    await boot();
    const c = client({ reconnect: false });
    const seen: string[] = [];
    c.on('disconnect', (d) => seen.push(`disconnect ${d.code} ${d.reason}`));
    c.on('close', (i) => seen.push(`close ${i.code}`));
    await c.connect();
    const s = session(0);
    s.send({ type: 'Disconnect', code: CloseCode.SlowConsumer, reason: 'send buffer full' });
    await until(() => seen.length === 1);
    s.close(); // terminate: no close frame
    await until(() => c.state === 'closed');
    expect(seen).toEqual([`disconnect ${CloseCode.SlowConsumer} send buffer full`, 'close 1006']);
  });

  it('closes with DecryptFailed on a tampered sealed frame, then resumes', async () => {
    await boot();
    const c = client({ reconnect: { baseDelayMs: 10 } });
    const closes = collect(c, 'close');
    await c.connect();
    const bogus = new Uint8Array(64);
    bogus[0] = 0x11; // version 1, server -> client
    session(0).sendRaw(bogus);
    await until(() => node.sessions.length === 2 && c.state === 'open');
    expect(closes[0]).toMatchObject({ code: CloseCode.DecryptFailed, willReconnect: true });
    expect(c.stats().badFrames).toBe(1);
  });

  it('mixes a pre-shared key into the session keys when the node asks for psk-aes256gcm', async () => {
    const psk = { secret: 'closed deployment secret', salt: 'a salt of 16+ bytes!', iterations: 100_000 };
    const key = nodeCrypto.derivePreSharedKeySync(psk);
    if (E.isLeft(key)) throw new Error('psk');
    await boot({ families: [[Codec.Raw], [Codec.PskAes256Gcm]], psk: key.right });
    expect(await client({ psk }).connect()).toMatchObject(E.right({ codecs: [Codec.Raw, Codec.PskAes256Gcm], encrypted: true }));
    expect(await client({ psk: key.right, syncCrypto: undefined, token: 'p2' }).connect()).toMatchObject(E.right({ encrypted: true }));
    expect(await client({ token: 'p3' }).connect()).toMatchObject(E.left({ code: CloseCode.UnsupportedCodec }));
  });

  it('refuses plaintext unless allowed, and speaks JSON text frames when both ends allow plaintext', async () => {
    await boot({ families: [[Codec.Raw], [Codec.Plaintext]] });
    expect(await client().connect()).toMatchObject(E.left({ kind: 'handshake', code: CloseCode.UnsupportedCodec }));
    const c = client({ encryption: 'off', encoding: 'json', compression: ['raw'] });
    expect(await c.connect()).toMatchObject(E.right({ encrypted: false }));
    c.action(1, bytes('json'));
    const s = session(0);
    await until(() => s.received.length === 1);
    expect(s.received[0]).toMatchObject({ type: 'PlayerAction', seq: 1, tag: 1 });
  });

  it('fails the handshake after its timeout, and without a WebSocket implementation', async () => {
    await boot({ silent: true });
    expect(await client({ handshakeTimeoutMs: 100 }).connect()).toMatchObject(E.left({ code: CloseCode.HandshakeTimeout }));
    const none = createAtlasClient({ url: node.url, token: 'x', syncCrypto: nodeCrypto });
    expect(await none.connect()).toMatchObject(E.left({ kind: 'socket', message: expect.stringContaining('WebSocket') }));
  });

  it('says goodbye on close() and emits one close event', async () => {
    await boot();
    const c = client();
    const closes = collect(c, 'close');
    await c.connect();
    await c.close();
    const s = session(0);
    await until(() => s.received.some((m) => m.type === 'Disconnect'));
    expect(closes).toEqual([{ code: 1000, reason: 'client closed', willReconnect: false }]);
    expect(c.state).toBe('closed');
  });
});
