import { CloseCode, DetachReason, ErrorCode, TransferPhase, TransferReason, TransferRole, type ClientSingleMessage, type ServerSingleMessage } from '@atlas/protocol';
import { fakeServer } from '../testing/fake-links';
import { move, routingFixture as setup } from '../testing/routing-fixture';

const forwarded = (sent: readonly ServerSingleMessage[]): number[] => sent.flatMap((m) => (m.type === 'Forward' && 'seq' in m.message ? [m.message.seq] : []));
const act = (seq: number): ClientSingleMessage => ({ type: 'PlayerAction', seq, channel: 0, tag: 1, data: Uint8Array.of(seq) });
type Fixture = ReturnType<typeof setup>;
type Player = ReturnType<Fixture['join']>;

/** Walks `p` (on `a` at x 90) over the border with moves `seq` and `seq + 1`: its transfer to `b` starts. */
function cross(t: Fixture, p: Player, seq: number): void {
  t.router.fromClient(p, move(seq, 100.5));
  t.router.fromClient(p, move(seq + 1, 102));
}

/** The source hands `p` over and the target accepts: its route switches to `b`. */
function handOver(t: Fixture, p: Player): void {
  t.a.receive({ type: 'TransferState', handle: p.handle, transferId: p.transferId, state: Uint8Array.of() });
  t.b.receive({ type: 'TransferAccept', handle: p.handle, transferId: p.transferId });
}

