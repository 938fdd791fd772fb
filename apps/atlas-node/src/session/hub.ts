// Every client connection of the node, from socket open to close: limits (frame size,
// message rate, handshake and idle timeouts), the handshake, then for each frame
// [open] -> [decompress] -> decode -> dispatch (dispatch.ts). A bad frame gets an Error (or a close
// with a named code); it never disturbs anyone else.
import * as E from 'fp-ts/lib/Either.js';
import type { AtlasConfig } from '@atlas/config';
import {
  CloseCode,
  DetachReason,
  ErrorCode,
  DEFAULT_LIMITS,
  ServerHandshake,
  type Frame,
} from '@atlas/protocol';
import { describeCryptoError } from '@atlas/crypto';
import { keyShareAgrees, receiveFrame, type PipelineError, type ReceiveOptions } from '@atlas/session';
import type { NodeCluster } from '../cluster/node-cluster';
import type { PlayerRoutes } from '../routing/ports';
import { createAdmission } from './admission';
import { DepartedSessions } from './departed';
import { ClientDispatch } from './dispatch';
import type { CodecPolicy } from './codecs';
import { HandshakeDriver, type HandshakeDeps } from './handshake-driver';
import type { Outbox } from './outbox';
import { RateVerdict, takeTokens } from './rate-limit';
import type { ClientSocket } from './client-socket';
import { Phase, type ClientSession } from './session';
import { sessionNow } from './session-clock';

/** What the hub reports. */
export interface HubEvents {
  opened?(s: ClientSession): void;
  established?(s: ClientSession, resumed: boolean): void;
  closed?(s: ClientSession, code: number): void;
  frameIn?(bytes: number, messages: number): void;
  decodeError?(s: ClientSession, message: string): void;
  countIn?(kind: string): void;
}

/** What the hub needs. */
export interface HubDeps {
  config(): AtlasConfig;
  readonly codecs: CodecPolicy;
  readonly outbox: Outbox;
  /** The routing stage, as the hub asks it for things. */
  readonly routes: PlayerRoutes<ClientSession>;
  /** What the handshake driver needs beyond the hub (token and ticket checks, keys, metrics). */
  readonly handshake: Pick<HandshakeDeps, 'auth' | 'psk' | 'keyRotationSeconds' | 'failed'>;
  /** The cluster (session directory claims); undefined until the node has joined it. */
  cluster(): NodeCluster | undefined;
  readonly events: HubEvents;
  /** The session map to fill (shared with the router and delivery). */
  readonly sessions: Map<number, ClientSession>;
  /** Signs with the node identity key (version-2 Welcomes carry the signature); undefined: unsigned. */
  readonly sign?: (message: Uint8Array) => Uint8Array;
}

const text = new TextDecoder('utf-8', { fatal: false });
/** Close codes after which the player may come back with its ticket (the server keeps it suspended). */
const SUSPEND_CODES = new Set<number>([1001, 1006, CloseCode.IdleTimeout, CloseCode.SlowConsumer]);

/** The client side of a node: sessions by handle and by player. */
export class SessionHub {
  readonly sessions: Map<number, ClientSession>;
  readonly byPlayer = new Map<string, ClientSession>();
  /** Recently closed sessions of this node (a quick resume here finds its position). */
  readonly departed = new DepartedSessions();
  private nextHandle = 1;
  private frozen = false;
  /** The receive limits of the config last seen (one object, not two per frame). */
  private decodeFor: { readonly config: AtlasConfig; readonly options: ReceiveOptions } | undefined;
  private readonly driver: HandshakeDriver;
  private readonly inbound: ClientDispatch;

  constructor(private readonly deps: HubDeps) {
    this.sessions = deps.sessions;
    this.inbound = new ClientDispatch(deps.outbox, deps.routes, deps.events.countIn);
    this.driver = new HandshakeDriver({
      ...deps.handshake,
      codecs: deps.codecs,
      ...createAdmission(this, deps.config, deps.cluster),
      sendRaw: (s, frame) => s.ws?.send(frame, typeof frame !== 'string'),
      end: (s, code, reason) => deps.outbox.end(s, code, reason),
      established: (s, resumed) => this.established(s, resumed),
    });
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
      {
        codecFamilies: this.deps.codecs.families,
        heartbeatMs: Math.max(1000, Math.round((cfg.limits.idle_timeout * 1000) / 3)),
        timeoutMs: cfg.limits.handshake_timeout * 1000,
        agrees: keyShareAgrees,
        sign: this.deps.sign,
      },
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
    const now = sessionNow();
    if (data.byteLength > cfg.limits.max_frame_bytes) {
      this.close(s, CloseCode.FrameTooLarge, `frame of ${data.byteLength} bytes exceeds the limit of ${cfg.limits.max_frame_bytes}`);
      return;
    }
    s.lastSeen = now;
    const verdict = takeTokens(s, 1, cfg.limits.max_messages_per_second, now);
    if (verdict !== RateVerdict.Ok) return this.inbound.rateLimited(s, verdict);
    this.deps.events.frameIn?.(data.byteLength, 1);
    if (s.phase === Phase.Handshake) {
      if (s.handshake === null) return;
      const frame: Frame = isBinary ? new Uint8Array(data.slice(0)) : text.decode(data);
      this.driver.run(s, s.handshake.receive(frame, now));
      return;
    }
    // [open] -> [decompress] -> decode. uWS reuses the message buffer after this call (borrowed):
    // byte fields of decoded messages must outlive it.
    const frame: Frame = isBinary ? new Uint8Array(data) : text.decode(data);
    const decoded = receiveFrame(s, frame, this.receiveOptions(cfg));
    if (E.isLeft(decoded)) return this.refused(s, decoded.left);
    if (s.resumedTicketId !== null) {
      // A sealed frame after the resumed Welcome: the client has the new ticket.
      s.resumedTicketId = null;
      this.deps.cluster()?.confirmTicket(s.playerId);
    }
    this.inbound.dispatch(s, decoded.right, cfg.limits.max_messages_per_second, now);
  }

