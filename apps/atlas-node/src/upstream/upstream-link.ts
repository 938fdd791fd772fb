// One multiplexed link from this node to one game server: a `ws` client (no
// permessage-deflate), the LinkOpener handshake with PSK proofs, outgoing messages
// batched per event-loop turn into one frame, Ping/Pong liveness, and reconnection
// with capped exponential backoff. It never throws into its caller: every socket
// callback is guarded, every decode is an Either.
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
import { publicUrl } from '@atlas/config';
import WebSocket from 'ws';
import { crashPoint } from '../crash-point';
import type { LinkAuth } from './link-auth';
import type { Upstream, UpstreamEvents, UpstreamState } from './ports';

/** Settings of one link. */
export interface UpstreamLinkOptions {
  readonly nodeId: string;
  readonly serverId: string;
  /** The game server's link URL, e.g. `ws://127.0.0.1:7101/atlas`. */
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

/** One node -> game-server `ws` link. Create it, call `open()`; `close()` ends it for good. */
export class UpstreamLink implements Upstream {
  private ws: WebSocket | undefined;
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

  /** The address dialled. */
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

  /** Starts dialling (idempotent); a link waiting out its backoff dials now. */
  open(): void {
    if (this.st === 'closed' || this.ws !== undefined) return;
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
    const ws = this.ws;
    const queued = this.pending;
    if (queued.length === 0) return;
    this.pending = [];
    if (ws === undefined || this.st !== 'up' || ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_LINK_BUFFERED_BYTES) {
      this.fail(`game server reads too slowly (${ws.bufferedAmount} bytes unread)`);
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
          this.write(ws, n);
          n = 0;
        }
      }
      if (n > 0) this.write(ws, n);
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
    const ws = this.ws;
    this.ws = undefined;
    if (ws !== undefined) {
      try {
        ws.close(code, reason);
      } catch {
        ws.terminate();
      }
      // A peer that never answers the close must not keep the process alive.
      setTimeout(() => ws.terminate(), 1000).unref();
    }
    this.options.events.state(this, 'closed', reason);
  }

  private write(ws: WebSocket, n: number): void {
    const frame = writer.finish();
    if (frame === undefined) return;
    // `ws` may hold the buffer until the socket drains: hand it a copy of the reused writer's view.
    const bytes = frame.slice();
    ws.send(bytes, { binary: true, compress: false });
    this.options.events.traffic?.('out', bytes.length, n);
    writer.reset();
  }

  private dial(): void {
    this.setState('connecting', 'dialling');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.options.address, {
        perMessageDeflate: false,
        maxPayload: this.options.maxFrameBytes ?? 16 * 1024 * 1024,
        handshakeTimeout: this.options.handshakeTimeoutMs ?? 5000,
      });
    } catch (e) {
      this.scheduleReconnect(`bad address ${publicUrl(this.options.address)} (${(e as Error).name})`); // the message quotes the URL, secrets and all
      return;
    }
    this.ws = ws;
    ws.binaryType = 'nodebuffer';
    ws.on('open', () => this.guard(() => this.onOpen(ws)));
    ws.on('message', (data: Buffer, isBinary: boolean) => this.guard(() => this.onFrame(ws, isBinary ? data : data.toString('utf8'))));
    ws.on('close', (code: number, reason: Buffer) =>
      this.guard(() => {
        // A version 1 server refuses a newer LinkHello: speak its version from the next dial on.
        if (code === CloseCode.UnsupportedVersion && ws === this.ws && this.st !== 'up') this.helloVersion = PROTOCOL_VERSION;
        this.onClose(ws, `closed ${code} ${reason.toString()}`);
      }),
    );
    ws.on('error', (e: Error) => this.guard(() => this.onClose(ws, e.message)));
  }

  private onOpen(ws: WebSocket): void {
    if (ws !== this.ws) return;
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
    this.handle(ws, this.opener.start(Date.now()));
    this.handshakeTimer = setTimeout(() => this.guard(() => this.opener && this.handle(ws, this.opener.tick(Date.now()))), (this.options.handshakeTimeoutMs ?? 5000) + 10);
  }

  private onFrame(ws: WebSocket, frame: Frame): void {
    if (ws !== this.ws) return;
    this.lastInbound = Date.now();
    const bytes = typeof frame === 'string' ? frame.length : frame.length;
    if (this.st !== 'up') {
      if (this.opener !== undefined) this.handle(ws, this.opener.receive(frame, Date.now()));
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

  private handle(ws: WebSocket, outs: readonly LinkHandshakeOutput[]): void {
    for (const o of outs) {
      if (o.kind === 'send') ws.send(o.frame, { binary: typeof o.frame !== 'string', compress: false });
      else if (o.kind === 'close') ws.close(o.code, o.reason.slice(0, 120));
      else if (o.kind === 'failed') this.onClose(ws, `handshake failed (${o.code}): ${o.message}`);
      else if (o.kind === 'verify' && o.welcome !== undefined && this.opener !== undefined) {
        const ok = E.isRight(this.options.auth.verifyWelcome(o.hello, o.welcome));
        this.handle(ws, ok ? this.opener.confirm(Date.now()) : this.opener.reject(CloseCode.LinkAuthFailed, 'game server failed the pre-shared-key proof', Date.now()));
      } else if (o.kind === 'established') {
        this.version = Math.min(o.welcome.version, this.helloVersion);
        this.established(ws, o.welcome.heartbeatMs);
      }
    }
  }

  private established(ws: WebSocket, heartbeatMs: number): void {
    clearTimeout(this.handshakeTimer);
    this.opener = undefined;
    this.attempts = 0;
    this.generation++;
    this.heartbeatMs = heartbeatMs > 0 ? heartbeatMs : 5000;
    this.lastInbound = Date.now();
    this.pingTimer = setInterval(() => this.guard(() => this.ping(ws)), Math.max(50, Math.min(this.heartbeatMs, 5000)));
    this.pingTimer.unref();
    this.setState('up', 'handshake complete');
  }

  private ping(ws: WebSocket): void {
    if (ws !== this.ws || this.st !== 'up') return;
    if (Date.now() - this.lastInbound > 3 * this.heartbeatMs + 1000) {
      ws.terminate();
      this.onClose(ws, 'no traffic from the game server for 3 heartbeats');
      return;
    }
    this.send({ type: 'Ping', timestamp: Date.now() });
  }

  private onClose(ws: WebSocket, why: string): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    this.opener = undefined;
    this.pending = [];
    this.clearTimers();
    try {
      ws.terminate();
    } catch {
      // already gone
    }
    if (this.st === 'closed') return;
    this.scheduleReconnect(why);
  }

  private fail(why: string): void {
    const ws = this.ws;
    if (ws !== undefined) this.onClose(ws, why);
  }

  private scheduleReconnect(why: string): void {
    this.setState('down', why);
    const { initial, max } = this.options.backoffMs ?? { initial: 100, max: 5000 };
    const delay = backoffDelay(this.attempts++, initial, max);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.st !== 'closed' && this.ws === undefined) this.dial();
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
