// Sequence numbering of the server -> client direction: every sequenced message (move,
// action, transfer, state) gets the player's next u32 seq when it is written. The
// receiving end checks them with the protocol's SequenceTracker.
import { isSequenced, type ClientSingleMessage, type SequencedClientMessage } from '@atlas/protocol';

/** Where a session keeps its next outbound seq (a plain field, so a session needs no counter object). */
export interface SeqCursor {
  nextSeq: number;
}

/** `m` with the next seq when it carries one (a copy: deliveries are shared between players); advances the cursor (u32, wrapping). */
export function stampSequence<M extends SequencedClientMessage>(cursor: SeqCursor, m: M): M;
/** `m` with the next seq when it carries one; other messages are returned as they are. */
export function stampSequence(cursor: SeqCursor, m: ClientSingleMessage): ClientSingleMessage;
export function stampSequence(cursor: SeqCursor, m: ClientSingleMessage): ClientSingleMessage {
  if (!isSequenced(m)) return m;
  const seq = cursor.nextSeq;
  cursor.nextSeq = (seq + 1) >>> 0;
  return { ...m, seq };
}

/** The last seq a cursor handed out (0 before any, when it starts at 1). */
export function lastStamped(cursor: SeqCursor): number {
  return (cursor.nextSeq - 1) >>> 0;
}
