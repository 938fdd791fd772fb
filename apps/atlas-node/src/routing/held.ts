// Client actions of players that no game server can take right now (no position yet,
// its region has no live owner, its server is down): held in order, bounded per player
// in count, bytes and age, and handed back when the player gets a route. What does not
// fit, or waits too long, is dropped, and the player is told exactly which seqs
// (one ActionsDropped Error per contiguous range and turn), and the drop is counted.
// Reliable actions keep their place; unreliable-latest ones are coalesced by tag.
// Reliable actions forwarded on a link that acknowledges (ForwardAck) stay here, in
// flight, until the server's cumulative ack covers them; a lost server puts them back
// in front of the held ones, so they are replayed, in order, to its successor.
import { ActionChannel, actionsDropped, type PlayerAction } from '@atlas/protocol';
import type { ClientOutlet } from '../transfer/ports';
import type { RoutedPlayer } from './ports';

/** The bounds of one player's held actions (read at each use: they are reloadable). */
export interface HeldLimits {
  messages(): number;
  bytes(): number;
  timeoutMs(): number;
}

/** Why held actions were dropped. */
export type HeldDropReason = 'overflow' | 'timeout';

/** What the store reports (metrics). */
export interface HeldEvents {
  dropped?(count: number, reason: HeldDropReason): void;
}

interface Entry {
  readonly m: PlayerAction;
  readonly bytes: number;
  readonly at: number;
}

interface Drop {
  first: number;
  last: number;
  readonly why: string;
}

interface Queue<P> {
  readonly p: P;
  readonly entries: Entry[];
  /** Forwarded, not yet acknowledged, oldest first. */
  readonly inflight: Entry[];
  bytes: number;
  /** The range dropped this turn, not yet told. */
  drop: Drop | null;
}

/** True when `a` is `b` or before it in u32 serial-number order (RFC 1982). */
function serialAtMost(a: number, b: number): boolean {
  return ((b - a) >>> 0) < 0x8000_0000;
}

/** Bytes an entry costs beyond its data (the message's fixed fields and bookkeeping). */
const ENTRY_OVERHEAD = 32;

/** Held actions of every unroutable player of a node. */
export class HeldActions<P extends RoutedPlayer> {
  private readonly queues = new Map<number, Queue<P>>();
  private readonly untold = new Set<Queue<P>>();
  private telling = false;

  constructor(
    private readonly limits: HeldLimits,
    private readonly clients: ClientOutlet<P>,
    private readonly events: HeldEvents = {},
  ) {}

  /** Actions held for `p`. */
  count(p: P): number {
    return this.queues.get(p.handle)?.entries.length ?? 0;
  }

  /** Holds `m` for `p` until it has a route; drops it (and tells the player) when it does not fit. */
  hold(p: P, m: PlayerAction, now: number): void {
    const q = this.queueOf(p);
    const bytes = m.data.byteLength + ENTRY_OVERHEAD;
    if (m.channel === ActionChannel.UnreliableLatest) {
      const i = q.entries.findIndex((e) => e.m.channel === ActionChannel.UnreliableLatest && e.m.tag === m.tag);
      if (i >= 0) {
        // Latest-only: the newer action replaces the held one (as under backpressure).
        q.bytes += bytes - (q.entries[i] as Entry).bytes;
        q.entries[i] = { m: { ...m, data: m.data.slice() }, bytes, at: now };
        return;
      }
    }
    const maxMessages = this.limits.messages();
    const maxBytes = this.limits.bytes();
    if (q.entries.length + 1 > maxMessages || q.bytes + bytes > maxBytes) {
      this.events.dropped?.(1, 'overflow');
      if (m.channel === ActionChannel.Reliable) this.dropped(q, m.seq, `held buffer full (${maxMessages} actions / ${maxBytes} bytes) while no game server can take them`);
      return;
    }
    // Byte fields of decoded client messages are views of a reused buffer: keep a copy.
    q.entries.push({ m: { ...m, data: m.data.slice() }, bytes, at: now });
    q.bytes += bytes;
  }

  /** A reliable action was forwarded on a link that acknowledges: kept until acked. */
  sent(p: P, m: PlayerAction, now: number): void {
    if (m.channel !== ActionChannel.Reliable) return;
    const q = this.queueOf(p);
    q.inflight.push({ m: { ...m, data: m.data.slice() }, bytes: m.data.byteLength + ENTRY_OVERHEAD, at: now });
    // A server that never acknowledges must not grow the node: past the bound the oldest is
    // trusted as delivered.
    if (q.inflight.length > this.limits.messages()) q.inflight.shift();
  }

