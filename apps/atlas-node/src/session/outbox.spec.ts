import { ActionChannel, CloseCode, type ClientSingleMessage, type PlayerAction } from '@atlas/protocol';
import { FakeSocket, messagesOf } from '../testing/fake-socket';
import { SendStatus } from './client-socket';
import { Outbox, SLOW_CONSUMER_GRACE_MS } from './outbox';
import { ClientSession, Phase } from './session';
import { sessionNow } from './session-clock';

const LIMIT = 10_000;
const move = (x: number): ClientSingleMessage => ({ type: 'PlayerMove', seq: 0, position: { x, y: 0, z: 0 }, velocity: { x: 0, y: 0, z: 0 }, timestamp: 0 });
const action = (tag: number, channel: ActionChannel = ActionChannel.Reliable, size = 1): ClientSingleMessage => ({ type: 'PlayerAction', seq: 0, channel, tag, data: new Uint8Array(size) });

function setup() {
  const counts = { bytes: 0, messages: 0, dropped: 0 };
  const outbox = new Outbox({
    maxBackpressureBytes: () => LIMIT,
    sent: (bytes, messages) => {
      counts.bytes += bytes;
      counts.messages += messages;
    },
    dropped: (n) => (counts.dropped += n),
  });
  const session = (handle = 1): { s: ClientSession; ws: FakeSocket } => {
    const s = new ClientSession(handle, sessionNow());
    const ws = new FakeSocket();
    s.ws = ws;
    s.phase = Phase.Active;
    s.playerId = `p${handle}`;
    return { s, ws };
  };
  return { outbox, counts, session };
}

afterEach(() => jest.restoreAllMocks());

