import { DEFAULT_CONFIG, type AtlasConfig } from '@atlas/config';
import { ClientHandshake, CloseCode, Codec, DetachReason, ErrorCode, encodeClientFrame, type ClientMessage, type ClientSingleMessage, type Welcome } from '@atlas/protocol';
import type { PlayerRoutes } from '../routing/ports';
import { FakeSocket } from '../testing/fake-socket';
import { PlayerAuth } from './auth';
import { createCodecPolicy } from './codecs';
import { SessionHub } from './hub';
import { Outbox } from './outbox';
import { ClientSession, Phase } from './session';
import { sessionNow } from './session-clock';

const config: AtlasConfig = {
  ...DEFAULT_CONFIG,
  security: { ...DEFAULT_CONFIG.security, allow_anonymous: true, require_encryption: false, token_secret: '', psk: '' },
  limits: { ...DEFAULT_CONFIG.limits, max_frame_bytes: 1024, max_messages_per_second: 5, idle_timeout: 30, handshake_timeout: 5 },
};
const move = (seq: number): ClientSingleMessage => ({ type: 'PlayerMove', seq, position: { x: seq, y: 0, z: 0 }, velocity: { x: 0, y: 0, z: 0 }, timestamp: 0 });
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function setup() {
  const outbox = new Outbox({ maxBackpressureBytes: () => 1 << 20 });
  const routed: string[] = [];
  const routes: PlayerRoutes<ClientSession> = {
    fromClient: (s, m) => routed.push(`${s.handle} ${m.type}${'seq' in m ? ` ${m.seq}` : ''}`),
    place: (s) => routed.push(`${s.handle} place${s.lastOseq > 0 ? ` after oseq ${s.lastOseq}` : ''}`),
    // Like the router's: leaving unroutes the player.
    leave: (s, why) => {
      routed.push(`${s.handle} leave ${why}`);
      s.server = null;
    },
  };
  const events = { closed: [] as number[], decodeErrors: 0, failures: [] as string[] };
  const hub = new SessionHub({
    config: () => config,
    codecs: createCodecPolicy(config.compression, config.security, 1 << 20),
    outbox,
    routes,
    handshake: { auth: new PlayerAuth(config.security, 'test-node'), psk: undefined, keyRotationSeconds: () => 3600, failed: (r) => events.failures.push(r) },
    cluster: () => undefined,
    sessions: new Map(),
    events: { closed: (_s, code) => events.closed.push(code), decodeError: () => events.decodeErrors++ },
  });
  const connect = (): { s: ClientSession; ws: FakeSocket } => {
    const s = new ClientSession(hub.allocateHandle(), sessionNow());
    const ws = new FakeSocket();
    hub.opened(ws, s);
    return { s, ws };
  };
  /** A session past its handshake (plaintext, binary, uncompressed). */
  const established = (resumed = false): { s: ClientSession; ws: FakeSocket } => {
    const c = connect();
    c.s.playerId = `p${c.s.handle}`;
    hub.established(c.s, resumed);
    return c;
  };
  const send = (s: ClientSession, m: ClientMessage): void => {
    const frame = encodeClientFrame(m, 'binary') as Uint8Array;
    hub.received(s, frame.slice().buffer, true);
  };
  /** The edge's close handler, after the socket ended. */
  const socketClosed = (c: { s: ClientSession; ws: FakeSocket }): void => hub.closed(c.s, c.ws.ended?.code ?? 1006);
  return { hub, outbox, routed, events, connect, established, send, socketClosed };
}

