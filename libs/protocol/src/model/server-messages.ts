// Server link (Atlas node <-> game server): one WebSocket per node x server pair,
// multiplexed by a per-link player handle (u32, never 0). Byte fields decoded from
// binary frames are views into the received frame.
import type { AbortReason, DetachReason, GhostEndReason, TransferReason, TransferRole } from '../constants/enums';
import type { ClientSingleMessage } from './client-messages';
import type { Vec3 } from './geometry';

/** Sent by the side that opened the link: who it is, plus a pre-shared-key proof (opaque here). */
export interface LinkHello {
  readonly type: 'LinkHello';
  readonly version: number;
  readonly nodeId: string;
  readonly serverId: string;
  /** Fresh random bytes from the opener, bound into both proofs. */
  readonly nonce: Uint8Array;
  /** e.g. HMAC-SHA256(psk, transcript), computed by the driver. */
  readonly proof: Uint8Array;
}

/** Sent by the side that accepted the link, after checking the Hello's proof. */
export interface LinkWelcome {
  readonly type: 'LinkWelcome';
  readonly version: number;
  readonly nodeId: string;
  readonly serverId: string;
  readonly nonce: Uint8Array;
  readonly proof: Uint8Array;
  /** How often each side sends Ping, in milliseconds. */
  readonly heartbeatMs: number;
}

/** Node -> server: a player now lives on this server under `handle`. */
export interface Attach {
  readonly type: 'Attach';
  readonly handle: number;
  readonly playerId: string;
  readonly sessionId: string;
  readonly position: Vec3;
  /** Opaque player state (e.g. carried over by a resume); may be empty. */
  readonly state: Uint8Array;
  /** The verified token's claims as JSON object text ("{}" when none). */
  readonly claims: string;
  /**
   * Version 2 links only: the newest `oseq` the player's client has from game servers. The
   * server numbers its reliable actions for the player after it, and sends again, in order,
   * what it kept of this session after it (§11).
   */
  readonly replayAfter?: number;
}

/** Either direction: the player under `handle` leaves this server (node -> server) or is kicked (server -> node). */
export interface Detach {
  readonly type: 'Detach';
  readonly handle: number;
  readonly reason: DetachReason;
}

/** Node -> server: a message from the player under `handle` (its client `seq` is kept). */
export interface Forward {
  readonly type: 'Forward';
  readonly handle: number;
  readonly message: ClientSingleMessage;
}

/** Whom a Deliver addresses. */
export type DeliverTarget =
  | { readonly kind: 'player'; readonly handle: number }
  | { readonly kind: 'players'; readonly handles: readonly number[] }
  | { readonly kind: 'region'; readonly regionId: string }
  | { readonly kind: 'radius'; readonly center: Vec3; readonly radius: number };

/** Server -> node: send `message` to the target players; the node assigns each player's `seq`. */
export interface Deliver {
  readonly type: 'Deliver';
  readonly target: DeliverTarget;
  /** A handle to leave out (e.g. the player who caused the event); 0 for none. */
  readonly exclude: number;
  readonly message: ClientSingleMessage;
}

/** Node -> source and target servers: a transfer begins. */
export interface TransferPrepare {
  readonly type: 'TransferPrepare';
  /** The player's handle on the receiving link (a fresh one on the target's link). */
  readonly handle: number;
  readonly transferId: number;
  readonly role: TransferRole;
  readonly playerId: string;
  readonly fromServer: string;
  readonly toServer: string;
  readonly reason: TransferReason;
  readonly position: Vec3;
  /** Token claims as JSON object text, for the target ("{}" for the source). */
  readonly claims: string;
}

/** Source -> node -> target: the player's state, handed over. */
export interface TransferState {
  readonly type: 'TransferState';
  readonly handle: number;
  readonly transferId: number;
  readonly state: Uint8Array;
}

/** Target -> node: the target took the player, the node switches the route; node -> target: switched, the player is yours. */
export interface TransferAccept {
  readonly type: 'TransferAccept';
  readonly handle: number;
  readonly transferId: number;
}

/** Any direction: the transfer is off; the player stays on the source. */
export interface TransferAbort {
  readonly type: 'TransferAbort';
  readonly handle: number;
  readonly transferId: number;
  readonly reason: AbortReason;
}

/**
 * Node -> a neighbouring server: the player under `handle` (same handle it would get on this
 * link) came within preload distance of this server's region (`active`), or left that zone
 * (`!active`). Advisory and idempotent: a server may start replicating the player's
 * surroundings, and must not assume a transfer follows.
 */
export interface TransferPreload {
  readonly type: 'TransferPreload';
  readonly handle: number;
  /** True: the player is near; false: no longer near (forget any preload). */
  readonly active: boolean;
  readonly playerId: string;
  /** The server that owns the player now. */
  readonly fromServer: string;
  readonly position: Vec3;
  /** f32 per axis, as in PlayerMove. */
  readonly velocity: Vec3;
}

