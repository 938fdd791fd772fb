import { ActionChannel, ErrorCode, droppedRange, type ClientSingleMessage, type ServerSingleMessage } from '@atlas/protocol';
import { move, routingFixture as setup } from '../testing/routing-fixture';

const act = (seq: number, channel: number = ActionChannel.Reliable, tag = 1): ClientSingleMessage => ({ type: 'PlayerAction', seq, channel, tag, data: Uint8Array.of(seq) } as ClientSingleMessage);
const forwarded = (sent: readonly ServerSingleMessage[]): string[] =>
  sent.flatMap((m) => (m.type === 'Forward' && 'seq' in m.message ? [`${m.message.type === 'PlayerMove' ? 'm' : 'a'}${m.message.seq}`] : []));
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('held actions', () => {
  it('holds the actions of a player without a position and sends them, in order, right after its Attach', () => {
    const t = setup();
    const p = t.join(1);
    t.router.fromClient(p, act(1));
    t.router.fromClient(p, act(2));
    expect(t.a.sent).toEqual([]);
    t.router.fromClient(p, move(3, 10));
    expect(t.a.sent.map((m) => m.type)).toEqual(['Attach', 'Forward', 'Forward', 'Forward']);
    expect(forwarded(t.a.sent)).toEqual(['a1', 'a2', 'm3']);
  });

  it("keeps a parked player's actions while its server is down and delivers them when it returns", () => {
    const t = setup();
    const p = t.join(1, 10);
    t.a.lose();
    for (let seq = 2; seq <= 4; seq++) t.router.fromClient(p, act(seq));
    t.a.sent.length = 0;
    t.a.open();
    expect(forwarded(t.a.sent)).toEqual(['a2', 'a3', 'a4']);
    expect(t.a.sent[0]?.type).toBe('Attach');
  });

  it('coalesces unreliable-latest actions by tag and keeps reliable ones', () => {
    const t = setup();
    const p = t.join(1);
    t.router.fromClient(p, act(1, ActionChannel.UnreliableLatest, 9));
    t.router.fromClient(p, act(2));
    t.router.fromClient(p, act(3, ActionChannel.UnreliableLatest, 9));
    t.router.fromClient(p, move(4, 10));
    expect(forwarded(t.a.sent)).toEqual(['a3', 'a2', 'm4']);
  });

  it('on overflow drops what does not fit and tells the player the exact seq range, once per range', async () => {
    const t = setup();
    const p = t.join(1);
    for (let seq = 1; seq <= 9; seq++) t.router.fromClient(p, act(seq));
    await turn();
    const errors = t.clients.take(p).filter((m) => m.type === 'Error');
    expect(errors.map((e) => e.type === 'Error' && e.code)).toEqual([ErrorCode.Unroutable, ErrorCode.ActionsDropped]);
    const dropped = errors[1];
    expect(dropped?.type === 'Error' && droppedRange(dropped)).toEqual({ first: 5, last: 9 });
    t.router.fromClient(p, move(10, 10));
    expect(forwarded(t.a.sent)).toEqual(['a1', 'a2', 'a3', 'a4', 'm10']);
  });

  it('drops actions that waited longer than the timeout and names them', async () => {
    const t = setup();
    const p = t.join(1);
    t.router.fromClient(p, act(1));
    t.router.fromClient(p, act(2));
    t.router.sweep(Date.now() + 1500);
    await turn();
    const dropped = t.clients.take(p).find((m) => m.type === 'Error' && m.code === ErrorCode.ActionsDropped);
    expect(dropped?.type === 'Error' && droppedRange(dropped)).toEqual({ first: 1, last: 2 });
    t.router.fromClient(p, move(3, 10));
    expect(forwarded(t.a.sent)).toEqual(['m3']);
  });

  it('forgets the held actions of a player that leaves', () => {
    const t = setup();
    const p = t.join(1);
    t.router.fromClient(p, act(1));
    t.router.leave(p, 1);
    t.router.fromClient(p, move(2, 10));
    expect(forwarded(t.a.sent)).toEqual(['m2']);
  });

  it('keeps forwarded reliable actions until the server acknowledges them, and replays the rest to the next owner', () => {
    const t = setup();
    const p = t.join(1, 10);
    for (let seq = 2; seq <= 5; seq++) t.router.fromClient(p, act(seq));
    t.router.fromClient(p, act(6, ActionChannel.UnreliableLatest));
    t.stage.fromServer(t.a, { type: 'ForwardAck', acks: [{ handle: 1, seq: 3 }] });
    // The player's position moves to b's region while a is down: b takes it, unacked first.
    t.a.lose();
    p.x = 150;
    t.router.fromClient(p, act(7));
    t.router.fromClient(p, move(8, 150));
    expect(t.b.sent[0]?.type).toBe('Attach');
    expect(forwarded(t.b.sent)).toEqual(['a4', 'a5', 'a7', 'm8']);
  });

  it('keeps nothing for a server whose link does not acknowledge (version 1)', () => {
    const t = setup();
    t.a.version = 1;
    const p = t.join(1, 10);
    t.router.fromClient(p, act(2));
    t.a.lose();
    t.a.sent.length = 0;
    t.a.open();
    expect(forwarded(t.a.sent)).toEqual([]);
  });
});
