// A player speaking the Atlas client protocol through @atlas/client (modes atlas and
// direct). It measures connect (socket open) and handshake (open -> Welcome) times,
// heartbeat RTT, action echo latency, and what a transfer looks like from the client:
// the gap between the ServerTransfer phases and the silence around the switch.
import * as E from 'fp-ts/lib/Either.js';
import WebSocket from 'ws';
import { AtlasClient, type WebSocketConstructor } from '@atlas/client';
import { TransferPhase, type PlayerAction, type ServerTransfer, type StateSync } from '@atlas/protocol';
import { addTraffic, type Totals } from '../metrics/totals';
import { BasePlayer } from './base-player';
import { clientCrypto } from './client-crypto';
import type { PlayerContext } from './player';
import { reportedCloseCode } from './close-code';

const WS_OPTIONS = { perMessageDeflate: false, skipUTF8Validation: true } as const;
/** Only the last moves and actions are kept for a resume: thousands of clients share this process. */
const RESEND_BUFFER = 64;
const ZERO = { x: 0, y: 0, z: 0 };
/** A sample not echoed within this is dropped (a close or a stalled node shows elsewhere). */
const PING_TIMEOUT_MS = 10_000;
/**
 * Reconnection as a game client would: retry quickly (a resume is refused with 4019 until the
 * cluster declares a dead node dead, which takes `cluster.heartbeat_timeout`) and for long
 * enough (~12 s) to outlast that on a default configuration.
 */
const RECONNECT = { maxAttempts: 80, baseDelayMs: 50, maxDelayMs: 150 } as const;

/** A player on an Atlas node (or a sim-server's direct endpoint). */
export class AtlasPlayer extends BasePlayer {
  private readonly client: AtlasClient;
  private isOpen = false;
  private closing = false;
  private dialAt = 0;
  private openedAt = 0;
  private welcomed = false;
  /** The socket's own error (ECONNREFUSED...), which the SDK reports as a bare 1006. */
  private socketError = '';
  /** The code of the node's Disconnect on this connection, if it sent one. */
  private disconnectCode: number | undefined;
  private transferAt = -1;
  private lastGameAt = -1;
  /** After a Completed transfer: the time of the last game message before it, until the next one. */
  private silenceFrom = -1;
  /** When the socket was lost unexpectedly (the client resumes), until the resumed Welcome. */
  private lostAt = -1;
  /** Which of the run's endpoints this player dials (the next one once it cannot be reached). */
  private target: number;

  /** `urls`: the run's endpoints; the player starts on `urls[index % n]`, like a client behind a load balancer. */
  constructor(
    ctx: PlayerContext,
    index: number,
    private readonly urls: readonly string[],
    token: string,
    private readonly localAddress?: string,
  ) {
    super(ctx, index);
    const o = ctx.options;
    this.target = index % urls.length;
    const dial = this.dial;
    // A constructor that returns the socket: `new` yields it, and the open time is taken.
    const Dial = function (this: unknown) {
      return dial();
    } as unknown as WebSocketConstructor;
    this.client = new AtlasClient({
      url: urls[this.target] as string,
      token,
      WebSocket: Dial,
      encryption: o.encryption ? 'required' : 'off',
      compression: o.compression ? undefined : ['raw'],
      syncCrypto: clientCrypto,
      psk: ctx.pskKey,
      reconnect: o.reconnect ? RECONNECT : false,
      handshakeTimeoutMs: o.handshakeTimeoutMs,
      resendBuffer: RESEND_BUFFER,
      now: ctx.now,
    });
    this.client.on('welcome', (info) => this.welcome(info.resumed));
    this.client.on('disconnect', (d) => (this.disconnectCode = d.code));
    this.client.on('close', (info) => {
      const code = reportedCloseCode(info.code, this.disconnectCode);
      this.disconnectCode = undefined; // it named this connection's close, not the next one's
      this.closed(code, info.willReconnect);
    });
    this.client.on('rtt', (ms) => ctx.recorder.record('rtt', ms));
    this.client.on('error', (m) => ctx.recorder.inbandError(m.code));
    this.client.on('action', (m: PlayerAction) => this.action(m));
    const xb = ctx.crossBorder;
    if (xb !== undefined && this.observer) {
      this.client.on('state', (m: StateSync) => {
        const now = ctx.now();
        this.game(now);
        xb.stateSync(this.index, m.data, now);
      });
    } else this.client.on('state', () => this.game(ctx.now()));
    this.client.on('transfer', (m: ServerTransfer) => this.transfer(m));
  }

  get open(): boolean {
    return this.isOpen;
  }