/**
 * Node -> a neighbouring server (protocol v2): the player under `handle`, owned by
 * `ownerServer`, is within this server's interest distance; sent at the rate of the
 * player's distance ring. The first update for a handle on a link starts the ghost.
 */
export interface GhostUpdate {
  readonly type: 'GhostUpdate';
  /** The player's handle on this node (the same it would get if attached over this link). */
  readonly handle: number;
  readonly playerId: string;
  /** The server that owns (simulates) the player. */
  readonly ownerServer: string;
  readonly position: Vec3;
  /** f32 per axis, as in PlayerMove. */
  readonly velocity: Vec3;
  /** Monotonic per player (u32): a receiver drops an update older than the last it applied. */
  readonly counter: number;
}

/** Node -> a neighbouring server (protocol v2): the ghost under `handle` is gone, and why. */
export interface GhostEnd {
  readonly type: 'GhostEnd';
  readonly handle: number;
  readonly reason: GhostEndReason;
}

/**
 * Either direction (protocol v2), game data between servers across a border. Server -> node:
 * `handle` names a ghost on this link, `fromServer` is empty; the node relays it to the
 * ghost's owner. Node -> owner: `handle` is the real player's handle on that link and
 * `fromServer` the sender.
 */
export interface PeerMessage {
  readonly type: 'PeerMessage';
  readonly handle: number;
  readonly fromServer: string;
  /** The game's own message kind (u16). */
  readonly tag: number;
  readonly data: Uint8Array;
}

/**
 * Node -> server (protocol v2): `message` belongs to a trace. W3C Trace Context: the
 * `traceparent` and `tracestate` header values of the node's span (e.g. the transfer), so
 * the game server's own spans can join the trace. Never wraps a Batch, a handshake or
 * another Traced; a v1 link gets `message` alone.
 */
export interface Traced {
  readonly type: 'Traced';
  readonly traceparent: string;
  readonly tracestate: string;
  readonly message: TracedMessage;
}

/** What a Traced can carry: every server-link message but the handshakes, a Batch and Traced itself. */
export type TracedMessage =
  | Attach
  | Detach
  | Forward
  | Deliver
  | TransferPrepare
  | TransferState
  | TransferAccept
  | TransferAbort
  | TransferPreload
  | GhostUpdate
  | GhostEnd
  | PeerMessage
  | LoadReport
  | Ping
  | Pong
  | ForwardAck
  | SeqHandover
  | RegionBounds;

/** Server -> node: load, for balancing and `/servers`. */
export interface LoadReport {
  readonly type: 'LoadReport';
  readonly players: number;
  /** Average simulation tick duration, milliseconds (f32). */
  readonly tickMs: number;
  /** Resident memory, bytes (f64). */
  readonly memoryBytes: number;
  /** False when the server takes no new players (full or draining). */
  readonly accepting: boolean;
}

/** Either direction: link liveness. */
export interface Ping {
  readonly type: 'Ping';
  readonly timestamp: number;
}

/** Answer to Ping, echoing its timestamp. */
export interface Pong {
  readonly type: 'Pong';
  readonly timestamp: number;
}

/** One player's cumulative acknowledgement: every client seq up to `seq` was taken by the game code. */
export interface PlayerAck {
  readonly handle: number;
  readonly seq: number;
}

/** Server -> node (link version 2): the client seqs the game code has taken, per player, batched per turn. */
export interface ForwardAck {
  readonly type: 'ForwardAck';
  readonly acks: readonly PlayerAck[];
}

/**
 * Node -> the target of a transfer (protocol v2), right after its TransferAccept: every
 * client seq of the player up to `seq` was taken by the server it came from, so a re-send
 * of one of them (a client resuming through another node from a lagging record) is a
 * duplicate the target must drop, although it never saw it.
 */
export interface SeqHandover {
  readonly type: 'SeqHandover';
  readonly handle: number;
  readonly seq: number;
  /** The newest `oseq` the player's client has: the target numbers its reliable actions for the player after it. */
  readonly oseq: number;
  /**
   * The player's session, which a transfer's target is not told otherwise: what it remembers
   * of the player from another session (it left, and came back in a new one) is not this line.
   */
  readonly sessionId: string;
}

/**
 * Node -> server (protocol v2): the cluster's region map changed (a split or a merge) and
 * this server now owns `min`..`max` (half-open, as registered), from map version
 * `mapVersion`. Players of the part it lost are moved away by normal transfers; players of
 * the part it gained arrive the same way. A server ignores a version older than the last
 * one it applied (two nodes may both tell it).
 */
export interface RegionBounds {
  readonly type: 'RegionBounds';
  readonly mapVersion: number;
  readonly min: Vec3;
  readonly max: Vec3;
}

/** Many server-link messages in one WebSocket frame. Never nested. */
export interface ServerBatch {
  readonly type: 'Batch';
  readonly messages: readonly ServerMessage[];
}

/** Every message that travels on the server link. */
export type ServerMessage = LinkHello | LinkWelcome | TracedMessage | Traced | ServerBatch;

/** A server-link message that is not a Batch. */
export type ServerSingleMessage = Exclude<ServerMessage, ServerBatch>;
