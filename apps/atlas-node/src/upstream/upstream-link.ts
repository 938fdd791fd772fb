// One multiplexed link between this node and one game server: the LinkOpener handshake
// with PSK proofs (the node always opens it, whoever dialled), outgoing messages batched
// per event-loop turn into one frame, and Ping/Pong liveness. The socket is a LinkWire:
// the node dials a server that has a link address (and redials with capped exponential
// backoff), and takes the socket a server dials in with (`accept`, docs/protocol.md §8).
// It never throws into its caller: every socket callback is guarded, every decode is an
// Either.
import { backoffDelay } from '@atlas/common';
import * as E from 'fp-ts/lib/Either.js';
import {
  CloseCode,
  createServerBatchWriter,
  decodeServerFrame,
  LinkOpener,
  LATEST_VERSION,
  PROTOCOL_VERSION,
  serverSendable,
  type Frame,
  type LinkHandshakeOutput,
  type ServerSingleMessage,
} from '@atlas/protocol';
import { crashPoint } from '../crash-point';
import type { LinkAuth } from './link-auth';
import type { LinkWire, WireEvents } from './link-wire';
import type { Upstream, UpstreamEvents, UpstreamState } from './ports';
import { dialWire } from './ws-wire';

/** Settings of one link. */
export interface UpstreamLinkOptions {
  readonly nodeId: string;
  readonly serverId: string;
  /** The game server's link URL, e.g. `ws://127.0.0.1:7101/atlas`; empty: the server dials the node, never dialled. */
  readonly address: string;
  readonly auth: LinkAuth;
  readonly events: UpstreamEvents;
  /** Largest frame accepted from the server (default 16 MiB). */
  readonly maxFrameBytes?: number;
  /** Handshake deadline in ms (default 5000). */
  readonly handshakeTimeoutMs?: number;
  /** Backoff: first delay and cap in ms (defaults 100 and 5000). */
  readonly backoffMs?: { readonly initial: number; readonly max: number };
}

const MAX_BATCH = 4000;
/** A game server that leaves this much unread on its link is treated as failed (its players are parked or moved). */
export const MAX_LINK_BUFFERED_BYTES = 64 * 1024 * 1024;
const MAX_BATCH_BYTES = 512 * 1024;
const writer = createServerBatchWriter();

/** One node <-> game-server link. Create it, call `open()`; `close()` ends it for good. */
export class UpstreamLink implements Upstream {
  private wire: LinkWire | undefined;
  private opener: LinkOpener | undefined;
  private st: UpstreamState = 'down';
  private pending: ServerSingleMessage[] = [];
  private flushScheduled = false;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private lastInbound = 0;
  private heartbeatMs = 5000;
  /** Last measured round trip to the server, ms (-1 before the first Pong). */
  rttMs = -1;
  /** Times the link came up (1 after the first connection). */
  generation = 0;
  /** The version this link speaks (its LinkWelcome's); 1 until it is up. */
  version = PROTOCOL_VERSION;
  /** The version the next LinkHello announces: the newest, or 1 once the server refused it (4001). */
  private helloVersion = LATEST_VERSION;

  constructor(readonly options: UpstreamLinkOptions) {}

  /** The game server's id. */
  get serverId(): string {
    return this.options.serverId;
  }

  /** The address dialled ('' for a server that dials the node). */
  get address(): string {
    return this.options.address;
  }

  /** Current state. */
  get state(): UpstreamState {
    return this.st;
  }

  /** True when messages are accepted. */
  get isUp(): boolean {
    return this.st === 'up';
  }

  /** True when the link is up and negotiated a version with ghost messages (v2 or later). */
  get ghosts(): boolean {
    return this.st === 'up' && serverSendable('GhostUpdate', this.version);
  }