  start(): void {
    void this.client.connect().then((r) => {
      if (E.isLeft(r) && !this.closing) {
        const e = r.left;
        this.ctx.recorder.connectFailed(e.code === 1006 && this.socketError !== '' ? this.socketError : `${e.kind} ${e.code}: ${e.message}`);
      }
    });
  }

  close(): void {
    this.closing = true;
    this.isOpen = false;
    this.ctx.crossBorder?.left(this.index);
    void this.client.close();
  }

  addTotals(t: Totals): void {
    const s = this.client.stats();
    addTraffic(t, s);
    t.badFrames += s.badFrames;
    t.transfersStarted += s.transfers.started;
    t.transfersCompleted += s.transfers.completed;
    t.transfersAborted += s.transfers.aborted;
    t.seqInOrder += s.sequence.inOrder;
    t.seqGaps += s.sequence.gaps;
    t.seqMissing += s.sequence.missing;
    t.seqLate += s.sequence.late;
    t.seqDuplicates += s.sequence.duplicates;
    this.addOwnTotals(t);
  }

  protected sendMove(): boolean {
    if (!this.isOpen) return false;
    const w = this.walker;
    this.client.move({ x: w.x, y: w.y, z: 0 }, w.vx === 0 && w.vy === 0 ? ZERO : { x: w.vx, y: w.vy, z: 0 });
    this.movesSent++;
    if (this.ctx.crossBorder !== undefined && !this.observer) this.ctx.crossBorder.moved(this.index, w.x, w.y, this.ctx.now());
    return true;
  }

  protected sendAction(payload: Uint8Array): void {
    this.client.action(1, payload);
  }

  /** The echo arrives as an `rtt` event (recorded above); a lost one is only a missing sample. */
  protected override sampleRtt(): void {
    void this.client.ping(PING_TIMEOUT_MS);
  }

  private readonly dial = (): WebSocket => {
    this.dialAt = this.ctx.now();
    this.ctx.recorder.events.connectAttempts++;
    const socket = new WebSocket(this.urls[this.target] as string, this.localAddress === undefined ? WS_OPTIONS : { ...WS_OPTIONS, localAddress: this.localAddress });
    let opened = false;
    socket.once('open', () => {
      opened = true;
      this.openedAt = this.ctx.now();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.socketError = error.code ?? error.message;
      // A node that cannot be reached (killed, gone): the next attempt goes to the next endpoint.
      if (!opened) this.target = (this.target + 1) % this.urls.length;
    });
    return socket;
  };

  private welcome(resumed: boolean): void {
    const now = this.ctx.now();
    this.ctx.recorder.events.connectOk++;
    this.ctx.recorder.record('connect', this.openedAt - this.dialAt);
    this.ctx.recorder.record('handshake', now - this.openedAt);
    this.isOpen = true;
    if (resumed && this.lostAt >= 0) this.ctx.recorder.record('resume', now - this.lostAt);
    this.lostAt = -1;
    // Place the player before its first action, so the node can route it.
    if (!this.welcomed || !resumed) this.placed = this.sendMove();
    this.welcomed = true;
  }

  private closed(code: number, willReconnect: boolean): void {
    const wasOpen = this.isOpen;
    this.isOpen = false;
    // Its ghosts end with the session; a resumed one starts a fresh history.
    this.ctx.crossBorder?.left(this.index);
    if (this.closing) return;
    if (wasOpen && willReconnect) this.lostAt = this.ctx.now();
    if (wasOpen) this.ctx.recorder.closedUnexpectedly(code);
    else if (!willReconnect && this.welcomed) this.ctx.recorder.connectFailed(`reconnect gave up: ${code}`);
  }

  private action(m: PlayerAction): void {
    const now = this.ctx.now();
    this.game(now);
    this.echoed(m.data, now);
  }

  /** Any game message (echo or state): closes a pending post-transfer silence. */
  private game(now: number): void {
    if (this.silenceFrom >= 0) {
      this.ctx.recorder.record('silence', now - this.silenceFrom);
      this.silenceFrom = -1;
    }
    this.lastGameAt = now;
  }

  private transfer(m: ServerTransfer): void {
    const now = this.ctx.now();
    const xb = this.ctx.crossBorder;
    if (xb !== undefined && !this.observer) xb.transfer(this.index, m.phase === TransferPhase.Started ? 'started' : m.phase === TransferPhase.Completed ? 'completed' : 'aborted', now);
    if (m.phase === TransferPhase.Started) this.transferAt = now;
    else if (m.phase === TransferPhase.Completed) {
      if (this.transferAt >= 0) this.ctx.recorder.record('gap', now - this.transferAt);
      if (this.lastGameAt >= 0) this.silenceFrom = this.lastGameAt;
      this.transferAt = -1;
    } else this.transferAt = -1;
  }
}
