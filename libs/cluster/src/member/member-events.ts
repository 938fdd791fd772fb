import type { ClusterError } from '../model/errors';
import type { ClusterEvent } from '../model/events';
import type { StoreHealth } from '../model/health';

/** Why this node no longer holds a player's session. */
export type SessionLossReason = 'taken_over' | 'conflict';

/** What a {@link ClusterMember} tells its node: cluster changes plus what they mean for this node. */
export type MemberEvent =
  /** A pushed or resync-derived change, already applied to `member.view`. */
  | ClusterEvent
  | { readonly type: 'health'; readonly health: StoreHealth }
  /** Disconnect this player here: another node holds it now (`nodeId`, when known). */
  | { readonly type: 'session_lost'; readonly playerId: string; readonly nodeId: string | null; readonly reason: SessionLossReason }
  /** A server of this node could not re-claim its region (another server owns an overlap now). */
  | { readonly type: 'server_claim_lost'; readonly serverId: string; readonly conflictsWith: string }
  /** A queued write was given up on. */
  | { readonly type: 'write_dropped'; readonly key: string; readonly error: ClusterError };
