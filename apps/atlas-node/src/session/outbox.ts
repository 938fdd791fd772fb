// Everything bound for one client within one event-loop turn leaves as one frame:
// queued per session, then at the end of the turn stamped with the player's sequence
// numbers, encoded once (a Batch when there are several), compressed once, sealed
// once and written once. A socket above `max_backpressure_bytes` gets nothing new:
// its queue is coalesced (latest position wins) and, if it still cannot keep up, the
// connection is closed with SlowConsumer. Closing a client goes through here too: its
// last words (a Disconnect) are the last frame written.
import { CloseCode, LATEST_VERSION, clientSendable, createClientBatchWriter, encodeClientJson, seqNewer, type ClientSingleMessage, type PlayerAction } from '@atlas/protocol';
import { stampSequence, wrapPayload } from '@atlas/session';
import { approximateSize, coalesce } from './coalesce';
import type { ClientLink } from '../routing/ports';
import { SendStatus } from './client-socket';
import { Phase, type ClientSession } from './session';
import { sessionNow } from './session-clock';

/** What the outbox needs from the node. */
export interface OutboxDeps {
  /** Current `limits.max_backpressure_bytes` (read each time: it is reloadable). */
  maxBackpressureBytes(): number;
  /** Counts frames and messages written, and messages dropped by coalescing. */
  sent?(bytes: number, messages: number): void;
  /** Counts one message of `kind` (its type) written to a client. */
  countOut?(kind: string): void;
  dropped?(count: number): void;
  /** A message newer than its session's protocol version was not sent (a v1 client cannot decode it). */
  unsendable?(type: string): void;
  /** The node is closing a client with `code` (every node-initiated close passes `end`). */
  ended?(code: number): void;
}

// A client decodes at most 4096 messages per Batch by default; stay well below.
const MAX_BATCH_MESSAGES = 1024;
const MAX_BATCH_BYTES = 256 * 1024;
/** How long a socket may stay above the limit before it is closed, in ms. */
export const SLOW_CONSUMER_GRACE_MS = 10_000;

/** One batch writer for every session: frames are written one at a time, and its view goes to the socket (which copies) or into the compressor or the channel (which write new frames). */
const writer = createClientBatchWriter();

/** The per-turn client write queue of a node (the routing stage's ClientLink). */
export class Outbox implements ClientLink<ClientSession> {
  private dirty: ClientSession[] = [];
  private scheduled = false;

  constructor(private readonly deps: OutboxDeps) {}

  /** Queues `m` for `s`; it leaves at the end of this turn. A message the session's version lacks is dropped (and counted). */
  enqueue(s: ClientSession, m: ClientSingleMessage): void {
    if (s.phase === Phase.Closed) return;
    if (!clientSendable(m.type, s.version)) {
      this.deps.unsendable?.(m.type);
      return;
    }
    if (m.type === 'PlayerAction' && m.oseq !== undefined) m = this.numbered(s, m, m.oseq);
    if (s.pending === null) s.pending = [m];
    else s.pending.push(m);
    if (!s.queued) {
      s.queued = true;
      this.dirty.push(s);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    }
  }

  /**
   * A game server's numbered action (§11): the session's line moves on with it (when it is
   * queued, so a transfer's SeqHandover in the same turn sees it); a version 1 client
   * cannot decode the field and gets the action without it.
   */
  private numbered(s: ClientSession, m: PlayerAction, oseq: number): PlayerAction {
    if (s.version < LATEST_VERSION) {
      const { oseq: _dropped, ...plain } = m;
      return plain;
    }
    if (seqNewer(oseq, s.lastOseq)) s.lastOseq = oseq;
    return m;
  }

  /** Writes every queued session now (the end-of-turn hook). */
  readonly flush = (): void => {
    this.scheduled = false;
    const list = this.dirty;
    this.dirty = [];
    for (const s of list) {
      s.queued = false;
      this.write(s);
    }
  };

  /** The socket drained: try again what was held back. */
  drained(s: ClientSession): void {
    if (s.pending !== null && !s.queued) this.write(s);
  }

  /** Writes one session's queue (or holds it back under backpressure). */
  write(s: ClientSession): void {
    const queue = s.pending;
    const ws = s.ws;
    if (queue === null || queue.length === 0) return;
    if (ws === null || s.phase === Phase.Closed) {
      s.pending = null;
      return;
    }
    const limit = this.deps.maxBackpressureBytes();
    const buffered = ws.getBufferedAmount();
    if (buffered > limit) {
      this.holdBack(s, queue, buffered, limit);
      return;
    }
    s.slowSince = 0;
    s.pending = null;
    ws.cork(() => {
      for (let i = 0; i < queue.length && s.phase !== Phase.Closed; ) {
        const n = this.writeFrame(s, queue, i);
        i += n;
      }
    });
  }