describe('the outbox', () => {
  it("moves the session's oseq line with each numbered action it queues, and leaves the field out for a version 1 client", async () => {
    const { outbox, session } = setup();
    const v2 = session(1);
    v2.s.version = 2;
    outbox.enqueue(v2.s, { ...(action(1) as PlayerAction), oseq: 7 });
    outbox.enqueue(v2.s, action(2));
    // A late one from a server the player left does not move the line back.
    outbox.enqueue(v2.s, { ...(action(3) as PlayerAction), oseq: 5 });
    expect(v2.s.lastOseq).toBe(7);
    const v1 = session(2);
    v1.s.version = 1;
    outbox.enqueue(v1.s, { ...(action(1) as PlayerAction), oseq: 8 });
    expect(v1.s.lastOseq).toBe(0);
    await new Promise((r) => setImmediate(r));
    const oseqs = (ws: FakeSocket): (number | undefined)[] => messagesOf(ws.sent[0]?.data ?? '').map((m) => (m.type === 'PlayerAction' ? m.oseq : -1));
    expect(oseqs(v2.ws)).toEqual([7, undefined, 5]);
    expect(oseqs(v1.ws)).toEqual([undefined]);
  });

  it('writes everything queued in one turn as one corked frame, stamping sequence numbers in order', async () => {
    const { outbox, counts, session } = setup();
    const { s, ws } = session();
    outbox.enqueue(s, move(1));
    outbox.enqueue(s, { type: 'Heartbeat', timestamp: 5, echo: 4 });
    outbox.enqueue(s, action(3));
    expect(ws.sent).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(ws.sent).toHaveLength(1);
    const [frame] = ws.sent;
    expect(frame?.isBinary).toBe(true);
    expect(frame?.cork).toBeGreaterThan(0);
    const out = messagesOf(frame?.data ?? '');
    expect(out.map((m) => [m.type, 'seq' in m ? m.seq : null])).toEqual([['PlayerMove', 1], ['Heartbeat', null], ['PlayerAction', 2]]);
    expect(s.nextSeq).toBe(3);
    expect(counts.messages).toBe(3);
    expect(counts.bytes).toBe((frame?.data as Uint8Array).length);
  });

  it("stamps each player's own numbers on a shared delivery without changing it", () => {
    const { outbox, session } = setup();
    const one = session(1);
    const two = session(2);
    two.s.nextSeq = 40;
    const shared = action(9);
    outbox.enqueue(one.s, shared);
    outbox.enqueue(two.s, shared);
    outbox.flush();
    expect(messagesOf(one.ws.sent[0]?.data ?? '')).toEqual([expect.objectContaining({ seq: 1 })]);
    expect(messagesOf(two.ws.sent[0]?.data ?? '')).toEqual([expect.objectContaining({ seq: 40 })]);
    expect(shared).toMatchObject({ seq: 0 });
  });

  it('holds back above the backpressure limit, coalescing superseded updates, and writes the rest in order once drained', () => {
    const { outbox, counts, session } = setup();
    const { s, ws } = session();
    ws.buffered = LIMIT + 1;
    for (const m of [move(1), action(1), action(7, ActionChannel.UnreliableLatest), move(2), action(7, ActionChannel.UnreliableLatest, 2), action(2)]) outbox.enqueue(s, m);
    outbox.flush();
    expect(ws.sent).toEqual([]);
    expect(counts.dropped).toBe(2);
    expect(ws.ended).toBeNull();
    ws.buffered = 0;
    outbox.drained(s);
    const out = messagesOf(ws.sent[0]?.data ?? '');
    expect(out.map((m) => (m.type === 'PlayerMove' ? `move ${m.position.x}` : m.type === 'PlayerAction' ? `action ${m.tag}/${m.data.length}` : m.type))).toEqual([
      'action 1/1',
      'move 2',
      'action 7/2',
      'action 2/1',
    ]);
    expect(out.map((m) => ('seq' in m ? m.seq : 0))).toEqual([1, 2, 3, 4]);
  });

  it('closes a client whose held queue grows past twice the limit with SlowConsumer, its Disconnect the last frame', () => {
    const { outbox, counts, session } = setup();
    const { s, ws } = session();
    ws.buffered = LIMIT + 1;
    outbox.enqueue(s, action(1, ActionChannel.Reliable, LIMIT));
    outbox.flush();
    expect(ws.ended).toEqual({ code: CloseCode.SlowConsumer, reason: 'client reads too slowly (backpressure limit)' });
    expect(ws.sent).toHaveLength(1);
    expect(messagesOf(ws.sent[0]?.data ?? '')).toEqual([expect.objectContaining({ type: 'Disconnect', code: CloseCode.SlowConsumer })]);
    expect(counts.dropped).toBe(1);
    outbox.enqueue(s, action(2));
    outbox.flush();
    expect(ws.sent).toHaveLength(1);
  });

  it('closes a client that stays above the limit for the grace period, even with a small queue', () => {
    const { outbox, session } = setup();
    const { s, ws } = session();
    const now = jest.spyOn(performance, 'now').mockReturnValue(1_000_000);
    ws.buffered = LIMIT + 1;
    outbox.enqueue(s, move(1));
    outbox.flush();
    now.mockReturnValue(1_000_000 + SLOW_CONSUMER_GRACE_MS);
    outbox.enqueue(s, move(2));
    outbox.flush();
    expect(ws.ended).toBeNull();
    now.mockReturnValue(1_000_001 + SLOW_CONSUMER_GRACE_MS);
    outbox.enqueue(s, move(3));
    outbox.flush();
    expect(ws.ended?.code).toBe(CloseCode.SlowConsumer);
  });

  it('closes a client whose frame the transport dropped', () => {
    const { outbox, session } = setup();
    const { s, ws } = session();
    ws.sendStatus = SendStatus.Dropped;
    outbox.enqueue(s, move(1));
    outbox.flush();
    expect(ws.ended).toEqual({ code: CloseCode.SlowConsumer, reason: 'client reads too slowly (send dropped)' });
  });

  it('closes with last words only for established sessions, once', () => {
    const { outbox, session } = setup();
    const open = session(1);
    outbox.enqueue(open.s, action(1));
    outbox.close(open.s, CloseCode.Kicked, 'removed by the game server');
    outbox.close(open.s, CloseCode.IdleTimeout, 'again');
    expect(open.ws.ended).toEqual({ code: CloseCode.Kicked, reason: 'removed by the game server' });
    expect(messagesOf(open.ws.sent[0]?.data ?? '').map((m) => m.type)).toEqual(['PlayerAction', 'Disconnect']);

    const handshaking = session(2);
    handshaking.s.phase = Phase.Handshake;
    outbox.close(handshaking.s, CloseCode.HandshakeTimeout, 'x'.repeat(200));
    expect(handshaking.ws.sent).toEqual([]);
    expect(handshaking.ws.ended).toEqual({ code: CloseCode.HandshakeTimeout, reason: 'x'.repeat(123) });

    const never = new ClientSession(3, sessionNow());
    outbox.close(never, CloseCode.ServerFull, 'full');
    expect(never.phase).toBe(Phase.Closed);
  });
});
