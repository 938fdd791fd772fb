// Runs the node's seamless transfers: one TransferCoordinator (from @atlas/protocol)
// per player in flight. It prepares both servers, relays the state, switches the
// route atomically on the target's accept and flushes the messages buffered
// meanwhile in order; a failure or timeout aborts and the player stays put. The
// client is told (ServerTransfer) and never reconnects.
//
// Between the switch and the flush the new route is written to the shared directory
// (bounded: ROUTE_WRITE_WAIT_MS): a resume after this node's crash attaches the player
// to the server the directory names, and only that server's receiver knows what it
// took. Were the target sent the held actions first, a crash before the write would
// resume the player on the source, which would take them a second time.
import { randomInt } from 'node:crypto';
import {
  AbortReason,
  SequenceCounter,
  TransferCoordinator,
  seqNewer,
  type ClientSingleMessage,
  type ServerSingleMessage,
  type TransferOutput,
  type TransferReason,
  type Vec3,
} from '@atlas/protocol';
import { crashPoint } from '../crash-point';
import type { UpstreamLinks } from '../upstream/ports';
import type { ClientOutlet, RouteDirectory, RouteSwitch, TransferPlayer } from './ports';

/** A finished or running transfer, for the admin map and `/servers`. */
export interface TransferRecord {
  readonly playerId: string;
  readonly from: string;
  readonly to: string;
  state: 'started' | 'completed' | 'aborted';
  readonly startedAt: number;
  endedAt: number | null;
  reason: string | null;
}

/** Settings read at each transfer start (they are reloadable). */
export interface TransferSettings {
  /** `game_servers.transfer_timeout`, seconds. */
  timeoutSeconds(): number;
  /** `limits.transfer_buffer_messages`. */
  bufferMessages(): number;
}

/** The steps of a transfer after `prepare` (which starts with it), for tracing. */
export type TransferStep = 'prepare' | 'state' | 'accept' | 'flush';

/** What the manager reports. */
export interface TransferEvents {
  started?(r: TransferRecord): void;
  /** A step began: the source's state arrived, the target accepted, or the route switched (flush). */
  step?(r: TransferRecord, step: TransferStep): void;
  completed?(r: TransferRecord, durationMs: number): void;
  aborted?(r: TransferRecord, reason: AbortReason): void;
  /** The trace context to send the servers with TransferPrepare (undefined: not traced). */
  traceContext?(r: TransferRecord): { readonly traceparent: string; readonly tracestate: string } | undefined;
}

interface Active<P> {
  readonly id: number;
  /** The player's last client seq when the transfer began: the source took every seq up to it. */
  readonly sourceSeq: number;
  readonly coord: TransferCoordinator;
  readonly s: P;
  readonly from: string;
  readonly to: string;
  readonly record: TransferRecord;
  /**
   * After the switch, while the directory write is pending: what the coordinator asked
   * for since (the flush, the source's Detach, the notice), applied once it is written.
   */
  deferred: TransferOutput[] | null;
  /** When the flush goes ahead even if the write has not settled (ms since the epoch). */
  writeDeadline: number;
}