  /**
   * Last words before a close: writes what is queued plus `m` now, ignoring the
   * backpressure limit (one small frame); nothing is queued after it.
   */
  writeFinal(s: ClientSession, m: ClientSingleMessage): void {
    const ws = s.ws;
    const queue = s.pending ?? [];
    s.pending = null;
    if (ws === null) return;
    queue.push(m);
    ws.cork(() => {
      for (let i = 0; i < queue.length; ) i += this.writeFrame(s, queue, i);
    });
  }

  /**
   * Closes a client with a named code: an established client first gets a Disconnect
   * saying why (sealed like any frame), then the WebSocket close frame.
   */
  close(s: ClientSession, code: number, reason: string): void {
    if (s.phase === Phase.Closed || s.closing) return;
    s.closing = true;
    const wasOpen = s.phase === Phase.Active || s.phase === Phase.Resuming;
    if (s.ws === null) {
      s.phase = Phase.Closed;
      return;
    }
    if (wasOpen) {
      try {
        this.writeFinal(s, { type: 'Disconnect', code, reason });
      } catch {
        // the socket is going anyway
      }
    }
    this.end(s, code, reason);
  }

  /** Ends the socket without last words (the edge's close handler then runs `hub.closed`). */
  end(s: ClientSession, code: number, reason: string): void {
    const ws = s.ws;
    if (ws === null) return;
    this.deps.ended?.(code);
    try {
      // A close reason is at most 123 bytes.
      ws.end(code, Buffer.from(reason).subarray(0, 123));
    } catch {
      // Already closed by the peer: the close handler ran or will run.
    }
  }

  private holdBack(s: ClientSession, queue: ClientSingleMessage[], buffered: number, limit: number): void {
    const now = sessionNow();
    if (s.slowSince === 0) s.slowSince = now;
    const dropped = coalesce(queue);
    if (dropped > 0) this.deps.dropped?.(dropped);
    let held = 0;
    for (const m of queue) held += approximateSize(m);
    if (buffered + held > 2 * limit || now - s.slowSince > SLOW_CONSUMER_GRACE_MS) {
      s.pending = null;
      this.deps.dropped?.(queue.length);
      this.close(s, CloseCode.SlowConsumer, 'client reads too slowly (backpressure limit)');
    }
  }

  /** Encodes messages from `start`, layers them with @atlas/session's pipeline (compress, seal) and sends them; returns how many went into the frame. */
  private writeFrame(s: ClientSession, queue: readonly ClientSingleMessage[], start: number): number {
    const ws = s.ws;
    if (ws === null) return queue.length;
    let n = 0;
    let payload: Uint8Array | string;
    if (s.encoding === 'json') {
      const batch: ClientSingleMessage[] = [];
      let bytes = 0;
      for (let i = start; i < queue.length && n < MAX_BATCH_MESSAGES && bytes < MAX_BATCH_BYTES; i++, n++) {
        const m = queue[i] as ClientSingleMessage;
        this.deps.countOut?.(m.type);
        batch.push(stampSequence(s, m));
        bytes += approximateSize(m);
      }
      payload = encodeClientJson(batch.length === 1 ? (batch[0] as ClientSingleMessage) : { type: 'Batch', messages: batch }, { playerId: s.playerId });
    } else {
      writer.reset();
      for (let i = start; i < queue.length && n < MAX_BATCH_MESSAGES && writer.byteLength < MAX_BATCH_BYTES; i++, n++) {
        const m = queue[i] as ClientSingleMessage;
        this.deps.countOut?.(m.type);
        writer.add(stampSequence(s, m));
      }
      payload = writer.finish() as Uint8Array;
    }
    const frame = wrapPayload(s, payload);
    const status = ws.send(frame, typeof frame !== 'string');
    this.deps.sent?.(frame.length, n);
    // Dropped: uWS (its own cap, set far above ours, was hit): the stream is broken.
    if (status === SendStatus.Dropped && s.phase !== Phase.Closed) this.close(s, CloseCode.SlowConsumer, 'client reads too slowly (send dropped)');
    return n;
  }
}
