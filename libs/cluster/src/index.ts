/** @atlas/cluster: membership, game-server registry, sessions, leases, load balancing and failure detection. */

// Model
export { boundsContain, boundsOverlap, validateBounds } from './model/bounds';
export type { RegionBounds, Vec3 } from './model/bounds';
export { ClusterErrors, describeClusterError, isRetryable } from './model/errors';
export type { ClusterError, EntityKind } from './model/errors';
export type { ClusterEvent, NodeChange, ServerChange, SweepResult } from './model/events';
export { StoreStatus } from './model/health';
export type { StoreHealth, Unsubscribe } from './model/health';
export type { LeaseGrant, LeaseInfo } from './model/lease';
export { EMPTY_REGION_MAP, applyRegionMap, mapNames, mappedRegion } from './model/region-map';
export type { RegionMapChange, RegionMapRecord } from './model/region-map';
export { NodeStatus } from './model/node';
export type { LiveNodeStatus, NodeHeartbeat, NodeInfo, NodeRegistration } from './model/node';
export { IDLE_SERVER_LOAD, ServerKind, ServerStatus, serverKind, serverTimeoutOf } from './model/server';
export type { GameServerInfo, ServerLoad, ServerRegistration } from './model/server';
export { SessionPolicy } from './model/session';
export type { ClaimOptions, ClaimResult, SessionClaim, SessionRecord, TicketRedemption } from './model/session';

// Stores
export { DEFAULT_STORE_TIMINGS, resolveTimings } from './store/cluster-store';
export type { ClusterStore, Leases, Membership, RegionMapStore, Result, ServerRegistry, SessionDirectory, StoreTimings } from './store/cluster-store';
export { MemoryBackend } from './memory/memory-backend';
export type { MemoryBackendOptions } from './memory/memory-backend';
export { MemoryStore } from './memory/memory-store';
export { RedisStore, createRedisStore } from './redis/redis-store';
export type { RedisStoreOptions } from './redis/redis-store';
export type { RedisClient } from './redis/connection';
export { clusterKeys } from './redis/keys';
export type { ClusterKeys, EntityKeys } from './redis/keys';

// This node's membership
export { ClusterMember } from './member/cluster-member';
export type { ClusterMemberOptions } from './member/cluster-member';
export { ClusterView } from './member/cluster-view';
export type { MemberEvent, SessionLossReason } from './member/member-events';
export type { MemberClaim, MemberClaimOptions, SessionPatch } from './member/own-sessions';
export { DEFAULT_RETRY, RetryQueue } from './member/retry-queue';
export type { RetryQueueOptions } from './member/retry-queue';

// Leases
export { acquireLease } from './lease/held-lease';
export type { HeldLease, LeaseGuard, LeaseOptions } from './lease/held-lease';

// Load balancing (pure)
export { chooseNode, nodeCost } from './balance/choose-node';
export type { ChooseNodeOptions } from './balance/choose-node';
export { chooseServerForPlayer, chooseServerForRegion, hasRoom } from './balance/choose-server';
export type { NoServer } from './balance/choose-server';
export { DEFAULT_REBALANCE, EMPTY_REBALANCE_STATE, planRebalance } from './balance/rebalance';
export type { LoadEntry, RebalanceMove, RebalanceOptions, RebalancePlan, RebalanceState } from './balance/rebalance';

// From config
export { clusterTimings, createClusterMember, createClusterStore } from './config/from-config';
export type { ClusterConfig, CreateStoreOptions } from './config/from-config';
