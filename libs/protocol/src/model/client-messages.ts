// Client link (game client <-> Atlas node). `seq` fields are per-player, per-direction
// u32 counters (see sequence/): they let both ends detect loss, duplication and
// reordering across transfers. Byte fields decoded from binary frames are views into
// the received frame: copy them if you keep them after the frame's buffer is reused.
import type { ActionChannel, SyncMode, TransferPhase, TransferReason } from '../constants/enums';
import type { Quat, Vec3 } from './geometry';

/** Client -> node, first frame (plaintext): asks to join or resume. */
export interface PlayerConnect {
  readonly type: 'PlayerConnect';
  /** The protocol version the client speaks (also the frame's header byte). */
  readonly version: number;
  /** Codec names the client supports, in preference order (see `Codec`). */
  readonly codecs: readonly string[];
  /** Signed player token from the game's auth service (opaque here). */
  readonly token: string;
  /** The client's ephemeral public key share (opaque here; the crypto lib makes it). */
  readonly keyShare: Uint8Array;
  /** Resume ticket from an earlier Welcome; empty string for a fresh session. */
  readonly resumeTicket: string;
}

/** Node -> client, answer to PlayerConnect (plaintext): the session is open. */
export interface Welcome {
  readonly type: 'Welcome';
  /** The protocol version the session runs at (also the frame's header byte): the newest both ends speak. */
  readonly version: number;
  readonly playerId: string;
  readonly sessionId: string;
  /** The node's ephemeral public key share. */
  readonly serverKeyShare: Uint8Array;
  /** The codecs the node chose (one per family), from the client's offer. */
  readonly codecs: readonly string[];
  /** How often the client should send a Heartbeat, in milliseconds. */
  readonly heartbeatMs: number;
  /** Ticket to resume this session on any node after a disconnect. */
  readonly resumeTicket: string;
  /** True when PlayerConnect carried a valid resume ticket and the session continues. */
  readonly resumed: boolean;
  /**
   * Version 2 and later: the node identity key's Ed25519 signature over the handshake
   * transcript (empty when the node has no identity key). Absent at version 1.
   */
  readonly nodeSignature?: Uint8Array;
}

/** Client -> node: the player's movement (the hot path: 51 bytes, 67 with orientation). */
export interface PlayerMove {
  readonly type: 'PlayerMove';
  readonly seq: number;
  /** Client clock, milliseconds (f64). */
  readonly timestamp: number;
  /** f64 per axis: worlds can be large. */
  readonly position: Vec3;
  /** f32 per axis. */
  readonly velocity: Vec3;
  /** f32 quaternion; absent when the client does not send it. */
  readonly orientation?: Quat;
}

/** Either direction: an opaque game message (the node routes it, never reads it). */
export interface PlayerAction {
  readonly type: 'PlayerAction';
  readonly seq: number;
  readonly channel: ActionChannel;
  /** Game-defined kind; on the unreliable-latest channel a newer action with the same tag supersedes a queued one. */
  readonly tag: number;
  readonly data: Uint8Array;
  /**
   * Node -> client, version 2 sessions only: the game server's own number for a reliable
   * action it sent this player (docs/protocol.md §11), so a replay after a node crash is
   * recognised. Absent on actions the server did not number, and always client -> node.
   */
  readonly oseq?: number;
}

/** Node -> client: the player is being (or was) moved to another game server. The socket stays open. */
export interface ServerTransfer {
  readonly type: 'ServerTransfer';
  readonly seq: number;
  readonly transferId: number;
  readonly fromServer: string;
  readonly toServer: string;
  readonly reason: TransferReason;
  readonly phase: TransferPhase;
}

/** Either direction: liveness and round-trip time. */
export interface Heartbeat {
  readonly type: 'Heartbeat';
  /** Sender's clock, milliseconds. */
  readonly timestamp: number;
  /** The peer's `timestamp` being answered; 0 when this heartbeat is a request. */
  readonly echo: number;
}

/** Node -> client: world state, a full snapshot or a delta against the snapshot with seq `baseSeq`. */
export interface StateSync {
  readonly type: 'StateSync';
  readonly seq: number;
  readonly mode: SyncMode;
  /** For a delta: the `seq` of the StateSync it applies to; 0 for a full snapshot. */
  readonly baseSeq: number;
  readonly data: Uint8Array;
}

/** Either direction: something went wrong; `code` is an `ErrorCode`, or a `CloseCode` when a close follows. */
export interface ErrorMessage {
  readonly type: 'Error';
  readonly code: number;
  readonly message: string;
}

/** Either direction, first sealed message of a resumed session: the last `seq` received from the peer. */
export interface Resume {
  readonly type: 'Resume';
  readonly lastReceivedSeq: number;
  /** Client -> node, version 2 sessions only: the newest `oseq` the client took (0 before any). */
  readonly lastOseq?: number;
}

/** Either direction: a clean goodbye; `code` is a `CloseCode` (or 1000 for a normal quit). */
export interface Disconnect {
  readonly type: 'Disconnect';
  readonly code: number;
  readonly reason: string;
}

/** Many client-link messages in one WebSocket frame (one encryption, one write). Never nested. */
export interface ClientBatch {
  readonly type: 'Batch';
  readonly messages: readonly ClientMessage[];
}

/** Every message that travels on the client link. */
export type ClientMessage =
  | PlayerConnect
  | Welcome
  | PlayerMove
  | PlayerAction
  | ServerTransfer
  | Heartbeat
  | StateSync
  | ErrorMessage
  | Resume
  | Disconnect
  | ClientBatch;

/** A client-link message that is not a Batch (what a Batch may contain). */
export type ClientSingleMessage = Exclude<ClientMessage, ClientBatch>;

/** The client-link messages that carry game data and therefore a per-player `seq`. */
export type SequencedClientMessage = PlayerMove | PlayerAction | ServerTransfer | StateSync;

/** True when `m` carries a per-player sequence number. */
export function isSequenced(m: ClientMessage): m is SequencedClientMessage {
  return m.type === 'PlayerMove' || m.type === 'PlayerAction' || m.type === 'ServerTransfer' || m.type === 'StateSync';
}