describe('the session hub', () => {
  it('runs the handshake over the socket and opens an anonymous plaintext session', async () => {
    const t = setup();
    const c = t.connect();
    const client = new ClientHandshake({ token: '', keyShare: new Uint8Array(0), codecs: [Codec.Raw, Codec.Plaintext] });
    const [hello] = client.start(Date.now());
    if (hello?.kind !== 'send') throw new Error('no PlayerConnect');
    const bytes = hello.frame as Uint8Array;
    t.hub.received(c.s, bytes.slice().buffer, true);
    await tick();
    expect(c.s.phase).toBe(Phase.Active);
    const [welcome] = c.ws.messages() as [Welcome];
    expect(welcome).toMatchObject({ type: 'Welcome', playerId: c.s.playerId, resumed: false });
    expect(c.s.playerId).toMatch(/^anon-/);
    expect(t.hub.byPlayer.get(c.s.playerId)).toBe(c.s);
    expect(c.s.handshake).toBeNull();
  });

  it('refuses a handshake that is not a PlayerConnect, closing with a named code', async () => {
    const t = setup();
    const c = t.connect();
    t.send(c.s, move(1));
    await tick();
    expect(c.ws.ended?.code).toBe(CloseCode.ProtocolViolation);
    expect(t.events.failures).toHaveLength(1);
    t.socketClosed(c);
    expect(t.routed).toEqual([]);
    expect(t.hub.sessions.size).toBe(0);
  });

  it("routes an active player's game messages and answers heartbeats itself", () => {
    const t = setup();
    const { s, ws } = t.established();
    t.send(s, move(1));
    t.send(s, { type: 'Heartbeat', timestamp: 77, echo: 0 });
    t.send(s, { type: 'Batch', messages: [move(2), { type: 'PlayerAction', seq: 3, channel: 0, tag: 1, data: Uint8Array.of(1) }] });
    expect(t.routed).toEqual([`${s.handle} PlayerMove 1`, `${s.handle} PlayerMove 2`, `${s.handle} PlayerAction 3`]);
    expect(s.lastClientSeq).toBe(3);
    t.outbox.flush();
    expect(ws.messages()).toEqual([expect.objectContaining({ type: 'Heartbeat', echo: 77 })]);
    // Its own timestamp is the wall clock, which a peer may compare with its own.
    const [answer] = ws.messages() as { timestamp: number }[];
    expect(Math.abs((answer?.timestamp ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('answers an undecodable frame with an Error and keeps the session', () => {
    const t = setup();
    const { s, ws } = t.established();
    t.hub.received(s, Uint8Array.of(0xff, 0xfe, 0xfd).buffer, true);
    t.outbox.flush();
    expect(ws.messages()).toEqual([expect.objectContaining({ type: 'Error', code: ErrorCode.InvalidFrame })]);
    expect(t.events.decodeErrors).toBe(1);
    expect(ws.ended).toBeNull();
  });

  it('closes a frame above max_frame_bytes with FrameTooLarge, after a Disconnect saying why', () => {
    const t = setup();
    const c = t.established();
    t.hub.received(c.s, new ArrayBuffer(1025), true);
    expect(c.ws.ended?.code).toBe(CloseCode.FrameTooLarge);
    expect(c.ws.messages()).toEqual([expect.objectContaining({ type: 'Disconnect', code: CloseCode.FrameTooLarge })]);
    expect(t.routed).toEqual([]);
  });

  it('drops messages over the rate with one Error, then closes at twice the allowance', () => {
    const t = setup();
    const { s, ws } = t.established();
    for (let i = 1; i <= 6; i++) t.send(s, move(i));
    expect(t.routed).toHaveLength(5);
    t.outbox.flush();
    expect(ws.messages()).toEqual([expect.objectContaining({ type: 'Error', code: ErrorCode.RateLimited })]);
    for (let i = 7; i <= 16; i++) t.send(s, move(i));
    expect(ws.ended?.code).toBe(CloseCode.RateLimited);
    expect(t.routed).toHaveLength(5);
  });

  it('asks a resumed client for what never arrived, and places it on its Resume', () => {
    const t = setup();
    const c = t.connect();
    c.s.playerId = 'p-resumed';
    c.s.lastClientSeq = 7;
    t.hub.established(c.s, true);
    expect(c.s.phase).toBe(Phase.Resuming);
    t.outbox.flush();
    expect(c.ws.messages()).toEqual([{ type: 'Resume', lastReceivedSeq: 7 }]);
    // Version 2: the client also says which game-server numbers it has, before it is placed.
    t.send(c.s, { type: 'Resume', lastReceivedSeq: 41, lastOseq: 9 });
    expect(c.s.phase).toBe(Phase.Active);
    expect(c.s.nextSeq).toBe(42);
    expect(t.routed).toEqual([`${c.s.handle} place after oseq 9`]);
  });

  it("detaches a closed player with the reason its close code means, and forgets it", () => {
    const t = setup();
    const cases: [number, number][] = [
      [1000, DetachReason.Disconnected],
      [CloseCode.IdleTimeout, DetachReason.Suspended],
      [1006, DetachReason.Suspended],
      [CloseCode.Kicked, DetachReason.Kicked],
      [CloseCode.NodeShutdown, DetachReason.NodeShutdown],
    ];
    const expected: string[] = [];
    for (const [code, reason] of cases) {
      const { s } = t.established();
      t.hub.closed(s, code);
      expected.push(`${s.handle} leave ${reason}`);
      expect(t.hub.sessions.has(s.handle)).toBe(false);
      expect(s.phase).toBe(Phase.Closed);
    }
    expect(t.routed).toEqual(expected);
    expect(t.hub.byPlayer.size).toBe(1);
  });

  it('remembers a lost player on the server it was on, not the source of its last transfer', () => {
    const t = setup();
    const { s } = t.established();
    Object.assign(s, { server: 'target', prevServer: 'source', takenSeq: 12, placed: true });
    t.hub.closed(s, 1006);
    expect(t.hub.departed.get(s.playerId)).toMatchObject({ server: 'target', takenSeq: 12 });
    // Parked after its server was lost: the lost server is the one that knows what it took.
    const parked = t.established().s;
    Object.assign(parked, { server: null, prevServer: 'lost' });
    t.hub.closed(parked, 1006);
    expect(t.hub.departed.get(parked.playerId)).toMatchObject({ server: 'lost' });
  });

  it('closes idle sessions and stalled handshakes in its sweep', () => {
    const t = setup();
    const idle = t.established();
    const handshaking = t.connect();
    t.hub.sweep(sessionNow() + 6_000);
    expect(handshaking.ws.ended?.code).toBe(CloseCode.HandshakeTimeout);
    expect(idle.ws.ended).toBeNull();
    t.hub.sweep(sessionNow() + 31_000);
    expect(idle.ws.ended?.code).toBe(CloseCode.IdleTimeout);
  });

  it('times out on the session clock: a wall clock stepped forward by an hour closes no one early', () => {
    const t = setup();
    const idle = t.established();
    const wall = Date.now();
    const stepped = jest.spyOn(Date, 'now').mockReturnValue(wall + 3_600_000);
    try {
      const handshaking = t.connect();
      t.send(idle.s, { type: 'Heartbeat', timestamp: 1, echo: 0 });
      t.hub.sweep(sessionNow() + 1_000);
      expect(idle.ws.ended).toBeNull();
      expect(handshaking.ws.ended).toBeNull();
      t.hub.sweep(sessionNow() + 31_000);
      expect(idle.ws.ended?.code).toBe(CloseCode.IdleTimeout);
      expect(handshaking.ws.ended?.code).toBe(CloseCode.HandshakeTimeout);
    } finally {
      stepped.mockRestore();
    }
  });

  it('forwards nothing once frozen (drain), so the last client seq stays exact', () => {
    const t = setup();
    const { s } = t.established();
    t.send(s, move(1));
    t.hub.freeze();
    t.send(s, move(2));
    expect(t.routed).toEqual([`${s.handle} PlayerMove 1`]);
    expect(s.lastClientSeq).toBe(1);
  });
});
