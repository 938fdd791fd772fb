import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from '../model/errors';
import type { ClusterEvent, SweepResult } from '../model/events';
import type { StoreHealth, Unsubscribe } from '../model/health';
import type { LeaseGrant, LeaseInfo } from '../model/lease';
import type { NodeHeartbeat, NodeInfo, NodeRegistration } from '../model/node';
import type { RegionMapChange, RegionMapRecord } from '../model/region-map';
import type { GameServerInfo, ServerLoad, ServerRegistration } from '../model/server';
import type { ClaimOptions, ClaimResult, SessionClaim, SessionRecord, TicketRedemption } from '../model/session';

/** Every store call resolves (never rejects) to a typed error or a value. */
export type Result<T> = Promise<E.Either<ClusterError, T>>;

/** Node membership: register, heartbeat (keeps the record alive), leave. */
export interface Membership {
  /** Upsert; a new, failed or departed node counts as `joined`. */
  register(registration: NodeRegistration): Result<NodeInfo>;
  /** Refreshes liveness and load; `not_found` (missing or failed) means: register again. Resolves to store time. */
  heartbeat(nodeId: string, heartbeat: NodeHeartbeat): Result<number>;
  /** Removes the node now and tells everyone it `left`; false if it was not registered. */
  leave(nodeId: string): Result<boolean>;
  get(nodeId: string): Result<NodeInfo | null>;
  list(): Result<readonly NodeInfo[]>;
}

/** Game-server registry with atomic region claims. */
export interface ServerRegistry {
  /** Upsert; refused with `region_conflict` when the region overlaps a live server's, atomically. */
  register(registration: ServerRegistration): Result<GameServerInfo>;
  /** `not_found` (missing or failed) means: register again (which re-claims the region). */
  heartbeat(serverId: string, load: ServerLoad): Result<number>;
  deregister(serverId: string): Result<boolean>;
  get(serverId: string): Result<GameServerInfo | null>;
  list(): Result<readonly GameServerInfo[]>;
}

/** Player id -> where the player is live, with a TTL; at most one holder at a time. */
export interface SessionDirectory {
  /** Atomic; another holder gives `session_conflict` under `refuse`, or is replaced (and told) under `takeover`. */
  claim(claim: SessionClaim, options: ClaimOptions): Result<ClaimResult>;
  /**
   * Rewrites the record and its TTL, only while `record.nodeId` still holds it (`not_holder` /
   * `not_found`). Resolves to a record equal to the one written that the holder may keep: the
   * in-memory store's own object, or (Redis) `record` itself, so keeping it costs no copy.
   */
  update(record: SessionRecord, ttlMs: number): Result<SessionRecord>;
  /** Deletes the record if `nodeId` holds it; false otherwise. */
  release(playerId: string, nodeId: string): Result<boolean>;
  get(playerId: string): Result<SessionRecord | null>;
  /**
   * Atomically consumes the record's ticket `ticketId` for node `redeemer`: redeemed only when
   * the record holds exactly that ticket and the session is disconnected (or its holder is in
   * `staleNodeIds`); the record then holds no ticket, so a second redemption finds `used`,
   * unless the redeemer is in `staleNodeIds` by then or holds the record disconnected (it
   * died, or lost the client, before the client confirmed the Welcome's next ticket: the
   * client still holds this one), or `live` (the redeemer) until then. The record names the ticket and its redeemer
   * (`spentTicketId`, `spentBy`) until a later redemption or claim replaces them.
   */
  redeemTicket(playerId: string, ticketId: string, redeemer: string, staleNodeIds: readonly string[]): Result<TicketRedemption>;
  /**
   * Undoes `redeemer`'s redemption of `ticketId` when its resume never claimed the session (the
   * socket closed, or the resume was refused, between the two): the record holds the ticket
   * again, marked disconnected (since `now` unless it already was), so the client's next try
   * redeems it on any node. False when the record no longer names that redemption, or the
   * redeemer claimed it since (its park covers that case).
   */
  returnTicket(playerId: string, ticketId: string, redeemer: string, now: number): Result<boolean>;
}

/** Leases with fencing tokens; see `acquireLease` for a holder that renews and stops on loss. */
export interface Leases {
  /** Granted only when nobody holds it (`lease_held` otherwise, even for the same holder). */
  acquire(name: string, holder: string, ttlMs: number): Result<LeaseGrant>;
  /** Extends the TTL while this grant (holder and token) is still the current one; `lease_lost` otherwise. */
  renew(grant: LeaseGrant): Result<void>;
  /** Releases only if this grant is current; false otherwise. */
  release(grant: LeaseGrant): Result<boolean>;
  current(name: string): Result<LeaseInfo | null>;
}