  /** Starts dialling (idempotent); a link waiting out its backoff dials now. A link without an address waits for `accept`. */
  open(): void {
    if (this.st === 'closed' || this.wire !== undefined || this.options.address === '') return;
    if (this.reconnectTimer !== undefined) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
    }
    this.dial();
  }

  /**
   * Queues `m` for this turn's frame. False (and nothing queued) when the link is not
   * up: the caller decides what that means for the player.
   */
  send(m: ServerSingleMessage): boolean {
    if (this.st !== 'up') return false;
    this.pending.push(forLinkVersion(m, this.version));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
    return true;
  }

  /** Writes everything queued now (also called at the end of each turn). */
  readonly flush = (): void => {
    this.flushScheduled = false;
    const wire = this.wire;
    const queued = this.pending;
    if (queued.length === 0) return;
    this.pending = [];
    if (wire === undefined || this.st !== 'up') return;
    const unread = wire.bufferedAmount();
    if (unread > MAX_LINK_BUFFERED_BYTES) {
      this.fail(`game server reads too slowly (${unread} bytes unread)`);
      return;
    }
    try {
      let n = 0;
      writer.reset();
      for (const m of queued) {
        this.options.events.kind?.('out', m.type === 'Traced' ? m.message.type : m.type);
        writer.add(m);
        n++;
        if (n >= MAX_BATCH || writer.byteLength >= MAX_BATCH_BYTES) {
          if (!this.write(wire, n)) return;
          n = 0;
        }
      }
      if (n > 0 && !this.write(wire, n)) return;
    } catch (e) {
      this.fail(`send failed: ${(e as Error).message}`);
      return;
    }
    crashPoint('in-flight');
  };

  /** Ends the link for good (no reconnect). */
  close(code = 1000, reason = 'node closing'): void {
    if (this.st === 'closed') return;
    this.flush();
    this.st = 'closed';
    this.clearTimers();
    const wire = this.wire;
    this.wire = undefined;
    wire?.close(code, reason);
    this.options.events.state(this, 'closed', reason);
  }

  /**
   * Takes the socket this server dialled the node with (already past its upgrade) and
   * opens the link on it; a link it had (dialled or accepted) is dropped for it. Returns
   * what the socket's events go to; undefined when the link is closed for good.
   */
  accept(wire: LinkWire): WireEvents | undefined {
    if (this.st === 'closed') return undefined;
    const old = this.wire;
    if (old !== undefined) {
      this.drop(old);
      old.close(CloseCode.DuplicateLink, 'replaced by a link the game server dialled');
      // Its players were lost with the old socket: the owner re-attaches them once this one is up.
      this.setState('down', 'replaced by a link the game server dialled');
    }
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.wire = wire;
    this.setState('connecting', 'the game server dialled in');
    const events = this.eventsOf(wire);
    events.open();
    return events;
  }

  /** The events of `wire`, each guarded and ignored once the link moved to another wire. */
  private eventsOf(wire: LinkWire): WireEvents {
    return {
      open: () => this.guard(() => this.onOpen(wire)),
      frame: (frame) => this.guard(() => this.onFrame(wire, frame)),
      closed: (code, reason) =>
        this.guard(() => {
          // A version 1 server refuses a newer LinkHello: speak its version from the next socket on.
          if (code === CloseCode.UnsupportedVersion && wire === this.wire && this.st !== 'up') this.helloVersion = PROTOCOL_VERSION;
          this.onClose(wire, reason);
        }),
    };
  }

  /** Writes the writer's frame; false (and the link failed) when the socket refused it. */
  private write(wire: LinkWire, n: number): boolean {
    const frame = writer.finish();
    if (frame === undefined) return true;
    if (!wire.send(frame)) {
      this.fail('the socket refused a frame (closed, or its send buffer is full)');
      return false;
    }
    this.options.events.traffic?.('out', frame.length, n);
    writer.reset();
    return true;
  }

  private dial(): void {
    this.setState('connecting', 'dialling');
    const dialled = dialWire(
      this.options.address,
      { maxFrameBytes: this.options.maxFrameBytes ?? 16 * 1024 * 1024, handshakeTimeoutMs: this.options.handshakeTimeoutMs ?? 5000 },
      (wire) => this.eventsOf(wire),
    );
    if ('error' in dialled) {
      this.scheduleReconnect(dialled.error);
      return;
    }
    this.wire = dialled.wire;
  }

  private onOpen(wire: LinkWire): void {
    if (wire !== this.wire) return;
    const auth = this.options.auth;
    const nonce = auth.nonce();
    const proof = auth.helloProof(nonce, this.options.nodeId, this.options.serverId, this.helloVersion);
    this.opener = new LinkOpener({
      version: this.helloVersion,
      nodeId: this.options.nodeId,
      serverId: this.options.serverId,
      nonce,
      proof,
      timeoutMs: this.options.handshakeTimeoutMs ?? 5000,
    });
    this.handle(wire, this.opener.start(Date.now()));
    this.handshakeTimer = setTimeout(() => this.guard(() => this.opener && this.handle(wire, this.opener.tick(Date.now()))), (this.options.handshakeTimeoutMs ?? 5000) + 10);
  }

  private onFrame(wire: LinkWire, frame: Frame): void {
    if (wire !== this.wire) return;
    this.lastInbound = Date.now();
    const bytes = typeof frame === 'string' ? frame.length : frame.length;
    if (this.st !== 'up') {
      if (this.opener !== undefined) this.handle(wire, this.opener.receive(frame, Date.now()));
      return;
    }
    const decoded = decodeServerFrame(frame, { maxFrameBytes: this.options.maxFrameBytes ?? 16 * 1024 * 1024, maxBatchMessages: 65535 });
    if (E.isLeft(decoded)) {
      this.options.events.decodeError?.(this, decoded.left.message);
      return;
    }
    const m = decoded.right;
    if (m.type === 'Batch') {
      this.options.events.traffic?.('in', bytes, m.messages.length);
      for (const inner of m.messages) if (inner.type !== 'Batch') this.dispatch(inner);
    } else {
      this.options.events.traffic?.('in', bytes, 1);
      this.dispatch(m);
    }
  }

  private dispatch(m: ServerSingleMessage): void {
    // Traced is node -> server only; from a server its message is taken alone.
    if (m.type === 'Traced') {
      this.dispatch(m.message);
      return;
    }
    this.options.events.kind?.('in', m.type);
    if (m.type === 'Ping') {
      this.send({ type: 'Pong', timestamp: m.timestamp });
      return;
    }
    if (m.type === 'Pong') {
      this.rttMs = Math.max(0, Date.now() - m.timestamp);
      return;
    }
    if (m.type === 'LinkHello' || m.type === 'LinkWelcome') return;
    this.options.events.message(this, m);
  }

  private handle(wire: LinkWire, outs: readonly LinkHandshakeOutput[]): void {
    for (const o of outs) {
      if (o.kind === 'send') wire.send(o.frame);
      else if (o.kind === 'close') wire.close(o.code, o.reason.slice(0, 120));
      else if (o.kind === 'failed') this.onClose(wire, `handshake failed (${o.code}): ${o.message}`);
      else if (o.kind === 'verify' && o.welcome !== undefined && this.opener !== undefined) {
        const ok = E.isRight(this.options.auth.verifyWelcome(o.hello, o.welcome));
        this.handle(wire, ok ? this.opener.confirm(Date.now()) : this.opener.reject(CloseCode.LinkAuthFailed, 'game server failed the pre-shared-key proof', Date.now()));
      } else if (o.kind === 'established') {
        this.version = Math.min(o.welcome.version, this.helloVersion);
        this.established(wire, o.welcome.heartbeatMs);
      }
    }
  }

  private established(wire: LinkWire, heartbeatMs: number): void {
    clearTimeout(this.handshakeTimer);
    this.opener = undefined;
    this.attempts = 0;
    this.generation++;
    this.heartbeatMs = heartbeatMs > 0 ? heartbeatMs : 5000;
    this.lastInbound = Date.now();
    this.pingTimer = setInterval(() => this.guard(() => this.ping(wire)), Math.max(50, Math.min(this.heartbeatMs, 5000)));
    this.pingTimer.unref();
    this.setState('up', 'handshake complete');
  }

  private ping(wire: LinkWire): void {
    if (wire !== this.wire || this.st !== 'up') return;
    if (Date.now() - this.lastInbound > 3 * this.heartbeatMs + 1000) {
      this.onClose(wire, 'no traffic from the game server for 3 heartbeats');
      return;
    }
    this.send({ type: 'Ping', timestamp: Date.now() });
  }

  private onClose(wire: LinkWire, why: string): void {
    if (wire !== this.wire) return;
    this.drop(wire);
    try {
      wire.terminate();
    } catch {
      // already gone
    }
    if (this.st === 'closed') return;
    // A server that dials the node redials it; one with an address is redialled by the node.
    if (this.options.address === '') this.setState('down', why);
    else this.scheduleReconnect(why);
  }

  /** Forgets `wire` (its later events are ignored), with no redial. */
  private drop(wire: LinkWire): void {
    if (wire !== this.wire) return;
    this.wire = undefined;
    this.opener = undefined;
    this.pending = [];
    this.clearTimers();
  }

  private fail(why: string): void {
    const wire = this.wire;
    if (wire !== undefined) this.onClose(wire, why);
  }

  private scheduleReconnect(why: string): void {
    this.setState('down', why);
    const { initial, max } = this.options.backoffMs ?? { initial: 100, max: 5000 };
    const delay = backoffDelay(this.attempts++, initial, max);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.st !== 'closed' && this.wire === undefined) this.dial();
    }, delay);
    this.reconnectTimer.unref();
  }

  private setState(state: UpstreamState, why: string): void {
    if (this.st === state || this.st === 'closed') return;
    this.st = state;
    this.options.events.state(this, state, why);
  }

  private clearTimers(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.handshakeTimer);
    clearInterval(this.pingTimer);
    this.reconnectTimer = undefined;
    this.handshakeTimer = undefined;
    this.pingTimer = undefined;
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      // A bug in a handler must not take the node down; drop this socket and reconnect.
      this.fail(`internal error: ${(e as Error).message}`);
    }
  }
}

/** `m` as a link at `version` can take it: a v1 link gets a Traced's message alone, and an Attach without replayAfter. */
export function forLinkVersion(m: ServerSingleMessage, version: number): ServerSingleMessage {
  if (version >= LATEST_VERSION) return m;
  if (m.type === 'Traced') return m.message;
  if (m.type === 'Attach' && m.replayAfter !== undefined) {
    const { replayAfter: _dropped, ...v1 } = m;
    return v1;
  }
  return m;
}
