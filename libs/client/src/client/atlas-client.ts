// The Atlas client: one player's session with a node. Connects and handshakes, sends
// moves and actions with per-player sequence numbers, turns what the node sends into
// typed events, measures RTT, treats transfers as mere events (the socket stays), and
// after an unexpected close reconnects with the resume ticket and re-sends what the
// node missed.
import { Emitter, backoffDelay } from '@atlas/common';
import { describeCryptoError, parseNodeKey } from '@atlas/crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  ActionChannel,
  CloseCode,
  SequenceCounter,
  SequenceTracker,
  seqNewer,
  TransferPhase,
  type ClientSingleMessage,
  type PlayerAction,
  type PlayerMove,
  type Quat,
  type Vec3,
  type Welcome,
} from '@atlas/protocol';
import { COMPRESSION_CODECS, ResendBuffer, syncClientCrypto, webClientCrypto } from '@atlas/session';
import { Connection, type ConnectionParams } from './connection';
import type { AtlasClientEvents, AtlasClientOptions, ClientError, ClientStats, SessionInfo } from './types';

/** Close codes after which resuming cannot help. */
const TERMINAL = new Set<number>([
  1000,
  CloseCode.UnsupportedVersion,
  CloseCode.AuthFailed,
  CloseCode.ResumeFailed,
  CloseCode.Superseded,
  CloseCode.UnsupportedCodec,
  CloseCode.Kicked,
  CloseCode.NodeUnverified,
]);
const ZERO: Vec3 = { x: 0, y: 0, z: 0 };

