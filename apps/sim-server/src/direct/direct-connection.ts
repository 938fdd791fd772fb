// One direct-mode client socket: the server side of the client-link session from
// @atlas/session (ServerHandshake, token or ticket check, key exchange), then the frame
// pipeline (open -> decompress -> decode, encode -> compress -> seal), batched per turn.
import * as E from 'fp-ts/lib/Either.js';
import * as nodeCrypto from '@atlas/crypto/node';
import type { NodeKeyShare } from '@atlas/crypto/node';
import { CloseCode, type ClientSingleMessage, type Frame, type PlayerConnect } from '@atlas/protocol';
import { ServerSessionHandshake, type FrameCodec, type OpenOutput, type ServerSessionOutput } from '@atlas/session';
import type { DirectSession, SessionOutput } from './direct-session';

/** What a connection needs from the direct server. */
export interface ConnectionHost {
  readonly heartbeatMs: number;
  readonly handshakeTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly codecFamilies: string[][];
  /** Checks the token or ticket; the session to continue or start, or why not. */
  admit(connect: PlayerConnect): E.Either<{ readonly code: number; readonly message: string }, { readonly session: DirectSession; readonly ticket: string; readonly resumed: boolean }>;
  /** The session's socket is open (the world may start sending). */
  attached(session: DirectSession, resumed: boolean): void;
  /** A message from the player. */
  message(session: DirectSession, m: ClientSingleMessage): void;
  /** The socket is gone; `clean` when the client said goodbye. */
  detached(session: DirectSession, clean: boolean): void;
}

/** The socket under a connection. */
export interface DirectSocket {
  send(frame: Frame): boolean;
  end(code: number, reason: string): void;
}

/** How long a resumed connection waits for the client's Resume. */
const RESUME_WAIT_MS = 1000;

/** The node role for one client socket. */
export class DirectConnection implements SessionOutput {
  private readonly handshake: ServerSessionHandshake<NodeKeyShare>;
  private codec: FrameCodec | undefined;
  private session: DirectSession | undefined;
  private scheduled = false;
  private closed = false;
  private resumeTimer: ReturnType<typeof setTimeout> | undefined;
  lastHeard: number;

  constructor(
    private readonly socket: DirectSocket,
    private readonly host: ConnectionHost,
    now: number,
  ) {
    this.handshake = new ServerSessionHandshake(
      { codecFamilies: host.codecFamilies, heartbeatMs: host.heartbeatMs, timeoutMs: host.handshakeTimeoutMs, crypto: nodeCrypto, maxFrameBytes: host.maxFrameBytes },
      now,
    );
    this.lastHeard = now;
  }

  /** A frame from the client. */
  receive(frame: Frame, now: number): void {
    if (this.closed) return;
    this.lastHeard = now;
    if (this.codec === undefined) {
      this.drive(this.handshake.receive(frame, now), now);
      return;
    }
    const decoded = this.codec.receive(frame);
    if (E.isLeft(decoded)) {
      const e = decoded.left;
      if (e.kind === 'decrypt') return this.close(CloseCode.DecryptFailed, e.message);
      if (e.kind === 'frame') return this.close(CloseCode.ProtocolViolation, e.message);
      this.queue({ type: 'Error', code: 4100, message: e.message.slice(0, 200) });
      return;
    }
    for (const m of decoded.right) this.dispatch(m, now);
  }

  /** Time passed: handshake timeout and silence. */
  tick(now: number): void {
    if (this.closed) return;
    if (this.codec === undefined) this.drive(this.handshake.tick(now), now);
    else if (now - this.lastHeard > 3 * this.host.heartbeatMs) this.close(CloseCode.IdleTimeout, 'no frame within 3 heartbeat intervals');
  }

  /** Queues a message for this turn's frame. */
  queue(m: ClientSingleMessage): void {
    if (this.closed || this.codec === undefined) return;
    this.codec.add(m);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Flushes and closes the socket. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.flushNow();
    this.socketClosed(code === 1000);
    this.socket.end(code, reason);
  }

  /** The socket closed (either side). */
  socketClosed(clean: boolean): void {
    if (this.closed) return;
    this.closed = true;
    if (this.resumeTimer !== undefined) clearTimeout(this.resumeTimer);
    const s = this.session;
    if (s !== undefined && s.output === this) {
      s.output = undefined;
      this.host.detached(s, clean);
    }
  }

  private dispatch(m: ClientSingleMessage, now: number): void {
    const s = this.session as DirectSession;
    switch (m.type) {
      case 'PlayerMove':
      case 'PlayerAction': {
        const v = s.inSeq.observe(m.seq);
        if (v.kind !== 'duplicate' && v.kind !== 'stale') this.host.message(s, m);
        return;
      }
      case 'Heartbeat':
        if (m.echo === 0) this.queue({ type: 'Heartbeat', timestamp: now, echo: m.timestamp });
        return;
      case 'Resume':
        if (this.resumeTimer !== undefined) clearTimeout(this.resumeTimer);
        s.release(m.lastReceivedSeq);
        return;
      case 'Disconnect':
        this.close(1000, 'client said goodbye');
        return;
      default:
        this.queue({ type: 'Error', code: 4101, message: `unexpected ${m.type}` });
    }
  }

  private drive(outs: ServerSessionOutput[], now: number): void {
    for (const o of outs) {
      if (o.kind === 'send') this.socket.send(o.frame);
      else if (o.kind === 'close') this.close(o.code, o.reason.slice(0, 120));
      else if (o.kind === 'verify') this.verify(o.connect, now);
      else if (o.kind === 'open') this.establish(o);
    }
  }

  private verify(connect: PlayerConnect, now: number): void {
    const admitted = this.host.admit(connect);
    if (E.isLeft(admitted)) return this.drive(this.handshake.reject(admitted.left.code, admitted.left.message, now), now);
    const { session, ticket, resumed } = admitted.right;
    this.session = session;
    this.drive(this.handshake.accept({ playerId: session.playerId, sessionId: session.sessionId, resumeTicket: ticket, resumed }, now), now);
  }

  private establish(o: OpenOutput): void {
    const s = this.session as DirectSession;
    this.codec = o.codec;
    const previous = s.output;
    s.output = this;
    // Taken over before closing, so the old socket's close does not suspend the session.
    if (previous instanceof DirectConnection && previous !== this) previous.close(CloseCode.Superseded, 'the player connected again');
    s.expiresAt = 0;
    if (o.established.welcome.resumed) {
      this.queue({ type: 'Resume', lastReceivedSeq: s.inSeq.lastReceived() });
      s.holding = true;
      this.resumeTimer = setTimeout(() => s.release(undefined), RESUME_WAIT_MS);
    }
    this.host.attached(s, o.established.welcome.resumed);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    this.flushNow();
  };

  private flushNow(): void {
    if (this.closed || this.codec === undefined) return;
    const frame = this.codec.take();
    if (frame === undefined) return;
    if (!this.socket.send(frame)) this.close(CloseCode.SlowConsumer, 'send buffer full');
  }
}
