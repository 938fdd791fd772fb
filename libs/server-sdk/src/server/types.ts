// What game code sees: players, links and the events a GameServer emits.
import type { AbortReason, ClientSingleMessage, DetachReason, PlayerAction, PlayerMove, TransferPrepare, TransferPreload, Vec3 } from '@atlas/protocol';

/** One accepted node link, as game code sees it. */
export interface NodeLinkInfo {
  /** Local id of this link (unique within the process). */
  readonly id: number;
  /** The node that opened the link. */
  readonly nodeId: string;
  /** The id the node knows this server by (LinkHello.serverId). */
  readonly serverId: string;
  /** Players attached over this link right now. */
  readonly players: number;
  /** Last measured link round-trip time (Ping/Pong), milliseconds; NaN before the first Pong. */
  readonly rttMs: number;
}

/** A player living on this game server. */
export interface GamePlayer {
  readonly playerId: string;
  readonly sessionId: string;
  /** The player's handle on its link (what Deliver addresses). */
  readonly handle: number;
  /** The link the player's messages arrive on. */
  readonly link: NodeLinkInfo;
  /** Last known position (from Attach, then every PlayerMove). */
  readonly position: Vec3;
  /** The verified token's claims. */
  readonly claims: Readonly<Record<string, unknown>>;
  /**
   * Game-owned opaque state. Filled from Attach (a resume may carry it) or a transfer's
   * import; exported by default when the player is handed over to another server.
   */
  state: Uint8Array;
  /** Free slot for game code (e.g. its own entity object). */
  data: unknown;
}

/** A player of a neighbouring server within this server's interest distance (read-only here). */
export interface GhostPlayer {
  readonly playerId: string;
  /** The ghost's handle on its link (what `sendToGhostOwner` addresses). */
  readonly handle: number;
  /** The link the ghost's updates arrive on. */
  readonly link: NodeLinkInfo;
  /** The server that owns (simulates) the player. */
  readonly ownerServer: string;
  readonly position: Vec3;
  readonly velocity: Vec3;
  /** The last applied update's counter (monotonic per player). */
  readonly counter: number;
  /** Free slot for game code. */
  data: unknown;
}

/** Why a ghost left: out of the zone, it became a player here, its player disconnected, or its link dropped. */
export type GhostLeaveReason = 'left-zone' | 'transferred' | 'disconnected' | 'link-lost';

/** A game message from a neighbouring server about one of this server's players (PeerMessage). */
export interface PeerMessageInfo {
  /** The server that sent it (it sees the player as a ghost). */
  readonly fromServer: string;
  readonly tag: number;
  readonly data: Uint8Array;
}

/** How a player arrived: a fresh (or resumed) connection, or a handover from another server. */
export type AttachCause = 'connect' | 'transfer';

/** Why a player left: the node's DetachReason, or `link-lost` when its link dropped. */
export type LeaveReason = DetachReason | 'link-lost';

/** A transfer as reported to game code. */
export interface TransferInfo {
  readonly transferId: number;
  readonly playerId: string;
  readonly fromServer: string;
  readonly toServer: string;
  /** Which side this server is. */
  readonly role: 'source' | 'target';
  /** The node's trace of this transfer (W3C Trace Context), when it is traced: parent your spans on it. */
  readonly trace?: TraceContext;
}

/** W3C Trace Context header values, as the node's Traced message carries them (protocol v2). */
export interface TraceContext {
  readonly traceparent: string;
  readonly tracestate: string;
}

/** Something went wrong on a link (a bad frame, a listener that threw); the server keeps running. */
export interface GameServerError {
  /** `link`: a dial to a node failed (refused upgrade, unreachable); it is retried. */
  readonly kind: 'protocol' | 'listener' | 'transfer' | 'backpressure' | 'link';
  readonly message: string;
  readonly linkId?: number;
}

/** The bounds a region map version gave this server (half-open, as registered). */
export interface RegionBoundsInfo {
  readonly mapVersion: number;
  readonly min: Vec3;
  readonly max: Vec3;
}

/** Events of a GameServer (`server.on(name, listener)`). */
export type GameServerEvents = {
  /** A node link finished its handshake. */
  readonly link: (link: NodeLinkInfo) => void;
  /** A node link closed; its players were detached with `link-lost` first. */
  readonly linkClosed: (link: NodeLinkInfo, code: number, reason: string) => void;
  /** A player now lives here. */
  readonly attach: (player: GamePlayer, cause: AttachCause) => void;
  /** A player left (disconnected, transferred away, kicked, or its link was lost). */
  readonly detach: (player: GamePlayer, reason: LeaveReason) => void;
  /**
   * The cluster's region map gave this server new bounds (a split or a merge; link v2
   * RegionBounds). Once per map version, newest only, whichever node said it first. The
   * node moves the affected players with normal transfers: nothing to do for them here.
   */
  readonly region: (bounds: RegionBoundsInfo) => void;
  /** A player moved (position already updated). */
  readonly move: (player: GamePlayer, move: PlayerMove) => void;
  /** A player sent a game action. */
  readonly action: (player: GamePlayer, action: PlayerAction) => void;
  /** Every message a player sent (moves and actions included), for games that want them all. */
  readonly message: (player: GamePlayer, message: ClientSingleMessage) => void;
  /** Target side: a player is about to be handed over here (start preloading). */
  readonly transferPrepare: (prepare: TransferPrepare, transfer: TransferInfo) => void;
  /**
   * A player of a neighbouring server came within preload distance of this server's region
   * (`preload.active`), or left that zone (`!preload.active`): advisory, no answer expected.
   */
  readonly preload: (preload: TransferPreload, link: NodeLinkInfo) => void;
  /** A neighbour's player came within this server's interest distance (its first GhostUpdate). */
  readonly 'ghost-enter': (ghost: GhostPlayer) => void;
  /** A ghost moved (at its distance ring's rate; position already updated). */
  readonly 'ghost-move': (ghost: GhostPlayer) => void;
  /** A ghost is gone; `transferred` means it is attached here now (the attach came first). */
  readonly 'ghost-leave': (ghost: GhostPlayer, reason: GhostLeaveReason) => void;
  /** A neighbouring server sent a message to one of this server's players (addressed to its ghost there). */
  readonly 'peer-message': (player: GamePlayer, message: PeerMessageInfo) => void;
  /** A transfer was called off; a source keeps the player, a target forgets it. */
  readonly transferAborted: (transfer: TransferInfo, reason: AbortReason) => void;
  /** A recoverable problem (never thrown). */
  readonly error: (error: GameServerError) => void;
};

/** Exports and imports a player's state during a handover; both may be async. */
export interface TransferHooks {
  /** Source: the state to hand over, or undefined to refuse (default: `player.state`). */
  exportState?(player: GamePlayer, prepare: TransferPrepare, transfer: TransferInfo): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** Target: false refuses the player (default: accept). The state also lands in `player.state`. */
  importState?(prepare: TransferPrepare, state: Uint8Array, transfer: TransferInfo): boolean | Promise<boolean>;
}
