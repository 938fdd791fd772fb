// What a slow client can do without: when its socket is above the backpressure limit,
// queued updates that a newer one supersedes are dropped (latest position wins).
// Reliable game messages are never dropped here.
import { ActionChannel, SyncMode, type ClientSingleMessage } from '@atlas/protocol';

/**
 * Drops superseded messages from `queue` in place, keeping order: all but the newest
 * PlayerMove, all but the newest unreliable-latest action per tag, and every StateSync
 * before the newest full snapshot. Returns how many were dropped.
 */
export function coalesce(queue: ClientSingleMessage[]): number {
  let lastMove = -1;
  let lastFull = -1;
  let latestTags: Map<number, number> | undefined;
  for (let i = 0; i < queue.length; i++) {
    const m = queue[i] as ClientSingleMessage;
    if (m.type === 'PlayerMove') lastMove = i;
    else if (m.type === 'StateSync' && m.mode === SyncMode.Full) lastFull = i;
    else if (m.type === 'PlayerAction' && m.channel === ActionChannel.UnreliableLatest) (latestTags ??= new Map()).set(m.tag, i);
  }
  let w = 0;
  for (let i = 0; i < queue.length; i++) {
    const m = queue[i] as ClientSingleMessage;
    const superseded =
      (m.type === 'PlayerMove' && i !== lastMove) ||
      (m.type === 'StateSync' && i < lastFull) ||
      (m.type === 'PlayerAction' && m.channel === ActionChannel.UnreliableLatest && latestTags?.get(m.tag) !== i);
    if (!superseded) queue[w++] = m;
  }
  const dropped = queue.length - w;
  queue.length = w;
  return dropped;
}

/** A rough wire size of a queued message (for the backpressure budget; exactness does not matter). */
export function approximateSize(m: ClientSingleMessage): number {
  switch (m.type) {
    case 'PlayerAction':
    case 'StateSync':
      return 24 + m.data.length;
    case 'Error':
    case 'Disconnect':
      return 16 + ('message' in m ? m.message.length : m.reason.length);
    default:
      return 64;
  }
}
