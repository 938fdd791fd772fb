import type { Vec3 } from './bounds';

/** What to do when a player who is live on another node logs in again. */
export const SessionPolicy = { Refuse: 'refuse', Takeover: 'takeover' } as const;
/** One of {@link SessionPolicy}'s values. */
export type SessionPolicy = (typeof SessionPolicy)[keyof typeof SessionPolicy];

/** Where a player is live. Timestamps are the claiming node's clock, in ms. */
export interface SessionRecord {
  readonly playerId: string;
  readonly nodeId: string;
  readonly serverId: string | null;
  /** Id of the resume ticket the player holds, so another node can accept it after a failover. */
  readonly ticketId: string | null;
  /**
   * Id of the ticket the last resume redeemed, and the node that redeemed it, until the
   * client confirms the next ticket (its first message after the resumed Welcome). The
   * client keeps that ticket until then, so when `spentBy` dies or loses the client first,
   * the ticket may be redeemed again; otherwise it is `spentBy`'s, and once confirmed, used.
   */
  readonly spentTicketId?: string;
  readonly spentBy?: string;
  readonly position: Vec3 | null;
  /**
   * The last client -> node sequence number the player's game server took, as far as the
   * holding node knew (acknowledged, or written to a server that does not acknowledge; 0 when
   * unknown); a node resuming the player sends it in its Resume so the client re-sends the rest.
   */
  readonly lastClientSeq: number;
  readonly claimedAt: number;
  readonly updatedAt: number;
  /**
   * Set when the holder lost the player's socket without a clean close (ms, holder's clock):
   * the record is kept for the resume window and its ticket may be redeemed. Absent while live.
   */
  readonly disconnectedAt?: number;
}

/** Input of a claim: the player and where it is going to be live. */
export interface SessionClaim {
  readonly playerId: string;
  readonly nodeId: string;
  readonly serverId?: string | null;
  readonly ticketId?: string | null;
  /** A resume's claim: the ticket it redeemed (see {@link SessionRecord.spentTicketId}); `spentBy` is the claiming node. */
  readonly spentTicketId?: string;
  readonly position?: Vec3 | null;
  /** Default 0. */
  readonly lastClientSeq?: number;
}

/** How a claim behaves. */
export interface ClaimOptions {
  readonly policy: SessionPolicy;
  readonly ttlMs: number;
  /** Holders known to be dead: their claims are overridden even under the `refuse` policy. */
  readonly staleNodeIds?: readonly string[];
}

/** What redeeming a resume ticket found: the record it consumed the ticket of, or why not. */
export type TicketRedemption =
  | { readonly kind: 'redeemed'; readonly session: SessionRecord }
  /** No record: the session ended cleanly, its window passed, or it never existed. */
  | { readonly kind: 'missing' }
  /** The record holds another ticket (this one was used already, or the session was replaced). */
  | { readonly kind: 'used' }
  /** The session is live on a running node: a ticket alone cannot take it over. */
  | { readonly kind: 'live'; readonly nodeId: string };

/** A granted claim; `previous` is the record it replaced (another node's on a takeover). */
export interface ClaimResult {
  readonly session: SessionRecord;
  readonly previous: SessionRecord | null;
}