describe('the router', () => {
  it("attaches a player on its first move to the position's owner, then forwards its messages there", () => {
    const t = setup();
    const p = t.join(1, 10);
    expect(t.a.sent.map((m) => m.type)).toEqual(['Attach', 'Forward']);
    expect(t.a.sentOf('Attach')[0]).toMatchObject({ handle: 1, playerId: 'p1', sessionId: 's1', position: { x: 10, y: 50, z: 0 } });
    expect(p.server).toBe('a');
    expect(t.gauge.get('a')).toBe(1);
    t.router.fromClient(p, { type: 'PlayerAction', seq: 2, channel: 0, tag: 1, data: Uint8Array.of(1) });
    expect(forwarded(t.a.sent)).toEqual([1, 2]);
    expect(t.b.sent).toEqual([]);
  });

  it('tells a player without a position, once, that it must move first', () => {
    const t = setup();
    const p = t.join(1);
    const act: ClientSingleMessage = { type: 'PlayerAction', seq: 1, channel: 0, tag: 1, data: Uint8Array.of(1) };
    t.router.fromClient(p, act);
    t.router.fromClient(p, act);
    expect(t.clients.take(p)).toEqual([expect.objectContaining({ type: 'Error', code: ErrorCode.Unroutable })]);
    expect(t.a.sent).toEqual([]);
  });

  it('starts a transfer past the border and hysteresis, holding the moves that follow', () => {
    const t = setup();
    const p = t.join(1, 90);
    t.router.fromClient(p, move(2, 100.5));
    expect(p.transferId).toBe(0);
    t.router.fromClient(p, move(3, 102));
    expect(p.transferId).not.toBe(0);
    expect(t.b.sentOf('TransferPrepare')).toEqual([expect.objectContaining({ handle: 1, role: TransferRole.Target, reason: TransferReason.Boundary })]);
    t.router.fromClient(p, move(4, 103));
    expect(forwarded(t.a.sent)).toEqual([1, 2, 3]);
    expect(forwarded(t.b.sent)).toEqual([]);
    t.a.receive({ type: 'TransferState', handle: 1, transferId: p.transferId, state: Uint8Array.of() });
    t.b.receive({ type: 'TransferAccept', handle: 1, transferId: p.transferId });
    expect(p.server).toBe('b');
    expect(forwarded(t.b.sent)).toEqual([4]);
    expect([t.gauge.get('a'), t.gauge.get('b')]).toEqual([0, 1]);
  });

  it('keeps an action a transfer flushed to the target until the target acknowledges it, and replays it if the target dies first', () => {
    const t = setup();
    const p = t.join(1, 90);
    cross(t, p, 2);
    t.router.fromClient(p, act(4));
    handOver(t, p);
    expect(forwarded(t.b.sent)).toEqual([4]);
    // The target dies before its ForwardAck: the flushed action is replayed to it on its return.
    t.b.lose();
    t.b.sent.length = 0;
    t.b.open();
    expect(forwarded(t.b.sent)).toEqual([4]);
    // Acknowledged, it is forgotten: the next loss replays nothing.
    t.b.receive({ type: 'ForwardAck', acks: [{ handle: 1, seq: 4 }] });
    t.b.lose();
    t.b.sent.length = 0;
    t.b.open();
    expect(forwarded(t.b.sent)).toEqual([]);
  });

  it('holds what a transfer held when the target dies while the route is being written, and gives it to the target on its return', () => {
    const t = setup({ directoryWrite: new Promise<void>(() => undefined) });
    const p = t.join(1, 90);
    cross(t, p, 2);
    t.router.fromClient(p, act(4));
    handOver(t, p);
    expect(forwarded(t.b.sent)).toEqual([]);
    t.b.lose();
    // Nobody else owns x 102: parked, with the action held (not sent to the dead link, not lost).
    expect(p.server).toBeNull();
    expect(p.transferId).toBe(0);
    t.b.sent.length = 0;
    t.b.open();
    expect(t.b.sent.map((m) => m.type)).toEqual(['Attach', 'Forward']);
    expect(forwarded(t.b.sent)).toEqual([4]);
  });

  it('counts as taken what a server acknowledged, or, on a link that never acknowledges, what was written to it; never what is held', () => {
    const t = setup();
    const p = t.join(1, 10);
    t.router.fromClient(p, act(2));
    expect(p.takenSeq).toBe(0);
    t.a.receive({ type: 'ForwardAck', acks: [{ handle: 1, seq: 2 }] });
    expect(p.takenSeq).toBe(2);
    // A version 1 server says nothing more than that it was sent.
    t.a.version = 1;
    t.router.fromClient(p, act(3));
    expect(p.takenSeq).toBe(3);
    // Held for a transfer: not taken until the target has it.
    t.a.version = 2;
    cross(t, p, 4);
    t.router.fromClient(p, act(6));
    t.a.receive({ type: 'ForwardAck', acks: [{ handle: 1, seq: 5 }] });
    handOver(t, p);
    expect(forwarded(t.b.sent)).toEqual([6]);
    expect(p.takenSeq).toBe(5);
    t.b.receive({ type: 'ForwardAck', acks: [{ handle: 1, seq: 6 }] });
    expect(p.takenSeq).toBe(6);
    // Held while unroutable: not taken either.
    t.b.lose();
    t.router.fromClient(p, act(7));
    expect(p.server).toBeNull();
    expect(p.takenSeq).toBe(6);
  });

  it('counts what a transfer flushed to a target that never acknowledges as taken once it is written', () => {
    const t = setup();
    t.b.version = 1;
    const p = t.join(1, 90);
    cross(t, p, 2);
    t.router.fromClient(p, act(4));
    expect(p.takenSeq).toBe(0);
    handOver(t, p);
    expect(forwarded(t.b.sent)).toEqual([4]);
    expect(p.takenSeq).toBe(4);
  });

  it('shows a neighbour whose link comes up the players already standing near its border', async () => {
    const t = setup();
    t.b.lose();
    const p = t.join(1, 98);
    t.b.sent.length = 0;
    t.b.open();
    await new Promise((r) => setImmediate(r));
    expect(t.b.sentOf('GhostUpdate')).toEqual([expect.objectContaining({ handle: 1, playerId: 'p1', ownerServer: 'a', position: { x: 98, y: 50, z: 0 } })]);
    expect(p.server).toBe('a');
  });

  it("parks a lost server's players with a clear notice and re-attaches them when it returns", () => {
    const t = setup();
    const p = t.join(1, 10);
    t.clients.take(p);
    t.a.lose();
    expect(p.server).toBeNull();
    expect(t.gauge.get('a')).toBe(0);
    const parked = t.clients.take(p);
    expect(parked).toEqual([expect.objectContaining({ type: 'Error', code: ErrorCode.Unroutable })]);
    expect(parked[0]?.type === 'Error' && parked[0].message).toContain('game server a is down');
    t.router.fromClient(p, move(2, 11));
    expect(t.clients.take(p)).toEqual([]);

    t.a.sent.length = 0;
    t.a.open();
    expect(t.a.sent.map((m) => m.type)).toEqual(['Attach']);
    expect(t.a.sentOf('Attach')[0]).toMatchObject({ position: { x: 11, y: 50, z: 0 } });
    expect(p.server).toBe('a');
    expect(p.prevServer).toBeNull();
    expect(t.clients.take(p)).toEqual([
      expect.objectContaining({ type: 'ServerTransfer', fromServer: 'a', toServer: 'a', reason: TransferReason.ServerFailed, phase: TransferPhase.Completed }),
    ]);
    expect(t.gauge.get('a')).toBe(1);
  });

  it("re-homes a lost server's players on the live server that now owns their position", () => {
    const t = setup();
    const p = t.join(1, 10);
    const c = t.stage.links.link('c');
    t.world.sync([fakeServer('c', 0, 100), fakeServer('b', 100, 200)]);
    t.clients.take(p);
    // The client has game-server numbers up to 12: the new server numbers after them.
    (p as { lastOseq: number }).lastOseq = 12;
    t.a.lose();
    expect(p.server).toBe('c');
    expect(c.sentOf('Attach')).toEqual([expect.objectContaining({ handle: 1, replayAfter: 12 })]);
    expect(t.clients.take(p)).toEqual([expect.objectContaining({ type: 'ServerTransfer', fromServer: 'a', toServer: 'c', reason: TransferReason.ServerFailed })]);
  });

  it('tells the server why a leaving player is detached', () => {
    const t = setup();
    const p = t.join(1, 10);
    t.router.leave(p, DetachReason.Suspended);
    expect(t.a.sentOf('Detach')).toEqual([{ type: 'Detach', handle: 1, reason: DetachReason.Suspended }]);
    expect(p.server).toBeNull();
    expect(t.gauge.get('a')).toBe(0);
  });

  it("closes a player its server kicks, but not on another server's say-so", () => {
    const t = setup();
    const p = t.join(1, 10);
    t.b.receive({ type: 'Detach', handle: 1, reason: DetachReason.Kicked });
    expect(t.clients.closed).toEqual([]);
    t.a.receive({ type: 'Detach', handle: 1, reason: DetachReason.Kicked });
    expect(t.clients.closed).toEqual([expect.objectContaining({ handle: 1, code: CloseCode.Kicked })]);
    expect(p.server).toBeNull();
  });

  it('places a resumed player on the server it was on (which knows what it took), not the owner of its recorded position', () => {
    const t = setup();
    // Recorded at x 101, just past the border: inside the hysteresis band, still hosted by a.
    const p = t.resumed(1, 101);
    t.router.place(p, 'a');
    expect(p.server).toBe('a');
    expect(t.a.sentOf('Attach')).toEqual([expect.objectContaining({ handle: 1, position: { x: 101, y: 50, z: 0 } })]);
    expect(t.b.sent).toEqual([]);
  });

  it('places a resumed player by its position when the server it was on is not linked', () => {
    const t = setup();
    const p = t.resumed(1, 150);
    t.router.place(p, 'gone');
    expect(p.server).toBe('b');
    const q = t.resumed(2, 50);
    t.router.place(q, null);
    expect(q.server).toBe('a');
  });
});