const ABORT_NAMES: Record<number, string> = Object.fromEntries(Object.entries(AbortReason).map(([k, v]) => [v, k.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`))]));
// ServerTransfer notices are re-stamped by the outbox when written, in wire order.
const UNUSED_SEQ = new SequenceCounter();
const RECENT = 64;
/**
 * Longest wait for the directory write between a switch and its flush. A healthy store
 * answers in about a millisecond; a store the node does not yet know is down must not
 * stall transfers for its whole command timeout (the crash window stays open then).
 */
export const ROUTE_WRITE_WAIT_MS = 150;

/** The transfers in flight on one node. */
export class TransferManager<P extends TransferPlayer> {
  private readonly byId = new Map<number, Active<P>>();
  private nextId = randomInt(1, 0x7fff_ffff);
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The last transfers, oldest first (bounded). */
  readonly recent: TransferRecord[] = [];

  constructor(
    private readonly links: UpstreamLinks,
    private readonly clients: ClientOutlet<P>,
    private readonly routes: RouteSwitch<P>,
    private readonly directory: RouteDirectory<P>,
    private readonly settings: TransferSettings,
    private readonly events: TransferEvents = {},
  ) {}

  /** Transfers in flight. */
  get active(): number {
    return this.byId.size;
  }

  /** Starts moving `s` from `from` to `to`. */
  start(s: P, from: string, to: string, reason: TransferReason, position: Vec3): void {
    if (s.transferId !== 0) return;
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffff_fffe ? 1 : this.nextId + 1;
    const coord = new TransferCoordinator({
      transferId: id,
      playerId: s.playerId,
      fromServer: from,
      toServer: to,
      sourceHandle: s.handle,
      // Handles are node-wide unique, so the player keeps its number on every link.
      targetHandle: s.handle,
      reason,
      position: { x: position.x, y: position.y, z: position.z },
      claims: s.claims,
      timeoutMs: Math.max(1, Math.round(this.settings.timeoutSeconds() * 1000)),
      maxBuffered: this.settings.bufferMessages(),
      clientSeq: UNUSED_SEQ,
    });
    const record: TransferRecord = { playerId: s.playerId, from, to, state: 'started', startedAt: Date.now(), endedAt: null, reason: null };
    const a: Active<P> = { id, coord, s, from, to, record, sourceSeq: s.lastClientSeq, deferred: null, writeDeadline: 0 };
    this.byId.set(id, a);
    s.transferId = id;
    this.remember(record);
    this.events.started?.(record);
    this.apply(a, coord.start(Date.now()));
    this.ensureTimer();
  }

  /** A client message while its transfer is in flight (held, then flushed in order). */
  fromClient(s: P, m: ClientSingleMessage): void {
    const a = this.byId.get(s.transferId);
    if (a === undefined) return;
    this.apply(a, a.coord.fromClient(m, Date.now()));
  }

  /** A transfer message from a game server; false when it names no transfer of ours. */
  fromServer(serverId: string, m: ServerSingleMessage): boolean {
    if (m.type !== 'TransferState' && m.type !== 'TransferAccept' && m.type !== 'TransferAbort') return false;
    const a = this.byId.get(m.transferId);
    if (a === undefined) return false;
    const now = Date.now();
    if (m.type !== 'TransferAbort') this.events.step?.(a.record, m.type === 'TransferState' ? 'state' : 'accept');
    if (m.type === 'TransferState') crashPoint('transfer-state');
    if (serverId === a.from) this.apply(a, a.coord.fromSource(m, now));
    else if (serverId === a.to) this.apply(a, a.coord.fromTarget(m, now));
    return true;
  }

  /** The player left: both servers are told, held messages dropped (after a switch: the transfer finishes first). */
  cancel(s: P): void {
    const a = this.byId.get(s.transferId);
    if (a === undefined) return;
    // Switched and still waiting for the directory: the held messages are dropped too, not
    // flushed, or the target could take them before the record names it. None of them is
    // in the player's takenSeq, so a resume has the client send them again.
    if (a.deferred !== null) a.deferred = a.deferred.filter((o) => !(o.kind === 'to-target' && o.message.type === 'Forward'));
    this.release(a);
    this.apply(a, a.coord.cancel(Date.now()));
    this.finish(a);
  }

  /** A server's link died: its transfers abort (the player stays on the source, if alive). */
  serverLost(serverId: string): void {
    const now = Date.now();
    for (const a of [...this.byId.values()]) {
      if (a.from === serverId) this.apply(a, a.coord.serverLost('source', now));
      // Switched already: no point waiting to flush to a dead target (what it held goes back to routing).
      else if (a.to === serverId && a.deferred !== null) this.release(a);
      else if (a.to === serverId) this.apply(a, a.coord.serverLost('target', now));
    }
  }

  /** Aborts every transfer (node stopping). */
  abortAll(): void {
    for (const a of [...this.byId.values()]) this.cancel(a.s);
  }

  /** Stops the timer. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick = (): void => {
    const now = Date.now();
    for (const a of [...this.byId.values()]) {
      if (a.deferred !== null && now >= a.writeDeadline) this.release(a);
      this.apply(a, a.coord.tick(now));
    }
    if (this.byId.size === 0) this.close();
  };

  private ensureTimer(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(this.tick, 25);
    this.timer.unref();
  }

  /** TransferPrepare goes in a Traced when the transfer is traced (a v1 link unwraps it). */
  private traced(a: Active<P>, m: ServerSingleMessage): ServerSingleMessage {
    if (m.type !== 'TransferPrepare') return m;
    const context = this.events.traceContext?.(a.record);
    return context === undefined ? m : { type: 'Traced', traceparent: context.traceparent, tracestate: context.tracestate, message: m };
  }

  /** Applies the outputs held for the directory write (it settled, timed out, or cannot matter any more). */
  private release(a: Active<P>): void {
    const outs = a.deferred;
    if (outs === null) return;
    a.deferred = null;
    this.apply(a, outs);
  }

  private awaitWrite(a: Active<P>, written: PromiseLike<void>): void {
    a.deferred = [];
    a.writeDeadline = Date.now() + ROUTE_WRITE_WAIT_MS;
    const settled = (): void => {
      if (this.byId.get(a.id) !== a || a.deferred === null) return;
      crashPoint('route-written');
      this.release(a);
    };
    written.then(settled, settled);
  }

  private apply(a: Active<P>, outs: readonly TransferOutput[]): void {
    for (const o of outs) {
      // Waiting for the directory: only the target's confirmation goes now (with its
      // SeqHandover), so a crash before the write leaves the target having taken nothing.
      if (a.deferred !== null && !(o.kind === 'to-target' && o.message.type === 'TransferAccept')) {
        a.deferred.push(o);
        continue;
      }
      switch (o.kind) {
        case 'to-source':
        case 'to-target': {
          const server = o.kind === 'to-source' ? a.from : a.to;
          if (!this.links.send(server, this.traced(a, o.message))) {
            if (o.message.type === 'Forward') this.routes.unsent(a.s, o.message.message);
            break;
          }
          if (o.message.type === 'Forward') this.routes.flushed(a.s, server, o.message.message);
          // The target's receiver learns what the source took before the held messages follow:
          // what the node had sent it, or more when the source said it took more (a resumed
          // player's source acknowledges on Attach what it took through a node that died).
          else if (o.message.type === 'TransferAccept' && o.kind === 'to-target' && this.links.acks(server)) {
            const took = seqNewer(a.s.takenSeq, a.sourceSeq) ? a.s.takenSeq : a.sourceSeq;
            this.links.send(server, { type: 'SeqHandover', handle: o.message.handle, seq: took, oseq: a.s.lastOseq, sessionId: a.s.sessionId });
          }
          break;
        }
        case 'to-client':
          this.clients.enqueue(a.s, o.message);
          break;
        case 'switch-route': {
          this.events.step?.(a.record, 'flush');
          this.routes.switchRoute(a.s, a.from, a.to);
          const written = this.directory.record(a.s, a.to);
          if (written !== undefined) this.awaitWrite(a, written);
          break;
        }
        case 'completed': {
          const now = Date.now();
          a.record.state = 'completed';
          a.record.endedAt = now;
          this.finish(a);
          this.events.completed?.(a.record, now - a.record.startedAt);
          break;
        }
        case 'aborted':
          a.record.state = 'aborted';
          a.record.endedAt = Date.now();
          a.record.reason = ABORT_NAMES[o.reason] ?? String(o.reason);
          this.finish(a);
          this.events.aborted?.(a.record, o.reason);
          break;
      }
    }
  }

  private finish(a: Active<P>): void {
    this.byId.delete(a.id);
    if (a.s.transferId === a.id) a.s.transferId = 0;
  }

  private remember(r: TransferRecord): void {
    this.recent.push(r);
    if (this.recent.length > RECENT) this.recent.shift();
  }
}
