// One accepted node link: drives the LinkAcceptor handshake (with the pre-shared-key
// check), decodes frames, answers Ping, sends Ping and watches for silence, and batches
// everything sent on it per event-loop turn. Players and transfers are the server's job.
import * as E from 'fp-ts/lib/Either.js';
import {
  CloseCode,
  LinkAcceptor,
  decodeServerFrame,
  encodingOf,
  type Encoding,
  type Frame,
  type LinkHandshakeOutput,
  type LinkHello,
  type ServerSingleMessage,
} from '@atlas/protocol';
import type { LinkAuth } from '@atlas/crypto/node';
import { Outbox } from './outbox';
import type { NodeLinkInfo } from '../server/types';

/** What a link needs from the socket under it. */
export interface LinkSocket {
  /** Sends one frame (bytes as a binary message, a string as text); false when the socket dropped it. */
  send(frame: Frame): boolean;
  /** Closes with a code and reason (a close frame is sent). */
  end(code: number, reason: string): void;
}

/** What a link reports to the server that owns it. */
export interface LinkHost {
  readonly auth: LinkAuth;
  readonly heartbeatMs: number;
  readonly handshakeTimeoutMs: number;
  readonly maxFrameBytes: number;
  established(link: NodeLink): void;
  /** The link is about to write this turn's frame: last chance to add to it. */
  endOfTurn(link: NodeLink): void;
  message(link: NodeLink, m: ServerSingleMessage): void;
  problem(link: NodeLink, kind: 'protocol' | 'backpressure', message: string): void;
}

/** Link is considered dead after this many heartbeat intervals of silence. */
const SILENCE_INTERVALS = 3;
const BAD_FRAME_REPORTS = 10;
/** A node's BatchWriter holds up to 65,535 messages per frame. */
const MAX_BATCH = 0xffff;

/** The server's end of one node link. */
export class NodeLink implements NodeLinkInfo {
  nodeId = '';
  serverId = '';
  players = 0;
  rttMs = Number.NaN;
  /** The protocol version the link negotiated (its LinkWelcome's): 2 and up get ForwardAck. */
  version = 1;
  private readonly acceptor: LinkAcceptor;
  private outbox: Outbox | undefined;
  private encoding: Encoding = 'binary';
  private lastHeard: number;
  private lastPing: number;
  private closed = false;
  private badFrames = 0;

  constructor(
    readonly id: number,
    private readonly socket: LinkSocket,
    private readonly host: LinkHost,
    now: number,
  ) {
    this.acceptor = new LinkAcceptor({ heartbeatMs: host.heartbeatMs, timeoutMs: host.handshakeTimeoutMs }, now);
    this.lastHeard = now;
    this.lastPing = now;
  }

  /** True once the handshake finished and until the socket closes. */
  get up(): boolean {
    return this.outbox !== undefined && !this.closed;
  }

  /** A frame arrived (a copy the link may keep). */
  receive(frame: Frame, now: number): void {
    if (this.closed) return;
    this.lastHeard = now;
    if (this.outbox === undefined) {
      if (this.acceptor.state === 'awaiting-hello') this.encoding = encodingOf(frame);
      this.drive(this.acceptor.receive(frame, now), now);
      return;
    }
    const decoded = decodeServerFrame(frame, { maxFrameBytes: this.host.maxFrameBytes, maxBatchMessages: MAX_BATCH });
    if (E.isLeft(decoded)) {
      // Frames are self-contained: skip a bad one and keep the link (its players are fine).
      if (this.badFrames++ < BAD_FRAME_REPORTS) this.host.problem(this, 'protocol', `bad frame from node ${this.nodeId}: ${decoded.left.message}`);
      return;
    }
    const m = decoded.right;
    if (m.type === 'Batch') {
      for (const inner of m.messages) this.dispatch(inner as ServerSingleMessage, now);
    } else {
      this.dispatch(m, now);
    }
  }

  /** Queues a message for this turn's frame. */
  send(m: ServerSingleMessage): void {
    this.outbox?.push(m);
  }

  /** Makes this turn end with a frame (and the host's `endOfTurn`), even if nothing is queued yet. */
  wake(): void {
    this.outbox?.schedule();
  }

  /** Time passed: handshake timeout, Ping, silence. */
  tick(now: number): void {
    if (this.closed) return;
    if (this.outbox === undefined) {
      this.drive(this.acceptor.tick(now), now);
      return;
    }
    if (now - this.lastHeard > SILENCE_INTERVALS * this.host.heartbeatMs) {
      this.close(CloseCode.IdleTimeout, 'no frame from the node within 3 heartbeat intervals');
      return;
    }
    if (now - this.lastPing >= this.host.heartbeatMs) {
      this.lastPing = now;
      this.send({ type: 'Ping', timestamp: now });
    }
  }

  /** Flushes what is queued and closes the socket. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.outbox?.flush();
    this.markClosed();
    this.socket.end(code, reason);
  }

  /** The socket is gone (closed by either side); nothing more is sent. */
  markClosed(): void {
    this.closed = true;
    this.outbox?.close();
  }

  private dispatch(m: ServerSingleMessage, now: number): void {
    if (m.type === 'Ping') {
      this.send({ type: 'Pong', timestamp: m.timestamp });
      return;
    }
    if (m.type === 'Pong') {
      this.rttMs = Math.max(0, now - m.timestamp);
      return;
    }
    this.host.message(this, m);
  }

  private drive(outs: LinkHandshakeOutput[], now: number): void {
    for (const o of outs) {
      if (o.kind === 'send') this.socket.send(o.frame);
      else if (o.kind === 'close') this.close(o.code, o.reason);
      else if (o.kind === 'verify') this.verify(o.hello, now);
      else if (o.kind === 'established') {
        this.version = o.welcome.version;
        this.open(o.hello);
      }
    }
  }

  private verify(hello: LinkHello, now: number): void {
    const ok = this.host.auth.verifyHello(hello);
    if (E.isLeft(ok)) {
      this.drive(this.acceptor.reject(CloseCode.LinkAuthFailed, ok.left.message, now), now);
      return;
    }
    const nonce = this.host.auth.nonce();
    this.drive(this.acceptor.accept({ nonce, proof: this.host.auth.welcomeProof(hello, nonce) }, now), now);
  }

  private open(hello: LinkHello): void {
    this.nodeId = hello.nodeId;
    this.serverId = hello.serverId;
    this.outbox = new Outbox(
      this.encoding,
      (frame) => {
        if (!this.socket.send(frame)) this.host.problem(this, 'backpressure', `link to node ${this.nodeId} dropped a frame (send buffer full)`);
      },
      () => this.host.endOfTurn(this),
    );
    this.host.established(this);
  }
}
