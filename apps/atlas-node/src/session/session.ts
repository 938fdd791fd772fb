// One client connection and the player behind it. Kept deliberately flat and small
// (plain numbers and a few references, fixed field order so V8 keeps one shape):
// the node holds thousands of these, and the target is 2 MB per 1,000 idle players
// including uWebSockets.js's own ~0.6 KiB per socket. It holds no socket
// library's types: the socket is the session stage's ClientSocket port.
import type { Compressor } from '@atlas/compression';
import type { SyncChannel } from '@atlas/crypto';
import { PROTOCOL_VERSION, type ClientSingleMessage, type Encoding, type ServerHandshake } from '@atlas/protocol';
import type { RoutedPlayer } from '../routing/ports';
import type { ClientSocket } from './client-socket';

/** Lifecycle of a session. */
export const Phase = {
  /** Socket open, waiting for PlayerConnect / verifying it. */
  Handshake: 0,
  /** Resumed: waiting for the client's Resume (its last received seq) before attaching. */
  Resuming: 1,
  /** Welcome sent; game traffic flows. */
  Active: 2,
  /** Closed or closing; nothing more is sent or accepted. */
  Closed: 3,
} as const;
/** One of {@link Phase}. */
export type Phase = (typeof Phase)[keyof typeof Phase];

/** A player's connection, routing and outbound state (what routing and transfers see of it: RoutedPlayer). */
export class ClientSession implements RoutedPlayer {
  ws: ClientSocket | null = null;
  phase: Phase = Phase.Handshake;
  /** Present only during the handshake; dropped afterwards to save memory. */
  handshake: ServerHandshake | null = null;
  openedAt: number;
  lastSeen: number;
  // Token bucket of the message-rate limit (tokens, last refill ms, drops in this window).
  tokens = 0;
  tokensAt = 0;
  dropped = 0;
  playerId = '';
  sessionId = '';
  /** The verified token's claims as JSON object text. */
  claims = '{}';
  encoding: Encoding = 'binary';
  /** The protocol version the handshake settled (Welcome's): frames carry it, and messages it lacks are not sent. */
  version: number = PROTOCOL_VERSION;
  channel: SyncChannel | null = null;
  compressor: Compressor | null = null;
  /** The game server the player's messages go to; null while unplaced (no position yet, or its region is down). */
  server: string | null = null;
  /** The server the player left last (its late deliveries are still accepted). */
  prevServer: string | null = null;
  /** True once the player has a position (first move, or a resumed one). */
  placed = false;
  x = 0;
  y = 0;
  z = 0;
  /** Id of the transfer in flight, 0 when none. */
  transferId = 0;
  /** Neighbour servers told this player is near (TransferPreload active); null when none. */
  preloaded: string[] | null = null;
  /** The server the player was told it is unavailable (parked), to avoid repeating the notice. */
  parkedNotice = false;
  /** Next node -> client sequence number (stamped when a frame is written). */
  nextSeq = 1;
  /**
   * Last client -> node sequence number received and passed on (what our Resume reports);
   * -1 during a resume whose record is unknown.
   */
  lastClientSeq = 0;
  /** {@inheritDoc TransferPlayer.takenSeq} */
  takenSeq = 0;
  /** {@inheritDoc TransferPlayer.lastOseq} */
  lastOseq = 0;
  /**
   * A resumed session: the id of the ticket it redeemed, until the client's first sealed
   * frame confirms the new one (the claim names it, so the client can use it again should
   * this node die, or lose the client, before then).
   */
  resumedTicketId: string | null = null;
  /** A resumed session: the server the directory says it was on, until it is placed. */
  lastServer: string | null = null;
  /** Messages for the client queued in this event-loop turn (null when none). */
  pending: ClientSingleMessage[] | null = null;
  /** True while in the outbox's dirty list. */
  queued = false;
  /** Since when the socket has been above the backpressure limit (0 when not). */
  slowSince = 0;
  /** True once a close has begun (its last words are being written). */
  closing = false;

  constructor(
    /** Node-wide unique id; also the player's handle on every upstream link (u32, never 0). */
    readonly handle: number,
    now: number,
  ) {
    this.openedAt = now;
    this.lastSeen = now;
  }

  /** True while routing may reach the player (RoutedPlayer's view of the phase). */
  get routable(): boolean {
    return this.phase === Phase.Active;
  }

  /** True while the socket is open and the session not closing. */
  get isOpen(): boolean {
    return this.ws !== null && this.phase !== Phase.Closed;
  }
}
