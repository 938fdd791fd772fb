import { AbortReason, ActionChannel, DetachReason, TransferPhase, TransferReason, TransferRole, type ClientSingleMessage, type ServerSingleMessage } from '@atlas/protocol';
import { FakeLinks } from '../testing/fake-links';
import { FakeClients, fakePlayer } from '../testing/fake-players';
import type { TransferPlayer } from './ports';
import { ROUTE_WRITE_WAIT_MS, TransferManager, type TransferRecord } from './transfer-manager';

type Player = ReturnType<typeof fakePlayer>;
const move = (seq: number): ClientSingleMessage => ({ type: 'PlayerMove', seq, position: { x: 100 + seq, y: 50, z: 0 }, velocity: { x: 1, y: 0, z: 0 }, timestamp: 0 });
const action = (seq: number): ClientSingleMessage => ({ type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag: 3, data: Uint8Array.of(seq) });
const forwarded = (sent: readonly ServerSingleMessage[]): number[] =>
  sent.flatMap((m) => (m.type === 'Forward' && 'seq' in m.message ? [m.message.seq] : []));

/** A directory write the test settles (or never does). */
function pendingWrite() {
  let settle = (): void => undefined;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

function setup(bufferMessages = 8, write?: ReturnType<typeof pendingWrite>) {
  const links = new FakeLinks({ message: () => undefined, state: () => undefined });
  const a = links.link('a');
  const b = links.link('b');
  const clients = new FakeClients<Player>();
  const order: string[] = [];
  const flushed: string[] = [];
  const routes = {
    switchRoute(p: Player, from: string, to: string) {
      order.push(`switch ${from}->${to} after ${b.sent.length} target messages`);
      p.prevServer = from;
      p.server = to;
    },
    flushed(_p: Player, server: string, m: ClientSingleMessage) {
      flushed.push(`${server}:${m.type}:${'seq' in m ? m.seq : ''}`);
    },
    unsent(_p: Player, m: ClientSingleMessage) {
      flushed.push(`unsent:${m.type}:${'seq' in m ? m.seq : ''}`);
    },
  };
  const written: string[] = [];
  const directory = {
    record(p: Player, server: string) {
      written.push(`${p.playerId}@${server}`);
      return write?.promise;
    },
  };
  const done: { completed: TransferRecord[]; aborted: [TransferRecord, AbortReason][] } = { completed: [], aborted: [] };
  const steps: string[] = [];
  const transfers = new TransferManager<Player>(links, clients, routes, directory, { timeoutSeconds: () => 2, bufferMessages: () => bufferMessages }, {
    completed: (r) => done.completed.push(r),
    aborted: (r, why) => done.aborted.push([r, why]),
    step: (_r, step) => steps.push(step),
  });
  const p = fakePlayer(7, { placed: true, server: 'a', x: 101, y: 50, lastClientSeq: 41 });
  const start = (): number => {
    transfers.start(p, 'a', 'b', TransferReason.Boundary, { x: 101, y: 50, z: 0 });
    return p.transferId;
  };
    /** Runs the transfer up to the target's accept, with held messages 1-4 (the route switches). */
  const switchWith = (): number => {
    const id = start();
    for (const m of [move(1), action(2), move(3), action(4)]) transfers.fromClient(p, m);
    transfers.fromServer('a', { type: 'TransferState', handle: 7, transferId: id, state: Uint8Array.of(1) });
    transfers.fromServer('b', { type: 'TransferAccept', handle: 7, transferId: id });
    return id;
  };
  return { links, a, b, clients, order, transfers, p, done, start, steps, flushed, written, switchWith };
}

afterEach(() => jest.useRealTimers());

describe('the transfer manager', () => {
  it('prepares both servers and tells the client the transfer started', () => {
    const t = setup();
    const id = t.start();
    expect(id).not.toBe(0);
    expect(t.b.sentOf('TransferPrepare')).toEqual([expect.objectContaining({ handle: 7, transferId: id, role: TransferRole.Target, fromServer: 'a', toServer: 'b' })]);
    expect(t.a.sentOf('TransferPrepare')).toEqual([expect.objectContaining({ handle: 7, transferId: id, role: TransferRole.Source, claims: '{}' })]);
    expect(t.clients.take(t.p)).toEqual([expect.objectContaining({ type: 'ServerTransfer', transferId: id, phase: TransferPhase.Started })]);
    expect(t.transfers.active).toBe(1);
  });

  it("hands the target the source's acknowledged seq when it is ahead of what the node sent (a resumed player)", () => {
    const t = setup();
    const id = t.start();
    // The source said, on the resumed player's Attach, that it took up to 50 through a node that died.
    t.p.takenSeq = 50;
    t.transfers.fromServer('a', { type: 'TransferState', handle: 7, transferId: id, state: Uint8Array.of(1) });
    t.transfers.fromServer('b', { type: 'TransferAccept', handle: 7, transferId: id });
    expect(t.b.sentOf('SeqHandover')).toEqual([{ type: 'SeqHandover', handle: 7, seq: 50, oseq: 0, sessionId: 's7' }]);
  });

  it('holds client messages in flight and flushes them in order to the target after the route switch', () => {
    const t = setup();
    const id = t.start();
    for (const m of [move(1), action(2), move(3)]) t.transfers.fromClient(t.p, m);
    expect(forwarded(t.a.sent)).toEqual([]);
    expect(forwarded(t.b.sent)).toEqual([]);

    expect(t.transfers.fromServer('a', { type: 'TransferState', handle: 7, transferId: id, state: Uint8Array.of(9, 9) })).toBe(true);
    expect(t.b.sentOf('TransferState')).toEqual([{ type: 'TransferState', handle: 7, transferId: id, state: Uint8Array.of(9, 9) }]);
    t.transfers.fromClient(t.p, action(4));
    // The client has the source's numbered actions up to 17: the target numbers after them.
    (t.p as { lastOseq: number }).lastOseq = 17;
    const beforeAccept = t.b.sent.length;
    t.transfers.fromServer('b', { type: 'TransferAccept', handle: 7, transferId: id });

    expect(t.order).toEqual([`switch a->b after ${beforeAccept} target messages`]);
    expect(t.p.server).toBe('b');
    expect(t.p.prevServer).toBe('a');
    expect(t.b.sent.slice(beforeAccept).map((m) => m.type)).toEqual(['TransferAccept', 'SeqHandover', 'Forward', 'Forward', 'Forward', 'Forward']);
    // What the source took before the transfer began (the player's last seq then), for the target's dedup.
    expect(t.b.sentOf('SeqHandover')).toEqual([{ type: 'SeqHandover', handle: 7, seq: 41, oseq: 17, sessionId: 's7' }]);
    expect(forwarded(t.b.sent)).toEqual([1, 2, 3, 4]);
    expect(forwarded(t.a.sent)).toEqual([]);
    // Each flushed message is reported, so routing keeps the reliable actions until the target acknowledges them.
    expect(t.flushed).toEqual(['b:PlayerMove:1', 'b:PlayerAction:2', 'b:PlayerMove:3', 'b:PlayerAction:4']);
    expect(t.steps).toEqual(['state', 'accept', 'flush']);
    expect(t.a.sentOf('Detach')).toEqual([{ type: 'Detach', handle: 7, reason: DetachReason.Transferred }]);
    expect(t.clients.take(t.p).map((m) => m.type === 'ServerTransfer' && m.phase)).toEqual([TransferPhase.Started, TransferPhase.Completed]);
    expect(t.p.transferId).toBe(0);
    expect(t.done.completed).toEqual([expect.objectContaining({ playerId: 'p7', from: 'a', to: 'b', state: 'completed' })]);
    expect(t.transfers.active).toBe(0);
  });

  it('gives the target nothing to take, and the source no Detach, until the directory has the new route', async () => {
    const write = pendingWrite();
    const t = setup(8, write);
    t.switchWith();
    expect(t.written).toEqual(['p7@b']);
    expect(t.p.server).toBe('b');
    // Only the confirmation (and what the source took) went: the target has taken nothing.
    expect(t.b.sent.map((m) => m.type)).toEqual(['TransferPrepare', 'TransferState', 'TransferAccept', 'SeqHandover']);
    expect(t.a.sentOf('Detach')).toEqual([]);
    // The client keeps sending meanwhile: held behind the others.
    t.transfers.fromClient(t.p, action(5));
    expect(forwarded(t.b.sent)).toEqual([]);
    expect(t.transfers.active).toBe(1);
    expect(t.done.completed).toEqual([]);

    write.settle();
    await write.promise;
    expect(forwarded(t.b.sent)).toEqual([1, 2, 3, 4, 5]);
    expect(t.flushed).toEqual(['b:PlayerMove:1', 'b:PlayerAction:2', 'b:PlayerMove:3', 'b:PlayerAction:4', 'b:PlayerAction:5']);
    expect(t.a.sentOf('Detach')).toEqual([{ type: 'Detach', handle: 7, reason: DetachReason.Transferred }]);
    expect(t.clients.take(t.p).map((m) => m.type === 'ServerTransfer' && m.phase)).toEqual([TransferPhase.Started, TransferPhase.Completed]);
    expect(t.done.completed).toHaveLength(1);
    expect(t.p.transferId).toBe(0);
  });

  it(`flushes after ${ROUTE_WRITE_WAIT_MS} ms when the directory write does not settle (a store not yet known to be down)`, () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const t = setup(8, pendingWrite());
    t.switchWith();
    jest.advanceTimersByTime(ROUTE_WRITE_WAIT_MS - 30);
    expect(forwarded(t.b.sent)).toEqual([]);
    jest.advanceTimersByTime(60);
    expect(forwarded(t.b.sent)).toEqual([1, 2, 3, 4]);
    expect(t.done.completed).toHaveLength(1);
    t.transfers.close();
  });

  it('hands the held messages back to routing when the target dies while the route is written', () => {
    const t = setup(8, pendingWrite());
    t.switchWith();
    t.b.lose();
    t.transfers.serverLost('b');
    // Not sent to a dead link and not lost: routing holds them for the player's next server.
    expect(t.flushed).toEqual(['unsent:PlayerMove:1', 'unsent:PlayerAction:2', 'unsent:PlayerMove:3', 'unsent:PlayerAction:4']);
    expect(t.a.sentOf('Detach')).toEqual([{ type: 'Detach', handle: 7, reason: DetachReason.Transferred }]);
    expect(t.done.completed).toHaveLength(1);
    expect(t.transfers.active).toBe(0);
  });

  it('finishes a switched transfer when the player leaves while the route is written, dropping what it held', () => {
    const t = setup(8, pendingWrite());
    t.switchWith();
    t.transfers.cancel(t.p);
    // Not flushed ahead of the record: the client re-sends them on its resume (they are above its takenSeq).
    expect(forwarded(t.b.sent)).toEqual([]);
    expect(t.flushed).toEqual([]);
    expect(t.a.sentOf('Detach')).toEqual([{ type: 'Detach', handle: 7, reason: DetachReason.Transferred }]);
    expect(t.b.sentOf('TransferAbort')).toEqual([]);
    expect(t.p.transferId).toBe(0);
  });

  it('aborts when the target refuses: the player stays and the held messages go to the source', () => {
    const t = setup();
    const id = t.start();
    t.transfers.fromClient(t.p, move(1));
    t.transfers.fromClient(t.p, action(2));
    t.transfers.fromServer('b', { type: 'TransferAbort', handle: 7, transferId: id, reason: AbortReason.TargetRefused });

    expect(t.p.server).toBe('a');
    expect(t.order).toEqual([]);
    expect(forwarded(t.a.sent)).toEqual([1, 2]);
    expect(forwarded(t.b.sent)).toEqual([]);
    expect(t.a.sentOf('TransferAbort')).toEqual([expect.objectContaining({ transferId: id, reason: AbortReason.TargetRefused })]);
    expect(t.clients.take(t.p).map((m) => m.type === 'ServerTransfer' && m.phase)).toEqual([TransferPhase.Started, TransferPhase.Aborted]);
    expect(t.done.aborted.map(([r, why]) => [r.reason, why])).toEqual([['target_refused', AbortReason.TargetRefused]]);
    expect(t.p.transferId).toBe(0);
  });

  it('aborts at the timeout: both servers are told and the held messages go to the source', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const t = setup();
    const id = t.start();
    t.transfers.fromClient(t.p, move(1));
    jest.advanceTimersByTime(1900);
    expect(t.transfers.active).toBe(1);
    jest.advanceTimersByTime(200);
    expect(t.transfers.active).toBe(0);
    expect(t.a.sentOf('TransferAbort')).toEqual([expect.objectContaining({ transferId: id, reason: AbortReason.Timeout })]);
    expect(t.b.sentOf('TransferAbort')).toEqual([expect.objectContaining({ transferId: id, reason: AbortReason.Timeout })]);
    expect(forwarded(t.a.sent)).toEqual([1]);
    expect(t.p.server).toBe('a');
    t.transfers.close();
  });

  it("aborts when the target's link is lost: the player stays and gets its held messages through the source", () => {
    const t = setup();
    const id = t.start();
    t.transfers.fromClient(t.p, move(1));
    t.b.lose();
    t.transfers.serverLost('b');
    expect(t.done.aborted.map(([, why]) => why)).toEqual([AbortReason.TargetFailed]);
    expect(t.a.sentOf('TransferAbort')).toEqual([expect.objectContaining({ transferId: id })]);
    expect(forwarded(t.a.sent)).toEqual([1]);
    expect(t.p.server).toBe('a');
    // Afterwards the player's messages are the router's again.
    expect(t.p.transferId).toBe(0);
  });

  it('aborts on buffer overflow without dropping anything', () => {
    const t = setup(2);
    t.start();
    for (const m of [move(1), action(2), move(3)]) t.transfers.fromClient(t.p, m);
    expect(t.done.aborted.map(([, why]) => why)).toEqual([AbortReason.BufferOverflow]);
    expect(forwarded(t.a.sent)).toEqual([1, 2, 3]);
  });

  it('cancels when the player leaves: both servers are told, held messages are dropped, the client is not', () => {
    const t = setup();
    const id = t.start();
    t.transfers.fromClient(t.p, move(1));
    t.clients.take(t.p);
    t.transfers.cancel(t.p);
    expect(t.a.sentOf('TransferAbort')).toEqual([expect.objectContaining({ transferId: id, reason: AbortReason.PlayerLeft })]);
    expect(t.b.sentOf('TransferAbort')).toEqual([expect.objectContaining({ transferId: id, reason: AbortReason.PlayerLeft })]);
    expect(forwarded(t.a.sent)).toEqual([]);
    expect(t.clients.take(t.p)).toEqual([]);
    expect(t.p.transferId).toBe(0);
  });

  it('ignores transfer messages that name no transfer of its own, and one transfer per player', () => {
    const t = setup();
    const id = t.start();
    expect(t.transfers.fromServer('a', { type: 'TransferAccept', handle: 7, transferId: id + 1 })).toBe(false);
    expect(t.transfers.fromServer('a', { type: 'Detach', handle: 7, reason: DetachReason.Kicked })).toBe(false);
    const p: TransferPlayer = t.p;
    t.transfers.start(t.p, 'a', 'c', TransferReason.Boundary, { x: 0, y: 0, z: 0 });
    expect(p.transferId).toBe(id);
    expect(t.transfers.active).toBe(1);
  });
});
