import fc from 'fast-check';
import { ActionChannel, DetachReason, type ClientSingleMessage, type PlayerAction } from '@atlas/protocol';
import { Replay, type ReplayPlayer } from './replay';

const player = (over: Partial<ReplayPlayer> = {}): ReplayPlayer => ({ playerId: 'p-1', sessionId: 's-1', link: { version: 2 }, transferId: undefined, ...over });
const action = (tag: number, bytes = 1, channel: ActionChannel = ActionChannel.Reliable): PlayerAction => ({ type: 'PlayerAction', seq: 0, channel, tag, data: new Uint8Array(bytes) });
const oseqOf = (m: ClientSingleMessage): number | undefined => (m.type === 'PlayerAction' ? m.oseq : undefined);
const tags = (ms: readonly PlayerAction[]): number[] => ms.map((m) => m.tag);

describe('Replay', () => {
  it('numbers reliable actions to a player after the Attach replayAfter, and leaves everything else alone', () => {
    const r = new Replay();
    const p = player();
    expect(r.attached(p, 'connect', 41, 0)).toEqual([]);
    expect(oseqOf(r.outgoing(p, action(1), 0))).toBe(42);
    expect(oseqOf(r.outgoing(p, action(2), 0))).toBe(43);
    expect(oseqOf(r.outgoing(p, action(3, 1, ActionChannel.UnreliableLatest), 0))).toBeUndefined();
    const state: ClientSingleMessage = { type: 'StateSync', seq: 0, mode: 0, baseSeq: 0, data: new Uint8Array(1) };
    expect(r.outgoing(p, state, 0)).toBe(state);
    // A transfer away has begun: what follows is not the line's any more.
    expect(oseqOf(r.outgoing({ ...p, transferId: 7 }, action(4), 0))).toBeUndefined();
    expect(oseqOf(r.outgoing(p, action(5), 0))).toBe(44);
  });

  it('does not number on a version 1 link, which cannot carry the field', () => {
    const r = new Replay();
    const p = player({ link: { version: 1 } });
    r.attached(p, 'connect', undefined, 0);
    expect(oseqOf(r.outgoing(p, action(1), 0))).toBeUndefined();
  });

  it('replays, in order, what the client lacks when the same session attaches again, and numbers after the newest', () => {
    const r = new Replay();
    const p = player();
    r.attached(p, 'connect', 0, 0);
    for (let tag = 1; tag <= 5; tag++) r.outgoing(p, action(tag), 0);
    r.left(p, 'link-lost', 10);
    // The client took oseq 1..3 through the node that died.
    const again = r.attached(player({ link: { version: 2 } }), 'connect', 3, 20);
    expect(tags(again)).toEqual([4, 5]);
    expect(again.map((m) => m.oseq)).toEqual([4, 5]);
    expect(oseqOf(r.outgoing(p, action(6), 20))).toBe(6);
    // The client has everything: nothing again, and a client ahead of the server moves the line on.
    r.left(p, DetachReason.Suspended, 30);
    expect(r.attached(p, 'connect', 9, 30)).toEqual([]);
    expect(oseqOf(r.outgoing(p, action(7), 30))).toBe(10);
  });

  it('starts a new line for a new session of the same player', () => {
    const r = new Replay();
    r.attached(player(), 'connect', 0, 0);
    r.outgoing(player(), action(1), 0);
    expect(r.attached(player({ sessionId: 's-2' }), 'connect', 0, 1)).toEqual([]);
    expect(oseqOf(r.outgoing(player({ sessionId: 's-2' }), action(2), 1))).toBe(1);
  });

  it('as a transfer target, numbers only after SeqHandover, from its oseq on', () => {
    const r = new Replay();
    const p = player({ sessionId: '' });
    expect(r.attached(p, 'transfer', undefined, 0)).toEqual([]);
    expect(oseqOf(r.outgoing(p, action(1), 0))).toBeUndefined();
    r.handover(p, 17);
    expect(oseqOf(r.outgoing(p, action(2), 0))).toBe(18);
  });

  it("drops, on a SeqHandover naming another session, what it kept of the player's old one", () => {
    const r = new Replay();
    r.attached(player(), 'connect', 0, 0);
    for (let tag = 1; tag <= 3; tag++) r.outgoing(player(), action(tag), 0);
    r.left(player(), 'link-lost', 10);
    // The player logged in again elsewhere (s-2) and a transfer brings it back: the transfer does not say which session.
    const back = player({ sessionId: '' });
    r.attached(back, 'transfer', undefined, 20);
    r.handover({ ...back, sessionId: 's-2' }, 5);
    expect(oseqOf(r.outgoing(player({ sessionId: 's-2' }), action(4), 20))).toBe(6);
    r.left(player({ sessionId: 's-2' }), 'link-lost', 30);
    // Its next resume here replays only its own session's actions.
    expect(tags(r.attached(player({ sessionId: 's-2' }), 'connect', 0, 40))).toEqual([4]);
  });

  it('keeps at most `messages` actions and `bytes` of data, and nothing older than the retention', () => {
    const r = new Replay({ messages: 3, bytes: 10, retentionMs: 1000 });
    const p = player();
    r.attached(p, 'connect', 0, 0);
    for (let tag = 1; tag <= 5; tag++) r.outgoing(p, action(tag), 0);
    r.left(p, 'link-lost', 0);
    expect(tags(r.attached(p, 'connect', 0, 0))).toEqual([3, 4, 5]);
    r.outgoing(p, action(6, 10), 0); // 10 bytes: nothing before it fits beside it
    r.left(p, 'link-lost', 0);
    expect(tags(r.attached(p, 'connect', 0, 0))).toEqual([6]);
    r.left(p, 'link-lost', 0);
    expect(r.attached(p, 'connect', 0, 1001)).toEqual([]);
  });

  it('forgets a session that left for good at once, and a detached one after the retention', () => {
    const r = new Replay({ messages: 10, bytes: 1000, retentionMs: 1000 });
    r.attached(player(), 'connect', 0, 0);
    r.attached(player({ playerId: 'p-2' }), 'connect', 0, 0);
    r.left(player(), DetachReason.Disconnected, 0);
    r.left(player({ playerId: 'p-2' }), DetachReason.Suspended, 0);
    expect(r.size).toBe(1);
    r.sweep(1000);
    expect(r.size).toBe(1);
    r.sweep(1001);
    expect(r.size).toBe(0);
  });

  it('keeps, through any run of sends, exactly the newest actions within the bounds (a plain list as the model)', () => {
    const send = fc.record({ bytes: fc.integer({ min: 0, max: 40 }), dt: fc.integer({ min: 0, max: 400 }) });
    fc.assert(
      fc.property(fc.array(send, { maxLength: 300 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 500 }), (sends, messages, attachAfterMs) => {
        const limits = { messages, bytes: 100, retentionMs: 1000 };
        const r = new Replay(limits);
        const p = player();
        r.attached(p, 'connect', 0, 0);
        let now = 0;
        const model: Array<{ tag: number; bytes: number; at: number }> = [];
        const trim = (at: number): void => {
          const total = (): number => model.reduce((n, k) => n + k.bytes, 0);
          while (model.length > 0 && (model.length > messages || total() > limits.bytes || at - (model[0]?.at ?? at) > limits.retentionMs)) model.shift();
        };
        sends.forEach(({ bytes, dt }, tag) => {
          now += dt;
          r.outgoing(p, action(tag, bytes), now);
          model.push({ tag, bytes, at: now });
          trim(now);
        });
        r.left(p, 'link-lost', now);
        now += attachAfterMs;
        trim(now);
        expect(tags(r.attached(p, 'connect', 0, now))).toEqual(model.map((k) => k.tag));
      }),
    );
  });

  it('orders oseqs across the u32 wrap', () => {
    const r = new Replay();
    const p = player();
    r.attached(p, 'connect', 0xffff_fffe, 0);
    expect([r.outgoing(p, action(1), 0), r.outgoing(p, action(2), 0)].map(oseqOf)).toEqual([0xffff_ffff, 0]);
    r.left(p, 'link-lost', 0);
    expect(tags(r.attached(p, 'connect', 0xffff_ffff, 0))).toEqual([2]);
  });
});
