// What the transfer stage needs from the stages before it, as ports they implement:
// the player (the session stage's ClientSession is one), the way back to its client
// (the session stage's outbox), the one writer of its route (routing's Routes) and the
// shared directory a resume reads the route from (the cluster's session records).
import type { ClientSingleMessage } from '@atlas/protocol';

/** A player as transfers see it. */
export interface TransferPlayer {
  /** Node-wide unique id; the player's handle on every upstream link. */
  readonly handle: number;
  readonly playerId: string;
  /** The player's session (the target learns it with SeqHandover). */
  readonly sessionId: string;
  /** The verified token's claims as JSON object text (sent to the target server). */
  readonly claims: string;
  /** Id of the transfer in flight, 0 when none (written by the transfer manager only). */
  transferId: number;
  /** The player's last client seq received (all forwarded, held or buffered in order). */
  readonly lastClientSeq: number;
  /**
   * The newest client seq up to which the player's servers took everything: acknowledged
   * (ForwardAck) on a link that acknowledges, written to one that does not (a version 1
   * server says no more). Behind `lastClientSeq` by what is held, buffered by a transfer
   * or in flight; ahead of it after a resume, when the server took, through the node that
   * died, what the client is re-sending. What the directory records for a resume elsewhere,
   * whose client re-sends what follows (written by routing only, and by a resume).
   */
  takenSeq: number;
  /**
   * The newest `oseq` (a game server's number on a reliable action, protocol §11) the
   * player's client has or is being sent: what the next server numbers after (written by
   * the session stage only: the outbox, and the client's Resume).
   */
  readonly lastOseq: number;
}

/** The way back to a player's client: messages leave in its per-turn frame. */
export interface ClientOutlet<P> {
  /** Queues `m` for the player's client. */
  enqueue(p: P, m: ClientSingleMessage): void;
}

/** Moves a player's route when a transfer switches it. */
export interface RouteSwitch<P> {
  /** From now on the player's messages go to `to`; `from` may still deliver late. */
  switchRoute(p: P, from: string, to: string): void;
  /**
   * A client message the transfer held was forwarded to `server` (the target after the
   * switch, the source after an abort): a reliable action must then be kept until that
   * server acknowledges it, like any other forward.
   */
  flushed(p: P, server: string, m: ClientSingleMessage): void;
  /**
   * A client message the transfer held could not be forwarded to `server` (its link is
   * down): it goes back to the routing stage, held until the player has a route again.
   */
  unsent(p: P, m: ClientSingleMessage): void;
}

/** Where a resume after this node's crash learns a player's server (the cluster's directory). */
export interface RouteDirectory<P> {
  /**
   * Records that `p` lives on `server` now. Settles once the record is written or the write
   * failed; undefined when there is nothing to wait for (no directory, or it is unreachable).
   */
  record(p: P, server: string): PromiseLike<void> | undefined;
}
