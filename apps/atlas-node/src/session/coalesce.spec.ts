import { ActionChannel, SyncMode, type ClientSingleMessage } from '@atlas/protocol';
import { coalesce } from './coalesce';

const move = (x: number): ClientSingleMessage => ({ type: 'PlayerMove', seq: 0, timestamp: 0, position: { x, y: 0, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const act = (tag: number, channel: ActionChannel, n: number): ClientSingleMessage => ({ type: 'PlayerAction', seq: 0, channel, tag, data: Uint8Array.of(n) });
const sync = (mode: SyncMode, n: number): ClientSingleMessage => ({ type: 'StateSync', seq: 0, mode, baseSeq: 0, data: Uint8Array.of(n) });

describe('coalescing a slow client queue', () => {
  it('keeps the newest move, the newest unreliable action per tag and everything reliable, in order', () => {
    const q = [move(1), act(1, ActionChannel.Reliable, 1), act(2, ActionChannel.UnreliableLatest, 1), move(2), act(2, ActionChannel.UnreliableLatest, 2), act(3, ActionChannel.UnreliableLatest, 1), act(1, ActionChannel.Reliable, 2)];
    expect(coalesce(q)).toBe(2);
    expect(q).toEqual([act(1, ActionChannel.Reliable, 1), move(2), act(2, ActionChannel.UnreliableLatest, 2), act(3, ActionChannel.UnreliableLatest, 1), act(1, ActionChannel.Reliable, 2)]);
  });

  it('drops state syncs older than the newest full snapshot, keeps the deltas after it', () => {
    const q = [sync(SyncMode.Full, 1), sync(SyncMode.Delta, 2), sync(SyncMode.Full, 3), sync(SyncMode.Delta, 4)];
    expect(coalesce(q)).toBe(2);
    expect(q).toEqual([sync(SyncMode.Full, 3), sync(SyncMode.Delta, 4)]);
  });

  it('leaves a queue without superseded messages alone', () => {
    const q = [act(1, ActionChannel.Reliable, 1), move(1)];
    expect(coalesce(q)).toBe(0);
    expect(q).toHaveLength(2);
  });
});
