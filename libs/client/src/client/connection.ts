// One socket attempt: open the WebSocket, run the ClientHandshake, derive the session
// keys, then move frames through the pipeline (encode -> compress -> seal, and back).
// Everything queued within one turn leaves as one frame. Reconnection is the client's job.
import * as E from 'fp-ts/lib/Either.js';
import {
  ClientHandshake,
  CloseCode,
  type ClientEstablished,
  type ClientHandshakeOutput,
  type ClientSingleMessage,
  type Encoding,
  type Frame,
  type Welcome,
} from '@atlas/protocol';
import { clientOffer, openClientSession, type ClientCrypto, type ClientKeyShare, type CompressionCodec, type FrameCodec, type SessionSealer } from '@atlas/session';
import { frameOf, openSocket, OPEN, type SocketLike, type WebSocketConstructor } from './socket';
import type { ClientError, EncryptionMode } from './types';

/** Everything one attempt needs. */
export interface ConnectionParams {
  readonly url: string;
  readonly token: string;
  readonly resumeTicket: string;
  readonly WebSocket: WebSocketConstructor | undefined;
  readonly encoding: Encoding;
  readonly compression: readonly CompressionCodec[];
  readonly encryption: EncryptionMode;
  readonly crypto: ClientCrypto;
  readonly handshakeTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly compressionThreshold: number | undefined;
  readonly keyRotationSeconds: number | undefined;
  /** A derived pre-shared key: offers `psk-aes256gcm` first and mixes the key in when chosen. */
  readonly psk: Uint8Array | undefined;
  /** Pinned node identity keys (raw Ed25519); empty: the node is not authenticated. */
  readonly nodeKeys: readonly Uint8Array[];
}

/** What an attempt reports. */
export interface ConnectionEvents {
  established(welcome: Welcome, encrypted: boolean): void;
  messages(messages: ClientSingleMessage[]): void;
  badFrame(message: string): void;
  /** The attempt failed before the session opened. */
  failed(error: ClientError): void;
  /** The open session's socket closed. */
  closed(code: number, reason: string): void;
}

/** Counters of one attempt. */
export interface Traffic {
  framesSent: number;
  framesReceived: number;
  bytesSent: number;
  bytesReceived: number;
}

