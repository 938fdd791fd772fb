// What the routing stage needs from the session stage, as ports the session stage
// implements (ClientSession is a RoutedPlayer, the outbox a ClientLink), and what it
// offers the session stage (PlayerRoutes, implemented by the Router).
import type { ClientSingleMessage, DetachReason } from '@atlas/protocol';
import type { ClientOutlet, TransferPlayer } from '../transfer/ports';

/** A player as routing sees it. */
export interface RoutedPlayer extends TransferPlayer {
  readonly sessionId: string;
  /** True while the player's traffic may be routed (its session is active). */
  readonly routable: boolean;
  /** True once the player has a position. */
  placed: boolean;
  x: number;
  y: number;
  z: number;
  /** The game server the player's messages go to; null while unplaced or parked (written by Routes only). */
  server: string | null;
  /** The server the player left last, whose late deliveries are still accepted (written by Routes only). */
  prevServer: string | null;
  /** Neighbour servers told this player is near; null when none. */
  preloaded: string[] | null;
  /** True once the player was told it is unroutable (the notice is not repeated). */
  parkedNotice: boolean;
}

/** The way back to a player's client, and closing it (a game server's kick). */
export interface ClientLink<P> extends ClientOutlet<P> {
  /** Closes the client with a named code (its last words are sent first). */
  close(p: P, code: number, reason: string): void;
}

/** What the session stage asks of routing. */
export interface PlayerRoutes<P> {
  /** A message from an active player (not Heartbeat/Resume/Disconnect: the session answers those). */
  fromClient(p: P, m: ClientSingleMessage): void;
  /**
   * Places a player whose position is known (a resumed session with a recorded position), on
   * `hostedBy` (the server the directory says it was on) when that server is up.
   */
  place(p: P, hostedBy: string | null): void;
  /** The player is leaving this node. */
  leave(p: P, reason: DetachReason): void;
}