/** Where the client is. */
export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** One player's connection to Atlas. */
export class AtlasClient {
  private readonly events = new Emitter<AtlasClientEvents>(() => undefined);
  private readonly params: Omit<ConnectionParams, 'resumeTicket' | 'psk'>;
  private psk: Uint8Array | undefined;
  private readonly now: () => number;
  private conn: Connection | undefined;
  private st: ClientState = 'idle';
  private info: SessionInfo | undefined;
  private ticket = '';
  private outSeq = new SequenceCounter();
  private inSeq = new SequenceTracker();
  /** The newest game-server number (`oseq`) taken this session: what a Resume reports, and what a replay must pass. */
  private lastOseq = 0;
  private readonly resend: ResendBuffer<PlayerMove | PlayerAction>;
  /** True after a resumed Welcome until the node's Resume (or a timeout): sends wait in the resend buffer. */
  private holding = false;
  /** The last seq handed to a live connection. */
  private lastQueuedSeq = 0;
  private heldTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private lastHeard = 0;
  private pendingConnect: ((r: E.Either<ClientError, SessionInfo>) => void) | undefined;
  /** `ping()` calls waiting for their echo, by the timestamp they sent (echoed exactly: f64). */
  private readonly pings = new Map<number, { resolve: (r: E.Either<ClientError, number>) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly counts = { messagesSent: 0, messagesReceived: 0, reconnects: 0, resent: 0, replaysDropped: 0, badFrames: 0, rttMs: Number.NaN, started: 0, completed: 0, aborted: 0 };
  private readonly traffic = { framesSent: 0, framesReceived: 0, bytesSent: 0, bytesReceived: 0 };

  constructor(private readonly options: AtlasClientOptions) {
    this.now = options.now ?? (() => performance.now());
    this.resend = new ResendBuffer(options.resendBuffer ?? 1024);
    this.params = {
      url: options.url,
      token: options.token,
      WebSocket: options.WebSocket,
      encoding: options.encoding ?? 'binary',
      compression: options.compression ?? COMPRESSION_CODECS,
      encryption: options.encryption ?? 'required',
      crypto: options.syncCrypto === undefined ? webClientCrypto() : syncClientCrypto(options.syncCrypto),
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
      maxFrameBytes: options.maxFrameBytes ?? 1024 * 1024,
      compressionThreshold: options.compressionThreshold,
      keyRotationSeconds: options.keyRotationSeconds,
      nodeKeys: pinnedKeys(options.nodeKeys ?? []),
    };
  }

  /** Where the client is. */
  get state(): ClientState {
    return this.st;
  }

  /** The open (or last) session, undefined before the first Welcome. */
  get session(): SessionInfo | undefined {
    return this.info;
  }

  /** The latest resume ticket ('' before the first Welcome). */
  get resumeTicket(): string {
    return this.ticket;
  }

  /** Bytes the socket has not sent yet (backpressure seen from the client). */
  get bufferedAmount(): number {
    return this.conn?.bufferedAmount ?? 0;
  }

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof AtlasClientEvents>(event: K, listener: AtlasClientEvents[K]): () => void {
    return this.events.on(event, listener);
  }

  /** Connects and resolves once the session is open (or with why it could not open). */
  connect(): Promise<E.Either<ClientError, SessionInfo>> {
    if (this.st !== 'idle' && this.st !== 'closed') return Promise.resolve(E.left({ kind: 'closed', code: 0, message: `cannot connect while ${this.st}` }));
    this.st = 'connecting';
    return new Promise((resolve) => {
      this.pendingConnect = resolve;
      void this.preparePsk().then((ok) => ok && this.st === 'connecting' && this.dial());
    });
  }

  /** Sends a move; returns its sequence number. Sent when open, held for a resume while reconnecting. */
  move(position: Vec3, velocity: Vec3 = ZERO, orientation?: Quat): number {
    const m: PlayerMove = { type: 'PlayerMove', seq: this.outSeq.next(), timestamp: this.now(), position, velocity, ...(orientation === undefined ? {} : { orientation }) };
    this.sendSequenced(m);
    return m.seq;
  }

  /** Sends a game action; returns its sequence number. */
  action(tag: number, data: Uint8Array, channel: ActionChannel = ActionChannel.Reliable): number {
    const m: PlayerAction = { type: 'PlayerAction', seq: this.outSeq.next(), channel, tag, data };
    this.sendSequenced(m);
    return m.seq;
  }

  /**
   * Sends one Heartbeat now and resolves with its round trip in milliseconds (also emitted
   * as `rtt`), or with why there is none: not open, closed first, or no echo within `timeoutMs`.
   */
  ping(timeoutMs = 5000): Promise<E.Either<ClientError, number>> {
    const conn = this.conn;
    if (this.st !== 'open' || conn === undefined || !conn.open) return Promise.resolve(E.left({ kind: 'closed', code: 0, message: `cannot ping while ${this.st}` }));
    let stamp = this.now();
    // The node answers only Heartbeats whose echo is 0 and echoes `timestamp`: keep stamps distinct and non-zero.
    while (stamp === 0 || this.pings.has(stamp)) stamp += 1e-6;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settlePing(stamp, E.left({ kind: 'closed', code: 0, message: `no heartbeat echo within ${timeoutMs} ms` })), timeoutMs);
      this.pings.set(stamp, { resolve, timer });
      conn.queue({ type: 'Heartbeat', timestamp: stamp, echo: 0 });
    });
  }

  /** Counters, RTT and the received-sequence statistics. */
  stats(): ClientStats {
    const c = this.counts;
    const t = this.conn?.traffic;
    return {
      framesSent: this.traffic.framesSent + (t?.framesSent ?? 0),
      framesReceived: this.traffic.framesReceived + (t?.framesReceived ?? 0),
      bytesSent: this.traffic.bytesSent + (t?.bytesSent ?? 0),
      bytesReceived: this.traffic.bytesReceived + (t?.bytesReceived ?? 0),
      messagesSent: c.messagesSent,
      messagesReceived: c.messagesReceived,
      rttMs: c.rttMs,
      reconnects: c.reconnects,
      resent: c.resent,
      replaysDropped: c.replaysDropped,
      transfers: { started: c.started, completed: c.completed, aborted: c.aborted },
      sequence: this.inSeq.stats(),
      badFrames: c.badFrames,
    };
  }

  /** Says goodbye (Disconnect) and closes; no reconnection follows, and a later `connect()` starts a new session. */
  async close(code = 1000, reason = 'client closed'): Promise<void> {
    const was = this.st;
    this.st = 'closed';
    this.ticket = '';
    this.stopTimers();
    const conn = this.conn;
    this.retire();
    if (conn?.open) conn.queue({ type: 'Disconnect', code, reason });
    conn?.close(code, reason);
    this.finishConnect(E.left({ kind: 'closed', code, message: reason }));
    if (was !== 'closed' && was !== 'idle') this.events.emit('close', { code, reason, willReconnect: false });
  }

  /** Derives the pre-shared key once (PBKDF2 is slow on purpose). */
  private async preparePsk(): Promise<boolean> {
    if (this.options.psk === undefined || this.psk !== undefined) return true;
    const key = await this.params.crypto.preSharedKey(this.options.psk);
    if (E.isRight(key)) {
      this.psk = key.right;
      return true;
    }
    this.st = 'closed';
    this.finishConnect(E.left({ kind: 'crypto', code: 0, message: `pre-shared key: ${key.left}` }));
    return false;
  }

  private dial(): void {
    const conn: Connection = new Connection(
      { ...this.params, resumeTicket: this.ticket, psk: this.psk },
      {
        established: (welcome, encrypted) => conn === this.conn && this.established(welcome, encrypted),
        messages: (ms) => conn === this.conn && this.receive(ms),
        badFrame: (message) => {
          this.counts.badFrames++;
          this.events.emit('error', { type: 'Error', code: 4100, message });
        },
        failed: (error) => conn === this.conn && this.attemptFailed(error),
        closed: (code, reason) => conn === this.conn && this.lost(code, reason),
      },
    );
    this.conn = conn;
    conn.start().catch((error: unknown) => conn === this.conn && this.attemptFailed({ kind: 'crypto', code: 0, message: String(error) }));
  }

  private established(welcome: Welcome, encrypted: boolean): void {
    const resumed = welcome.resumed && this.info?.sessionId === welcome.sessionId;
    if (!resumed) {
      this.outSeq = new SequenceCounter();
      this.inSeq = new SequenceTracker();
      this.lastOseq = 0;
      this.resend.clear();
      this.holding = false;
      this.lastQueuedSeq = 0;
    }
    this.info = { playerId: welcome.playerId, sessionId: welcome.sessionId, resumed, codecs: welcome.codecs, heartbeatMs: welcome.heartbeatMs, encrypted };
    this.ticket = welcome.resumeTicket;
    this.st = 'open';
    this.attempt = 0;
    this.lastHeard = this.now();
    if (resumed) {
      // Version 2 also says which numbered actions it has, so its server sends again only what follows.
      const resume = { type: 'Resume' as const, lastReceivedSeq: this.inSeq.lastReceived() };
      (this.conn as Connection).queue(welcome.version >= 2 ? { ...resume, lastOseq: this.lastOseq } : resume);
      this.holding = true;
      this.heldTimer = setTimeout(() => this.release(undefined), this.options.resumeWaitMs ?? 1000);
    }
    this.startHeartbeat(welcome.heartbeatMs);
    this.events.emit('welcome', this.info);
    this.finishConnect(E.right(this.info));
  }

  private receive(ms: ClientSingleMessage[]): void {
    this.lastHeard = this.now();
    for (const m of ms) {
      this.counts.messagesReceived++;
      switch (m.type) {
        case 'PlayerAction':
        case 'StateSync':
        case 'ServerTransfer': {
          const verdict = this.inSeq.observe(m.seq);
          if (verdict.kind === 'duplicate' || verdict.kind === 'stale') break;
          if (m.type === 'PlayerAction' && m.oseq !== undefined && !this.takeOseq(m.oseq)) break;
          if (m.type === 'PlayerAction') this.events.emit('action', m);
          else if (m.type === 'StateSync') this.events.emit('state', m);
          else this.transfer(m);
          break;
        }
        case 'Heartbeat':
          if (m.echo === 0) this.conn?.queue({ type: 'Heartbeat', timestamp: this.now(), echo: m.timestamp });
          else {
            this.counts.rttMs = Math.max(0, this.now() - m.echo);
            this.events.emit('rtt', this.counts.rttMs);
            if (this.pings.size > 0) this.settlePing(m.echo, E.right(this.counts.rttMs));
          }
          break;
        case 'Resume':
          this.release(m.lastReceivedSeq);
          break;
        case 'Error':
          this.events.emit('error', m);
          break;
        case 'Disconnect':
          // The node says why before it closes; the close decides what happens next.
          this.events.emit('error', { type: 'Error', code: m.code, message: m.reason });
          this.events.emit('disconnect', { code: m.code, reason: m.reason });
          break;
        default:
          break;
      }
    }
  }

  /** True when `oseq` is newer than every one taken (u32 serial order): a replay of one this client has is dropped. */
  private takeOseq(oseq: number): boolean {
    if (!seqNewer(oseq, this.lastOseq)) {
      this.counts.replaysDropped++;
      return false;
    }
    this.lastOseq = oseq;
    return true;
  }

  private transfer(m: Extract<ClientSingleMessage, { type: 'ServerTransfer' }>): void {
    if (m.phase === TransferPhase.Started) this.counts.started++;
    else if (m.phase === TransferPhase.Completed) this.counts.completed++;
    else this.counts.aborted++;
    this.events.emit('transfer', m);
  }

  private sendSequenced(m: PlayerMove | PlayerAction): void {
    this.resend.push(m);
    this.counts.messagesSent++;
    if (this.holding || this.st !== 'open' || this.conn === undefined) return;
    this.conn.queue(m);
    this.lastQueuedSeq = m.seq;
  }

  /**
   * After a resume: sends, in order, what the node missed (after its `lastReceivedSeq`)
   * and what was produced meanwhile. Without the node's Resume, only what never left.
   */
  private release(nodeLastReceived: number | undefined): void {
    if (this.heldTimer !== undefined) clearTimeout(this.heldTimer);
    this.heldTimer = undefined;
    if (!this.holding || this.conn === undefined) return;
    this.holding = false;
    const { messages } = this.resend.after(nodeLastReceived ?? this.lastQueuedSeq);
    for (const m of messages) {
      if (((m.seq - this.lastQueuedSeq) | 0) <= 0) this.counts.resent++;
      this.conn.queue(m);
    }
    this.lastQueuedSeq = this.outSeq.last();
  }

  private attemptFailed(error: ClientError): void {
    if (this.st === 'connecting') {
      this.st = 'closed';
      this.retire();
      this.finishConnect(E.left(error));
      return;
    }
    if (this.st !== 'reconnecting') return;
    if (TERMINAL.has(error.code)) this.giveUp(error.code, error.message);
    else this.scheduleRetry();
  }

  private lost(code: number, reason: string): void {
    this.stopTimers();
    this.retire();
    const reconnect = this.options.reconnect !== false && !TERMINAL.has(code) && this.ticket !== '';
    this.st = reconnect ? 'reconnecting' : 'closed';
    this.events.emit('close', { code, reason, willReconnect: reconnect });
    if (reconnect) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const r = this.options.reconnect === false ? {} : (this.options.reconnect ?? {});
    if (this.attempt >= (r.maxAttempts ?? 10)) {
      this.giveUp(1006, 'reconnection attempts exhausted');
      return;
    }
    const delay = backoffDelay(this.attempt, r.baseDelayMs ?? 100, r.maxDelayMs ?? 5000);
    this.attempt++;
    this.events.emit('reconnecting', this.attempt, delay);
    this.retry = setTimeout(() => {
      this.counts.reconnects++;
      this.retire();
      this.dial();
    }, delay);
  }

  private giveUp(code: number, reason: string): void {
    this.st = 'closed';
    this.stopTimers();
    this.retire();
    this.events.emit('close', { code, reason, willReconnect: false });
  }

  private settlePing(stamp: number, r: E.Either<ClientError, number>): void {
    const p = this.pings.get(stamp);
    if (p === undefined) return;
    this.pings.delete(stamp);
    clearTimeout(p.timer);
    p.resolve(r);
  }

  /** Ends every waiting `ping()`: the connection it went out on is gone. */
  private failPings(reason: string): void {
    for (const stamp of [...this.pings.keys()]) this.settlePing(stamp, E.left({ kind: 'closed', code: 0, message: reason }));
  }

  private startHeartbeat(nodeIntervalMs: number): void {
    const h = this.options.heartbeat;
    if (h === false) return;
    const intervalMs = typeof h === 'object' && h.intervalMs !== undefined ? h.intervalMs : nodeIntervalMs;
    if (!(intervalMs > 0)) return;
    // A shorter caller interval samples RTT more often but must not make the idle check stricter than the node's.
    const silenceMs = 3 * Math.max(intervalMs, nodeIntervalMs > 0 ? nodeIntervalMs : 0);
    this.heartbeat = setInterval(() => {
      const conn = this.conn;
      if (conn === undefined || !conn.open) return;
      if (this.now() - this.lastHeard > silenceMs) {
        // Silence for three intervals: the path is dead even if TCP has not noticed.
        conn.close(CloseCode.IdleTimeout, 'no frame from the node within 3 heartbeat intervals');
        this.lost(CloseCode.IdleTimeout, 'heartbeat timeout');
        return;
      }
      conn.queue({ type: 'Heartbeat', timestamp: this.now(), echo: 0 });
    }, intervalMs);
  }

  /** Folds the current connection's counters into the totals and forgets it. */
  private retire(): void {
    const t = this.conn?.traffic;
    if (t !== undefined) {
      this.traffic.framesSent += t.framesSent;
      this.traffic.framesReceived += t.framesReceived;
      this.traffic.bytesSent += t.bytesSent;
      this.traffic.bytesReceived += t.bytesReceived;
      t.framesSent = t.framesReceived = t.bytesSent = t.bytesReceived = 0;
    }
  }

  private stopTimers(): void {
    this.failPings('the connection closed before the heartbeat echo');
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    if (this.retry !== undefined) clearTimeout(this.retry);
    if (this.heldTimer !== undefined) clearTimeout(this.heldTimer);
    this.heartbeat = this.retry = this.heldTimer = undefined;
  }

  private finishConnect(r: E.Either<ClientError, SessionInfo>): void {
    const resolve = this.pendingConnect;
    this.pendingConnect = undefined;
    resolve?.(r);
  }
}

/** A client for one player (call `connect()`). */
export function createAtlasClient(options: AtlasClientOptions): AtlasClient {
  return new AtlasClient(options);
}

/** The raw keys of `nodeKeys`; a pin that names no Ed25519 key is a programming error. */
function pinnedKeys(pins: readonly string[]): Uint8Array[] {
  return pins.map((pin, i) => {
    const key = parseNodeKey(pin);
    if (E.isLeft(key)) throw new TypeError(`nodeKeys[${i}]: ${describeCryptoError(key.left)}`);
    return key.right;
  });
}
