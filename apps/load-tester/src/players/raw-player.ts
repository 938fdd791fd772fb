// A plain WebSocket echo client (mode raw): sends timestamped binary frames to any
// endpoint that echoes them (a bare echo server, nginx in front of one) and measures
// the echo RTT, loss, duplication and reordering from the frames' ids. No Atlas
// protocol, no moves; idle players only hold their connection.
import { backoffDelay } from '@atlas/common';
import WebSocket, { type RawData } from 'ws';
import { addTraffic, type Totals, type Traffic } from '../metrics/totals';
import { BasePlayer } from './base-player';
import type { PlayerContext } from './player';

/** A zero mask leaves payloads as they are (ws then skips its copy and XOR): cheap frames for a generator. */
const zeroMask = (mask: Buffer): void => {
  mask.fill(0);
};
const MAX_RECONNECTS = 10;

function bytesOf(data: RawData): Uint8Array {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return new Uint8Array(data);
}

/** The TCP socket under a `ws` WebSocket (internal `_socket`), to cork writes. */
function socketOf(ws: WebSocket | undefined): { cork(): void; uncork(): void } | undefined {
  return (ws as unknown as { _socket?: { cork(): void; uncork(): void } } | undefined)?._socket;
}

/** One raw echo connection. */
export class RawPlayer extends BasePlayer {
  private socket: WebSocket | undefined;
  private isOpen = false;
  private closing = false;
  private dialAt = 0;
  private attempts = 0;
  private lastError = '';
  protected override readonly walks = false;
  /** Every frame is one message here: there is no protocol to batch them. */
  private readonly traffic: Traffic = { messagesSent: 0, messagesReceived: 0, framesSent: 0, framesReceived: 0, bytesSent: 0, bytesReceived: 0, reconnects: 0 };

  constructor(
    ctx: PlayerContext,
    index: number,
    private readonly url: string,
    private readonly localAddress?: string,
  ) {
    super(ctx, index);
  }

  get open(): boolean {
    return this.isOpen;
  }

  start(): void {
    this.dialAt = this.ctx.now();
    this.ctx.recorder.events.connectAttempts++;
    const s = new WebSocket(this.url, { perMessageDeflate: false, skipUTF8Validation: true, generateMask: zeroMask, handshakeTimeout: this.ctx.options.handshakeTimeoutMs, localAddress: this.localAddress });
    this.socket = s;
    s.binaryType = 'nodebuffer';
    s.on('open', () => {
      this.isOpen = true;
      this.attempts = 0;
      this.ctx.recorder.events.connectOk++;
      this.ctx.recorder.record('connect', this.ctx.now() - this.dialAt);
    });
    s.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = bytesOf(data);
      this.traffic.messagesReceived++;
      this.traffic.framesReceived++;
      this.traffic.bytesReceived += bytes.length;
      if (isBinary) this.echoed(bytes, this.ctx.now());
    });
    s.on('error', (error: Error) => {
      this.lastError = (error as NodeJS.ErrnoException).code ?? error.message;
    });
    s.on('close', (code: number) => this.closed(code));
  }

  close(): void {
    this.closing = true;
    this.isOpen = false;
    this.socket?.close(1000, 'load test finished');
  }

  addTotals(t: Totals): void {
    addTraffic(t, this.traffic);
    this.addOwnTotals(t);
  }

  protected sendMove(): boolean {
    // Raw mode has no positions: "placed" at once.
    return true;
  }

  /** Several frames of one step leave in one write (one syscall), as a busy client's would. */
  protected override beginBurst(): void {
    socketOf(this.socket)?.cork();
  }

  protected override endBurst(): void {
    socketOf(this.socket)?.uncork();
  }

  protected sendAction(payload: Uint8Array): void {
    const s = this.socket;
    if (s === undefined || s.readyState !== WebSocket.OPEN) return;
    s.send(payload, { binary: true });
    this.traffic.messagesSent++;
    this.traffic.framesSent++;
    this.traffic.bytesSent += payload.length;
  }

  private closed(code: number): void {
    const wasOpen = this.isOpen;
    this.isOpen = false;
    this.socket = undefined;
    if (this.closing) return;
    if (wasOpen) this.ctx.recorder.closedUnexpectedly(code);
    else this.ctx.recorder.connectFailed(this.lastError === '' ? `closed ${code} before open` : this.lastError);
    if (!this.ctx.options.reconnect || this.attempts >= MAX_RECONNECTS) return;
    const delay = backoffDelay(this.attempts++, 100, 5000);
    setTimeout(() => {
      if (this.closing) return;
      this.traffic.reconnects++;
      this.start();
    }, delay).unref();
  }
}
