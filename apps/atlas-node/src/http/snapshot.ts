/**
 * What this node knows that the cluster registry does not: its link to each game
 * server, its players and their positions, and recent transfers. Node-core builds a
 * `NodeSnapshot` on demand (`HttpDeps.snapshot()`); `/servers` and the admin map merge
 * it with the registry. Keep it plain data (it is serialised to JSON as is).
 */
import type { RegionBounds, Vec3 } from '@atlas/cluster';

/** State of this node's upstream link to one game server. */
export const LinkState = { Down: 'down', Connecting: 'connecting', Up: 'up' } as const;
/** One of {@link LinkState}. */
export type LinkState = (typeof LinkState)[keyof typeof LinkState];

/** Lifecycle of the node itself. */
export const NodeRunState = { Starting: 'starting', Active: 'active', Draining: 'draining', Stopped: 'stopped' } as const;
/** One of {@link NodeRunState}. */
export type NodeRunState = (typeof NodeRunState)[keyof typeof NodeRunState];

/** This node's view of one game server's link. */
export interface LinkView {
  readonly serverId: string;
  readonly state: LinkState;
  /** Players of this node currently routed to the server. */
  readonly players: number;
}

/** One player of this node, as drawn on the admin map. */
export interface PlayerView {
  readonly id: string;
  readonly position: Vec3;
  /** Owning game server, or null while unplaced (e.g. its region has no live server). */
  readonly serverId: string | null;
  /** True while a transfer of this player is in flight. */
  readonly transferring: boolean;
}

/** Outcome of a transfer; `started` means still in flight. */
export type TransferState = 'started' | 'completed' | 'aborted';

/** One recent transfer (node-core keeps a bounded ring of them). */
export interface TransferView {
  readonly playerId: string;
  readonly from: string;
  readonly to: string;
  readonly state: TransferState;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Epoch ms; null while in flight. */
  readonly endedAt: number | null;
  /** Why it aborted (e.g. `timeout`), else null. */
  readonly reason: string | null;
}

/** Everything node-local that the HTTP layer shows. */
export interface NodeSnapshot {
  readonly nodeId: string;
  readonly state: NodeRunState;
  /** Epoch ms the node started. */
  readonly startedAt: number;
  /** One entry per game server this node links to. */
  readonly links: readonly LinkView[];
  /** Placed players, at most SNAPSHOT_PLAYER_LIMIT of them (the admin map's dots). */
  readonly players: readonly PlayerView[];
  /** Every placed player of this node: `players` stops at its limit, this does not. */
  readonly playerCount: number;
  /** Recent transfers, oldest first. */
  readonly transfers: readonly TransferView[];
}

/** A snapshot of a node that has nothing yet (tests, and before start). */
export function emptySnapshot(nodeId: string, startedAt = Date.now()): NodeSnapshot {
  return { nodeId, state: NodeRunState.Starting, startedAt, links: [], players: [], playerCount: 0, transfers: [] };
}

/** Re-exported so callers need one import for the region shape. */
export type { RegionBounds, Vec3 };