/** The versioned region map (see model/region-map.ts): read by every node, changed by the lease holder only. */
export interface RegionMapStore {
  /** The current version ({@link EMPTY_REGION_MAP}'s version 0 before any commit). */
  get(): Result<RegionMapRecord>;
  /**
   * Writes `change` as version `expected + 1`, atomically, only while `fence` is the current
   * grant of its lease (`lease_lost` otherwise: a deposed decider's late write never lands)
   * and the stored version is still `expected` (`map_conflict` otherwise). Pushes a `map` event.
   */
  commit(expected: number, change: RegionMapChange, fence: LeaseGrant): Result<RegionMapRecord>;
  /**
   * Puts back a version the store lost (Redis restarted empty while nodes still apply it):
   * written as it is, only while `fence` is current and the stored version is below
   * `map.version` (`map_conflict` otherwise), so versions never go back. Pushes a `map` event.
   */
  restore(map: RegionMapRecord, fence: LeaseGrant): Result<RegionMapRecord>;
}

/** How long records live without heartbeats; every member of one cluster should use the same values. */
export interface StoreTimings {
  /** A node whose last heartbeat is older than this is marked failed by the next sweep. */
  readonly heartbeatTimeoutMs: number;
  /** The same for game servers. */
  readonly serverTimeoutMs: number;
  /** A failed record stays visible this long after its timeout, then is removed. */
  readonly retentionMs: number;
  /** Whether each heartbeat is pushed as an `updated` event (carries load to every member). */
  readonly publishHeartbeats: boolean;
}

/** Defaults suited to a 1 s heartbeat interval. */
export const DEFAULT_STORE_TIMINGS: StoreTimings = {
  heartbeatTimeoutMs: 5_000,
  serverTimeoutMs: 5_000,
  retentionMs: 60_000,
  publishHeartbeats: true,
};

/** Fills defaults and checks every timing is a positive integer of ms. */
export function resolveTimings(partial: Partial<StoreTimings>): E.Either<ClusterError, StoreTimings> {
  const timings: StoreTimings = {
    heartbeatTimeoutMs: partial.heartbeatTimeoutMs ?? DEFAULT_STORE_TIMINGS.heartbeatTimeoutMs,
    serverTimeoutMs: partial.serverTimeoutMs ?? DEFAULT_STORE_TIMINGS.serverTimeoutMs,
    retentionMs: partial.retentionMs ?? DEFAULT_STORE_TIMINGS.retentionMs,
    publishHeartbeats: partial.publishHeartbeats ?? DEFAULT_STORE_TIMINGS.publishHeartbeats,
  };
  for (const key of ['heartbeatTimeoutMs', 'serverTimeoutMs', 'retentionMs'] as const) {
    const value = timings[key];
    if (!Number.isInteger(value) || value < 1) return E.left(ClusterErrors.invalid(`${key} must be a positive integer`));
  }
  return E.right(timings);
}

/** The cluster's shared state: one interface, an in-memory and a Redis implementation. */
export interface ClusterStore {
  readonly kind: 'memory' | 'redis';
  readonly timings: StoreTimings;
  readonly nodes: Membership;
  readonly servers: ServerRegistry;
  readonly sessions: SessionDirectory;
  readonly leases: Leases;
  readonly regionMap: RegionMapStore;
  /**
   * Marks nodes and servers failed after their timeout and removes them after retention; atomic, so racing sweeps report each change once.
   * Given the sweeping node's id (`by`), it judges nobody unless that node's own heartbeat is fresher than half the timeout: a sweep that
   * reached the store late (it waited in a paused Redis's socket) would otherwise find every record old and fail the whole cluster.
   */
  sweep(by?: string): Result<SweepResult>;
  /** Pushed changes, from every member of the cluster (including this one). Listener errors are contained. */
  subscribe(listener: (event: ClusterEvent) => void): Unsubscribe;
  health(): StoreHealth;
  onHealth(listener: (health: StoreHealth) => void): Unsubscribe;
  /** Resolves once the store is reachable, or to `unavailable` after `timeoutMs`. */
  ready(timeoutMs?: number): Result<void>;
  /** Releases connections; later calls resolve to `closed`. */
  close(): Promise<void>;
}
