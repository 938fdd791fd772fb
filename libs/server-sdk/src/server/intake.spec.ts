import { ActionChannel, DetachReason, type ClientSingleMessage, type ServerSingleMessage } from '@atlas/protocol';
import { Intake, type IntakePlayer } from './intake';
import { bootEach, bytes, sleep, until } from '../../test/boot';

const attach = (handle: number, playerId: string, sessionId = `s-${playerId}`) =>
  ({ type: 'Attach', handle, playerId, sessionId, position: { x: 0, y: 0, z: 0 }, state: new Uint8Array(0), claims: '{}' }) as const;
const fwd = (handle: number, seq: number): ServerSingleMessage => ({
  type: 'Forward',
  handle,
  message: { type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag: 1, data: bytes(String(seq)) } as ClientSingleMessage,
});

describe('what reaches game code, and what the node hears back', () => {
  const b = bootEach();

  it('drops replayed and re-sent seqs, and acknowledges the highest taken per player once per turn (version 2 link)', async () => {
    const taken: string[] = [];
    b.server.on('action', (p, a) => taken.push(`${p.playerId}:${a.seq}`));
    const node = await b.link({ version: 2 });
    expect(node.welcome.version).toBe(2);
    node.send(attach(1, 'alice'), attach(2, 'bob'), fwd(1, 1), fwd(1, 2), fwd(2, 5), fwd(1, 2), fwd(1, 1), fwd(1, 3));
    const ack = await node.next('ForwardAck');
    expect(ack.type === 'ForwardAck' && [...ack.acks].sort((x, y) => x.handle - y.handle)).toEqual([
      { handle: 1, seq: 3 },
      { handle: 2, seq: 5 },
    ]);
    // The same session attached again (a resume through another node) keeps its seen seqs.
    node.send({ type: 'Detach', handle: 1, reason: 5 }, attach(3, 'alice'), fwd(3, 3), fwd(3, 4));
    await until(() => taken.length === 5);
    await sleep(50);
    expect(taken).toEqual(['alice:1', 'alice:2', 'bob:5', 'alice:3', 'alice:4']);
    // A new session starts afresh.
    node.send(attach(4, 'alice', 's-new'), fwd(4, 1));
    await until(() => taken.length === 6);
    expect(taken[5]).toBe('alice:1');
  });

  it('acknowledges, on the Attach of a session it has seen, the highest seq it took (a resume through another node)', async () => {
    const first = await b.link({ version: 2 });
    first.send(attach(1, 'alice'), fwd(1, 1), fwd(1, 2));
    await first.next('ForwardAck');
    // The node of the first link dies; the player resumes through another node.
    const second = await b.link({ version: 2 });
    second.send(attach(9, 'alice'));
    const ack = await second.next('ForwardAck');
    expect(ack.type === 'ForwardAck' && ack.acks).toEqual([{ handle: 9, seq: 2 }]);
  });

  it('sends the ForwardAck in the same frame as the echo the action caused', async () => {
    b.server.on('action', (p, a) => b.server.send(p, a));
    const node = await b.link({ version: 2 });
    node.send(attach(1, 'alice'));
    await sleep(50);
    const before = node.frames;
    node.send(fwd(1, 1));
    await node.next('ForwardAck');
    await sleep(50);
    expect(node.received.some((m) => m.type === 'Deliver')).toBe(true);
    // One frame carries both (an earlier version sent the ack in a second frame: twice the frames per action).
    expect(node.frames - before).toBe(1);
  });

  it('counts the seqs a SeqHandover names as taken: re-sends of what the previous server took are dropped', async () => {
    const taken: number[] = [];
    b.server.on('action', (_p, a) => taken.push(a.seq));
    const node = await b.link({ version: 2 });
    node.send(attach(1, 'alice'), { type: 'SeqHandover', handle: 1, seq: 5, oseq: 0, sessionId: 's-alice' }, fwd(1, 3), fwd(1, 5), fwd(1, 6));
    await until(() => taken.length === 1);
    await sleep(50);
    expect(taken).toEqual([6]);
  });

  it('sends no ForwardAck on a version 1 link', async () => {
    const node = await b.link();
    expect(node.welcome.version).toBe(1);
    node.send(attach(1, 'alice'), fwd(1, 1));
    await until(() => b.server.player('alice') !== undefined);
    await sleep(100);
    expect(node.received.filter((m) => m.type === 'ForwardAck')).toEqual([]);
  });
});