  /** Handshake and idle timeouts (called about once a second); `now` is on the session clock. */
  sweep(now: number): void {
    const cfg = this.deps.config();
    const idleMs = cfg.limits.idle_timeout * 1000;
    this.departed.prune(now, cfg.security.resume_ticket_ttl * 1000);
    for (const s of this.sessions.values()) {
      if (s.phase === Phase.Handshake) {
        if (s.handshake !== null) this.driver.run(s, s.handshake.tick(now));
        // Reloaded shorter timeouts apply to handshakes already running too.
        if (s.phase === Phase.Handshake && now - s.openedAt > cfg.limits.handshake_timeout * 1000) {
          this.close(s, CloseCode.HandshakeTimeout, 'handshake timeout');
        }
      } else if (s.phase !== Phase.Closed && now - s.lastSeen > idleMs) {
        this.close(s, CloseCode.IdleTimeout, `nothing received for ${cfg.limits.idle_timeout} s`);
      }
    }
  }

  /** Closes a client with a named code, its last words first (see `Outbox.close`). */
  close(s: ClientSession, code: number, reason: string): void {
    this.deps.outbox.close(s, code, reason);
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
      // Read before leaving unroutes it: after a transfer `prevServer` is the source, which
      // does not know what the player's server took since.
      const server = s.server ?? s.prevServer;
      this.deps.routes.leave(s, reason);
      if (reason === DetachReason.Suspended || reason === DetachReason.NodeShutdown) {
        this.departed.remember(s.playerId, { sessionId: s.sessionId, position: s.placed ? { x: s.x, y: s.y, z: s.z } : null, takenSeq: s.takenSeq, server, at: sessionNow() });
      }
    }
    // Superseded sessions lost their claim to the newer one; a drain hands its sessions off
    // (the record keeps the last client seq for the node the player resumes on); any other
    // holder gives it back, including a session that closed after its claim but before Welcome.
    // A lost socket (not a clean close) keeps its record for the resume window, marked
    // disconnected, so its ticket can resume it once; a clean close voids the ticket. So does
    // any close of a resume the client has not confirmed yet (before or just after its
    // Welcome): the client still holds the ticket it redeemed and will try it again.
    if (s.playerId !== '' && code !== CloseCode.Superseded && code !== CloseCode.NodeShutdown) {
      const holder = this.byPlayer.get(s.playerId);
      if (holder === s) this.byPlayer.delete(s.playerId);
      const mine = holder === s || holder === undefined;
      const keep = s.resumedTicketId !== null || (holder === s && wasActive && SUSPEND_CODES.has(code));
      const window = this.deps.config().security.resume_ticket_ttl * 1000;
      if (mine && keep && window > 0) this.deps.cluster()?.park(s.playerId, window);
      else if (mine) this.deps.cluster()?.release(s.playerId);
    }
    this.deps.events.closed?.(s, code);
  }

  /**
   * The session is open: Resume-waiting for resumed sessions, active otherwise. A resumed
   * session's first sealed message is our Resume: the last client seq its server took, so
   * the client re-sends what no game server took (and a little more, which it drops).
   */
  established(s: ClientSession, resumed: boolean): void {
    s.phase = resumed ? Phase.Resuming : Phase.Active;
    if (resumed && s.lastClientSeq >= 0) this.deps.outbox.enqueue(s, { type: 'Resume', lastReceivedSeq: s.lastClientSeq });
    if (s.lastClientSeq < 0) s.lastClientSeq = 0;
    this.byPlayer.set(s.playerId, s);
    this.deps.events.established?.(s, resumed);
  }

  /** Decode limits for `cfg` (a reload gives a new config object, hence new limits). */
  private receiveOptions(cfg: AtlasConfig): ReceiveOptions {
    if (this.decodeFor?.config !== cfg) {
      const maxFrameBytes = Math.max(cfg.limits.max_frame_bytes * 4, 65536);
      this.decodeFor = { config: cfg, options: { borrowed: true, maxFrameBytes, maxBatchMessages: 4096, maxDeliverHandles: DEFAULT_LIMITS.maxDeliverHandles } };
    }
    return this.decodeFor.options;
  }

  /** A frame the pipeline refused: a close for what breaks the stream (seal, framing, compression), an Error for what does not. */
  private refused(s: ClientSession, e: PipelineError): void {
    if (e.kind === 'decrypt') return this.close(s, CloseCode.DecryptFailed, describeCryptoError(e.error));
    if (e.kind !== 'decode') return this.close(s, CloseCode.ProtocolViolation, e.message);
    this.deps.events.decodeError?.(s, e.message);
    this.deps.outbox.enqueue(s, { type: 'Error', code: ErrorCode.InvalidFrame, message: `frame refused: ${e.message}` });
  }
}