  /** The server took every client seq up to `seq` (serial order): those are forgotten. */
  acked(p: P, seq: number): void {
    const q = this.queues.get(p.handle);
    if (q === undefined) return;
    let n = 0;
    while (n < q.inflight.length && serialAtMost((q.inflight[n] as Entry).m.seq, seq)) n++;
    // Not splice: it would build an array of the removed entries on every ack.
    if (n === q.inflight.length) q.inflight.length = 0;
    else for (let i = 0; i < n; i++) q.inflight.shift();
    this.dropIfEmpty(q);
  }

  /** The player's server is gone: what it never acknowledged goes back in front of the held actions. */
  requeue(p: P, now: number): void {
    const q = this.queues.get(p.handle);
    if (q === undefined || q.inflight.length === 0) return;
    const back = q.inflight.splice(0).map((e) => ({ ...e, at: now }));
    for (const e of back) q.bytes += e.bytes;
    q.entries.unshift(...back);
  }

  /** A transfer switched the player: the source's state included what it was sent, so nothing stays in flight. */
  transferred(p: P): void {
    const q = this.queues.get(p.handle);
    if (q === undefined) return;
    q.inflight.length = 0;
    this.dropIfEmpty(q);
  }

  /** Actions in flight (forwarded, unacknowledged) for `p`. */
  unacked(p: P): number {
    return this.queues.get(p.handle)?.inflight.length ?? 0;
  }

  /** Takes every action held for `p`, oldest first (the player has a route now). */
  take(p: P): readonly PlayerAction[] {
    const q = this.queues.get(p.handle);
    if (q === undefined || q.entries.length === 0) return [];
    const out = q.entries.map((e) => e.m);
    q.entries.length = 0;
    q.bytes = 0;
    this.dropIfEmpty(q);
    return out;
  }

  /** Drops held actions older than the timeout (called about once a second). */
  expire(now: number): void {
    const limit = this.limits.timeoutMs();
    for (const q of this.queues.values()) {
      let n = 0;
      while (n < q.entries.length && now - (q.entries[n] as Entry).at > limit) n++;
      if (n === 0) continue;
      const gone = q.entries.splice(0, n);
      for (const e of gone) {
        q.bytes -= e.bytes;
        if (e.m.channel === ActionChannel.Reliable) this.dropped(q, e.m.seq, `no game server took them within ${limit / 1000} s`);
      }
      this.events.dropped?.(n, 'timeout');
    }
  }

  /** The player left: its held actions go with it, untold. */
  forget(p: P): void {
    const q = this.queues.get(p.handle);
    if (q === undefined) return;
    this.queues.delete(p.handle);
    this.untold.delete(q);
  }

  private queueOf(p: P): Queue<P> {
    let q = this.queues.get(p.handle);
    if (q === undefined || q.p !== p) {
      q = { p, entries: [], inflight: [], bytes: 0, drop: null };
      this.queues.set(p.handle, q);
    }
    return q;
  }

  /** Records seq as dropped: contiguous drops of one turn and reason make one notice. */
  private dropped(q: Queue<P>, seq: number, why: string): void {
    const d = q.drop;
    if (d !== null && d.why === why && ((d.last + 1) >>> 0) === seq) {
      d.last = seq;
      return;
    }
    if (d !== null) this.clients.enqueue(q.p, actionsDropped(d, d.why));
    q.drop = { first: seq, last: seq, why };
    this.untold.add(q);
    if (!this.telling) {
      this.telling = true;
      setImmediate(this.tell);
    }
  }

  private readonly tell = (): void => {
    this.telling = false;
    for (const q of this.untold) {
      if (q.drop !== null) this.clients.enqueue(q.p, actionsDropped(q.drop, q.drop.why));
      q.drop = null;
      this.dropIfEmpty(q);
    }
    this.untold.clear();
  };

  private dropIfEmpty(q: Queue<P>): void {
    if (q.entries.length === 0 && q.inflight.length === 0 && q.drop === null && this.queues.get(q.p.handle) === q) this.queues.delete(q.p.handle);
  }
}
