// Every client connection of the node, from socket open to close: limits (frame size,
// message rate, handshake and idle timeouts), the handshake, then for each frame
// [open] -> [decompress] -> decode -> dispatch. A bad frame gets an Error (or a close
// with a named code); it never disturbs anyone else.
import * as E from 'fp-ts/Either';
import type { AtlasConfig } from '@atlas/config';
import {
  CloseCode,
  DetachReason,
  ErrorCode,
  ServerHandshake,
  decodeClientFrame,
  type ClientMessage,
  type ClientSingleMessage,
  type Frame,
} from '@atlas/protocol';
import { describeCryptoError } from '@atlas/crypto';
import type { Outbox } from './outbox';
import { RateVerdict, takeTokens } from './rate-limit';
import type { Router } from '../routing/router';
import type { CodecPolicy } from './codecs';
import type { HandshakeDriver } from './handshake-driver';
import type { ClientSocket } from './client-socket';
import { Phase, type ClientSession } from './session';

/** What the hub reports. */
export interface HubEvents {
  opened?(s: ClientSession): void;
  established?(s: ClientSession, resumed: boolean): void;
  closed?(s: ClientSession, code: number): void;
  /** The node is closing a client with `code` (counted by code). */
  ended?(code: number): void;
  frameIn?(bytes: number, messages: number): void;
  decodeError?(s: ClientSession, message: string): void;
  countIn?(kind: string): void;
}

/** What the hub needs. */
export interface HubDeps {
  config(): AtlasConfig;
  readonly codecs: CodecPolicy;
  readonly outbox: Outbox;
  readonly router: Router;
  readonly events: HubEvents;
  /** Releases the player's directory claim (only when this session still holds it). */
  release(playerId: string): void;
  /** The session map to fill (shared with the router and delivery). */
  readonly sessions: Map<number, ClientSession>;
}

const text = new TextDecoder('utf-8', { fatal: false });
/** Close codes after which the player may come back with its ticket (the server keeps it suspended). */
const SUSPEND_CODES = new Set<number>([1001, 1006, CloseCode.IdleTimeout, CloseCode.SlowConsumer]);

/** The client side of a node: sessions by handle and by player. */
export class SessionHub {
  readonly sessions: Map<number, ClientSession>;
  readonly byPlayer = new Map<string, ClientSession>();
  private nextHandle = 1;
  private frozen = false;
  private driver: HandshakeDriver | undefined;

  constructor(private readonly deps: HubDeps) {
    this.sessions = deps.sessions;
  }

  /** Connects the handshake driver (built after the hub: it calls back into it). */
  useDriver(driver: HandshakeDriver): void {
    this.driver = driver;
  }

  /** A handle for a new connection (u32, never 0, not in use). */
  allocateHandle(): number {
    for (;;) {
      const h = this.nextHandle;
      this.nextHandle = h >= 0xffff_fffe ? 1 : h + 1;
      if (!this.sessions.has(h)) return h;
    }
  }

  /** The socket opened. */
  opened(ws: ClientSocket, s: ClientSession): void {
    const cfg = this.deps.config();
    s.ws = ws;
    s.handshake = new ServerHandshake(
      { codecFamilies: this.deps.codecs.families, heartbeatMs: Math.max(1000, Math.round((cfg.limits.idle_timeout * 1000) / 3)), timeoutMs: cfg.limits.handshake_timeout * 1000 },
      s.openedAt,
    );
    this.sessions.set(s.handle, s);
    this.deps.events.opened?.(s);
  }

  /**
   * Stops taking client messages (drain): what arrives from now on is not forwarded and not
   * counted, so the recorded last client seq stays exact and the client re-sends it elsewhere.
   */
  freeze(): void {
    this.frozen = true;
  }