/** One WebSocket and the session on it. */
export class Connection {
  readonly traffic: Traffic = { framesSent: 0, framesReceived: 0, bytesSent: 0, bytesReceived: 0 };
  private socket: SocketLike | undefined;
  private handshake: ClientHandshake | undefined;
  private share: ClientKeyShare | undefined;
  private codec: FrameCodec | undefined;
  private sealer: SessionSealer | undefined;
  private early: Frame[] | undefined;
  private sendTail: Promise<unknown> = Promise.resolve();
  private receiveTail: Promise<unknown> = Promise.resolve();
  private flushScheduled = false;
  private phase: 'starting' | 'handshake' | 'keys' | 'open' | 'closed' = 'starting';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly p: ConnectionParams,
    private readonly on: ConnectionEvents,
  ) {}

  /** True once the session is open (keys derived) and until the socket closes. */
  get open(): boolean {
    return this.phase === 'open';
  }

  /** Bytes the socket has not sent yet. */
  get bufferedAmount(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  /** Makes the key share, opens the socket and sends PlayerConnect. */
  async start(): Promise<void> {
    if (this.p.encryption !== 'off') {
      const share = await this.p.crypto.createKeyShare();
      if (E.isLeft(share)) return this.fail({ kind: 'crypto', code: 0, message: share.left });
      this.share = share.right;
    }
    const codecs = clientOffer({ compression: this.p.compression, keyShareCodec: this.share?.codec, psk: this.p.psk !== undefined, plaintext: this.p.encryption !== 'required' });
    if (this.phase === 'closed') return;
    this.handshake = new ClientHandshake({
      token: this.p.token,
      keyShare: this.share?.keyShare ?? new Uint8Array(0),
      codecs,
      resumeTicket: this.p.resumeTicket,
      encoding: this.p.encoding,
      timeoutMs: this.p.handshakeTimeoutMs,
    });
    const socket = openSocket(this.p.WebSocket, this.p.url);
    if (typeof socket === 'string') return this.fail({ kind: 'socket', code: 1006, message: socket });
    this.socket = socket;
    this.phase = 'handshake';
    this.timer = setTimeout(() => this.drive(this.handshake?.tick(Number.POSITIVE_INFINITY) ?? []), this.p.handshakeTimeoutMs);
    socket.onopen = () => this.drive(this.handshake?.start(0) ?? []);
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => undefined; // the close event that follows says what happened
    socket.onclose = (event) => this.socketClosed(event.code, event.reason);
  }

  /** Queues a message; everything queued in this turn leaves as one frame. */
  queue(m: ClientSingleMessage): void {
    if (this.codec === undefined || this.phase !== 'open') return;
    this.codec.add(m);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flush);
    }
  }

  /** Closes the socket (no events follow). */
  close(code: number, reason: string): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.flushNow();
    const s = this.socket;
    if (s !== undefined) {
      s.onclose = null;
      s.onmessage = null;
      try {
        s.close(code, reason);
      } catch {
        s.close();
      }
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    this.flushNow();
  };

  private flushNow(): void {
    const payload = this.codec?.take();
    if (payload === undefined) return;
    if (this.sealer === undefined || typeof payload === 'string') {
      this.write(payload);
      return;
    }
    const sealed = this.sealer.seal(payload);
    if (sealed instanceof Uint8Array) this.write(sealed);
    else this.sendTail = this.sendTail.then(() => sealed).then((f) => this.write(f));
  }

  private write(frame: Frame): void {
    const s = this.socket;
    if (s === undefined || s.readyState !== OPEN) return;
    s.send(frame);
    this.traffic.framesSent++;
    this.traffic.bytesSent += typeof frame === 'string' ? frame.length : frame.length;
  }

  private receive(data: unknown): void {
    const frame = frameOf(data);
    if (frame === undefined || this.phase === 'closed') return;
    this.traffic.framesReceived++;
    this.traffic.bytesReceived += frame.length;
    if (this.phase === 'handshake') this.drive(this.handshake?.receive(frame, 0) ?? []);
    else if (this.phase === 'keys') this.early?.push(frame);
    else if (this.phase === 'open') this.openFrame(frame);
  }

  private openFrame(frame: Frame): void {
    if (this.sealer === undefined || typeof frame === 'string') {
      this.deliver(frame);
      return;
    }
    const opened = this.sealer.open(frame);
    if (!(opened instanceof Promise)) {
      this.afterOpen(opened);
      return;
    }
    this.receiveTail = this.receiveTail.then(() => opened).then((r) => this.afterOpen(r));
  }

  private afterOpen(r: E.Either<{ readonly kind: string }, Uint8Array>): void {
    if (this.phase !== 'open') return;
    if (E.isLeft(r)) {
      this.on.badFrame(`sealed frame refused: ${r.left.kind}`);
      // A frame that fails authentication means tampering or a desynchronised channel.
      this.dropSession(CloseCode.DecryptFailed, `sealed frame refused: ${r.left.kind}`);
      return;
    }
    this.deliver(r.right);
  }

  private deliver(payload: Frame): void {
    const decoded = (this.codec as FrameCodec).decode(payload);
    if (E.isLeft(decoded)) this.on.badFrame(decoded.left.message);
    else this.on.messages(decoded.right);
  }

  private drive(outs: ClientHandshakeOutput[]): void {
    for (const o of outs) {
      if (o.kind === 'send') this.write(o.frame);
      else if (o.kind === 'close') this.socket?.close(o.code, o.reason.slice(0, 120));
      else if (o.kind === 'failed') this.fail({ kind: 'handshake', code: o.code, message: o.message });
      else if (o.kind === 'established') void this.establish(o);
    }
  }

  private async establish(o: ClientEstablished): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.phase = 'keys';
    this.early = [];
    const opened = await openClientSession(this.p.crypto, this.share, o, this.p);
    if (E.isLeft(opened)) return this.abort(opened.left.code, opened.left.message);
    if (this.phase !== 'keys') return;
    this.sealer = opened.right.sealer;
    this.codec = opened.right.codec;
    this.phase = 'open';
    this.on.established(o.welcome, this.sealer !== undefined);
    const early = this.early;
    this.early = undefined;
    for (const f of early) this.openFrame(f);
  }

  private abort(code: number, message: string): void {
    this.socket?.close(code, message.slice(0, 120));
    this.fail({ kind: 'crypto', code, message });
  }

  private dropSession(code: number, reason: string): void {
    const s = this.socket;
    this.close(code, reason);
    if (s !== undefined) this.on.closed(code, reason);
  }

  private fail(error: ClientError): void {
    if (this.phase === 'closed' || this.phase === 'open') return;
    this.close(error.code >= 4000 && error.code < 5000 ? error.code : 1000, error.message.slice(0, 120));
    this.on.failed(error);
  }

  private socketClosed(code: number, reason: string): void {
    if (this.phase === 'open') {
      this.phase = 'closed';
      this.on.closed(code, reason);
      return;
    }
    if (this.phase === 'handshake') {
      const outs = this.handshake?.closed(code, reason) ?? [];
      this.drive(outs);
      if (outs.length === 0) this.fail({ kind: 'socket', code, message: reason || 'connection closed' });
      return;
    }
    this.fail({ kind: 'socket', code, message: reason || 'connection closed during key exchange' });
  }
}