describe('the intake', () => {
  const alice = { playerId: 'alice', sessionId: 's-1', handle: 1, link: { version: 2 } as unknown as IntakePlayer['link'] };

  it('forgets a player that left to come back only once the retention has passed without it', () => {
    const intake = new Intake();
    expect(intake.fresh(alice, 5)).toBe(true);
    intake.left(alice, DetachReason.Suspended, 0);
    intake.sweep(1000, 1000);
    // Still within the window: a re-send of 5 is a duplicate.
    expect(intake.fresh(alice, 5)).toBe(false);
    intake.left(alice, 'link-lost', 2000);
    intake.sweep(3001, 1000);
    expect(intake.size).toBe(0);
    // Past it, the session is over for this server: nothing is remembered of it.
    expect(intake.fresh(alice, 5)).toBe(true);
  });

  it('forgets at once a player that left for good', () => {
    const intake = new Intake();
    intake.fresh(alice, 1);
    intake.left(alice, DetachReason.Disconnected, 0);
    expect(intake.size).toBe(0);
  });
});

describe('the intake across transfers', () => {
  const link = { version: 2 } as unknown as IntakePlayer['link'];
  const bob = { playerId: 'bob', sessionId: 's-2', handle: 2, link };
  /** Bob as a transfer brings him: no session id until the SeqHandover names it. */
  const arriving = (sessionId = ''): IntakePlayer => ({ ...bob, handle: 3, sessionId });

  it('still drops what it took when a stale record brings the player back in the same session', () => {
    const intake = new Intake();
    for (let seq = 1; seq <= 4; seq++) intake.fresh(bob, seq);
    intake.left(bob, DetachReason.Transferred, 0);
    // Resumed here through a node that died before its record named the target: the client re-sends from 2.
    expect([2, 3, 4, 5].map((seq) => intake.fresh(bob, seq))).toEqual([false, false, false, true]);
  });

  it('takes a new session that comes back by a transfer from its first seq (the SeqHandover names it)', () => {
    const intake = new Intake();
    for (let seq = 1; seq <= 400; seq++) intake.fresh(bob, seq);
    intake.left(bob, DetachReason.Transferred, 0);
    // Bob logged in again (session s-3) elsewhere and is transferred back here at seq 20.
    const back = arriving();
    intake.arrived(back);
    intake.handover({ ...back, sessionId: 's-3' }, 20);
    expect([20, 21, 22].map((seq) => intake.fresh({ ...back, sessionId: 's-3' }, seq))).toEqual([false, true, true]);
  });

  it('forgets, when a transfer brings the player, what it kept since the player left (a version 1 link sends no SeqHandover)', () => {
    const intake = new Intake();
    for (let seq = 1; seq <= 400; seq++) intake.fresh(bob, seq);
    intake.left(bob, DetachReason.Transferred, 0);
    intake.arrived(arriving());
    expect(intake.fresh(arriving(), 21)).toBe(true);
  });

  it('starts afresh for a new session attached where the player had come by a transfer', () => {
    const intake = new Intake();
    const here = arriving();
    intake.arrived(here);
    intake.handover({ ...here, sessionId: 's-2' }, 300);
    intake.fresh({ ...here, sessionId: 's-2' }, 301);
    intake.left({ ...here, sessionId: 's-2' }, 'link-lost', 0);
    // Its node died and the resume failed: a new session s-4 is attached here.
    expect(intake.fresh({ ...bob, sessionId: 's-4' }, 1)).toBe(true);
  });

  it('keeps the higher seq of the same session when a SeqHandover names one it knows', () => {
    const intake = new Intake();
    intake.fresh(bob, 9);
    intake.handover(bob, 5);
    expect(intake.fresh(bob, 8)).toBe(false);
  });
});