  /** A WebSocket message arrived (the buffer is only valid during this call). */
  received(s: ClientSession, data: ArrayBuffer, isBinary: boolean): void {
    if (s.phase === Phase.Closed || this.frozen) return;
    const cfg = this.deps.config();
    const now = Date.now();
    if (data.byteLength > cfg.limits.max_frame_bytes) {
      this.close(s, CloseCode.FrameTooLarge, `frame of ${data.byteLength} bytes exceeds the limit of ${cfg.limits.max_frame_bytes}`);
      return;
    }
    s.lastSeen = now;
    const verdict = takeTokens(s, 1, cfg.limits.max_messages_per_second, now);
    if (verdict !== RateVerdict.Ok) return this.rateLimited(s, verdict);
    this.deps.events.frameIn?.(data.byteLength, 1);
    if (s.phase === Phase.Handshake) {
      if (s.handshake === null) return;
      const frame: Frame = isBinary ? new Uint8Array(data.slice(0)) : text.decode(data);
      this.driver?.run(s, s.handshake.receive(frame, now));
      return;
    }
    const payload = this.unwrap(s, data, isBinary);
    if (payload === undefined) return;
    const decoded = decodeClientFrame(payload, { maxFrameBytes: Math.max(cfg.limits.max_frame_bytes * 4, 65536), maxBatchMessages: 4096 });
    if (E.isLeft(decoded)) {
      this.deps.events.decodeError?.(s, decoded.left.message);
      this.deps.outbox.enqueue(s, { type: 'Error', code: ErrorCode.InvalidFrame, message: `frame refused: ${decoded.left.message}` });
      return;
    }
    this.dispatch(s, decoded.right, cfg, now);
  }

  /** Handshake and idle timeouts (called about once a second). */
  sweep(now: number): void {
    const cfg = this.deps.config();
    const idleMs = cfg.limits.idle_timeout * 1000;
    for (const s of this.sessions.values()) {
      if (s.phase === Phase.Handshake) {
        if (s.handshake !== null) this.driver?.run(s, s.handshake.tick(now));
        // Reloaded shorter timeouts apply to handshakes already running too.
        if (s.phase === Phase.Handshake && now - s.openedAt > cfg.limits.handshake_timeout * 1000) {
          this.close(s, CloseCode.HandshakeTimeout, 'handshake timeout');
        }
      } else if (s.phase !== Phase.Closed && now - s.lastSeen > idleMs) {
        this.close(s, CloseCode.IdleTimeout, `nothing received for ${cfg.limits.idle_timeout} s`);
      }
    }
  }

  /**
   * Closes a client with a named code: an established client first gets a Disconnect
   * saying why (sealed like any frame), then the WebSocket close frame.
   */
  close(s: ClientSession, code: number, reason: string): void {
    if (s.phase === Phase.Closed || s.closing) return;
    s.closing = true;
    const wasOpen = s.phase === Phase.Active || s.phase === Phase.Resuming;
    if (s.ws === null) {
      s.phase = Phase.Closed;
      return;
    }
    if (wasOpen) {
      try {
        this.deps.outbox.writeFinal(s, { type: 'Disconnect', code, reason });
      } catch {
        // the socket is going anyway
      }
    }
    this.end(s, code, reason);
  }

  /** Ends the socket (the close handler then runs `closed`). */
  end(s: ClientSession, code: number, reason: string): void {
    const ws = s.ws;
    if (ws === null) return;
    this.deps.events.ended?.(code);
    try {
      // A close reason is at most 123 bytes.
      ws.end(code, Buffer.from(reason).subarray(0, 123));
    } catch {
      // Already closed by the peer: the close handler ran or will run.
    }
  }

  /** The socket closed (uWS close handler): detach, release, forget. */
  closed(s: ClientSession, code: number): void {
    if (s.ws === null) {
      // Never opened (refused at the limit) or already cleaned up.
      s.phase = Phase.Closed;
      return;
    }
    const wasActive = s.phase === Phase.Active || s.phase === Phase.Resuming;
    s.phase = Phase.Closed;
    s.ws = null;
    s.pending = null;
    s.handshake = null;
    this.sessions.delete(s.handle);
    if (wasActive) {
      const reason =
        code === CloseCode.NodeShutdown
          ? DetachReason.NodeShutdown
          : code === CloseCode.Kicked || code === CloseCode.Superseded
            ? DetachReason.Kicked
            : SUSPEND_CODES.has(code)
              ? DetachReason.Suspended
              : DetachReason.Disconnected;
      this.deps.router.leave(s, reason);
    }
    // Superseded sessions lost their claim to the newer one; a drain hands its sessions off
    // (the record keeps the last client seq for the node the player resumes on); any other
    // holder gives it back, including a session that closed after its claim but before Welcome.
    if (s.playerId !== '' && code !== CloseCode.Superseded && code !== CloseCode.NodeShutdown) {
      const holder = this.byPlayer.get(s.playerId);
      if (holder === s) this.byPlayer.delete(s.playerId);
      if (holder === s || holder === undefined) this.deps.release(s.playerId);
    }
    this.deps.events.closed?.(s, code);
  }

  /**
   * The session is open: Resume-waiting for resumed sessions, active otherwise. A resumed
   * session's first sealed message is our Resume: the last client seq forwarded for it, so
   * the client re-sends exactly what never reached a game server.
   */
  established(s: ClientSession, resumed: boolean): void {
    s.phase = resumed ? Phase.Resuming : Phase.Active;
    if (resumed && s.lastClientSeq >= 0) this.deps.outbox.enqueue(s, { type: 'Resume', lastReceivedSeq: s.lastClientSeq });
    if (s.lastClientSeq < 0) s.lastClientSeq = 0;
    this.byPlayer.set(s.playerId, s);
    this.deps.events.established?.(s, resumed);
  }

  private unwrap(s: ClientSession, data: ArrayBuffer, isBinary: boolean): Frame | undefined {
    let bytes: Uint8Array;
    if (s.channel !== null) {
      if (!isBinary) {
        this.close(s, CloseCode.ProtocolViolation, 'text frame on a sealed session');
        return undefined;
      }
      const opened = s.channel.open(new Uint8Array(data));
      if (E.isLeft(opened)) {
        this.close(s, CloseCode.DecryptFailed, describeCryptoError(opened.left));
        return undefined;
      }
      bytes = opened.right;
    } else if (!isBinary) {
      if (s.compressor === null) return text.decode(data);
      this.close(s, CloseCode.ProtocolViolation, 'text frame on a compressed session');
      return undefined;
    } else {
      // uWS reuses the message buffer after this call; byte fields of decoded messages must outlive it.
      bytes = new Uint8Array(data.slice(0));
    }
    if (s.compressor !== null) {
      const inflated = s.compressor.decompress(bytes);
      if (E.isLeft(inflated)) {
        this.close(s, CloseCode.ProtocolViolation, `bad compressed frame: ${inflated.left.message}`);
        return undefined;
      }
      bytes = inflated.right;
    }
    return s.encoding === 'json' ? text.decode(bytes) : bytes;
  }

  private dispatch(s: ClientSession, m: ClientMessage, cfg: AtlasConfig, now: number): void {
    if (m.type === 'Batch') {
      if (m.messages.length > 1) {
        const verdict = takeTokens(s, m.messages.length - 1, cfg.limits.max_messages_per_second, now);
        if (verdict !== RateVerdict.Ok) return this.rateLimited(s, verdict);
      }
      for (const inner of m.messages) {
        if (s.phase === Phase.Closed) return;
        if (inner.type !== 'Batch') this.one(s, inner, now);
      }
      return;
    }
    this.one(s, m, now);
  }

  private one(s: ClientSession, m: ClientSingleMessage, now: number): void {
    this.deps.events.countIn?.(m.type);
    if (m.type === 'PlayerMove' || m.type === 'PlayerAction') s.lastClientSeq = m.seq;
    switch (m.type) {
      case 'Heartbeat':
        if (m.echo === 0) this.deps.outbox.enqueue(s, { type: 'Heartbeat', timestamp: now, echo: m.timestamp });
        return;
      case 'Disconnect':
        this.close(s, 1000, 'client said goodbye');
        return;
      case 'Resume':
        if (s.phase === Phase.Resuming) {
          // Continue the client's sequence where it stopped, whichever node it was on.
          s.nextSeq = (m.lastReceivedSeq + 1) >>> 0 || 1;
          this.activate(s);
        }
        return;
      default:
        if (s.phase === Phase.Resuming) this.activate(s);
        this.deps.router.fromClient(s, m);
    }
  }

  private activate(s: ClientSession): void {
    s.phase = Phase.Active;
    this.deps.router.place(s);
  }

  private rateLimited(s: ClientSession, verdict: RateVerdict): void {
    if (verdict === RateVerdict.Close) {
      this.close(s, CloseCode.RateLimited, 'message rate limit exceeded');
      return;
    }
    // Tell the client once per burst, not once per dropped message.
    if (s.phase === Phase.Active && s.dropped <= 1) {
      this.deps.outbox.enqueue(s, { type: 'Error', code: ErrorCode.RateLimited, message: 'messages dropped: rate limit exceeded' });
    }
  }
}
