import * as E from 'fp-ts/lib/Either.js';
import { MemoryBackend } from '../memory/memory-backend';
import { ClusterErrors, type ClusterError } from '../model/errors';
import { createRedisStore, type RedisStoreOptions } from '../redis/redis-store';
import { resolveTimings, type ClusterStore } from '../store/cluster-store';
import { ClusterMember, type ClusterMemberOptions } from '../member/cluster-member';

/** The `[cluster]` section of the Atlas config, as @atlas/config produces it (durations in seconds). */
export interface ClusterConfig {
  readonly store: 'memory' | 'redis';
  readonly redis_url?: string;
  /** Seconds without a heartbeat before a node (or game server) is failed. */
  readonly heartbeat_timeout: number;
  readonly node_id: string;
  /** Seconds between heartbeats and detector sweeps; default heartbeat_timeout / 5. */
  readonly health_check_interval?: number;
  /** Seconds between full re-reads of the registry; default 10 heartbeat intervals. */
  readonly discovery_interval?: number;
  /** Redis key namespace; default `atlas`. */
  readonly key_prefix?: string;
}

/** Extras for {@link createClusterStore} that do not come from the config file. */
export interface CreateStoreOptions {
  /** Share one backend between several in-process nodes (tests, the demo). */
  readonly memoryBackend?: MemoryBackend;
  /** Wait this long for Redis before giving up; default 5000 ms. */
  readonly readyTimeoutMs?: number;
  /** false: return the store even if Redis is not up yet (it keeps reconnecting, degraded). Default true. */
  readonly requireReady?: boolean;
  /**
   * Keep failed nodes (and servers) at least this long before removing them: the members'
   * session TTL, so a crashed node's records expire while it still counts as failed (a
   * holder the view no longer knows would look live to a resume or a claim).
   */
  readonly minRetentionMs?: number;
  readonly redis?: Partial<RedisStoreOptions>;
  readonly onError?: (error: unknown) => void;
}

const seconds = (s: number): number => Math.round(s * 1000);

/** Milliseconds of the config's durations, with defaults applied. */
export function clusterTimings(config: ClusterConfig): { heartbeatTimeoutMs: number; heartbeatIntervalMs: number; resyncIntervalMs: number } {
  const heartbeatTimeoutMs = seconds(config.heartbeat_timeout);
  const heartbeatIntervalMs = config.health_check_interval === undefined ? Math.max(1, Math.round(heartbeatTimeoutMs / 5)) : seconds(config.health_check_interval);
  const resyncIntervalMs = config.discovery_interval === undefined ? 10 * heartbeatIntervalMs : seconds(config.discovery_interval);
  return { heartbeatTimeoutMs, heartbeatIntervalMs, resyncIntervalMs };
}

/** Builds the configured store; for Redis, waits until it is reachable (unless `requireReady: false`). */
export async function createClusterStore(config: ClusterConfig, options: CreateStoreOptions = {}): Promise<E.Either<ClusterError, ClusterStore>> {
  const { heartbeatTimeoutMs, heartbeatIntervalMs } = clusterTimings(config);
  if (heartbeatIntervalMs >= heartbeatTimeoutMs) {
    return E.left(ClusterErrors.invalid('cluster.health_check_interval must be below cluster.heartbeat_timeout'));
  }
  const timings = resolveTimings({
    heartbeatTimeoutMs,
    serverTimeoutMs: heartbeatTimeoutMs,
    retentionMs: Math.max(60_000, 10 * heartbeatTimeoutMs, options.minRetentionMs ?? 0),
  });
  if (E.isLeft(timings)) return timings;
  if (config.store === 'memory') {
    return E.right((options.memoryBackend ?? new MemoryBackend()).createStore(timings.right, options.onError));
  }
  if (config.redis_url === undefined || config.redis_url === '') {
    return E.left(ClusterErrors.invalid('cluster.redis_url is required when cluster.store is redis'));
  }
  const created = createRedisStore({
    ...options.redis,
    ...timings.right,
    url: config.redis_url,
    keyPrefix: config.key_prefix ?? options.redis?.keyPrefix,
    onError: options.onError,
  });
  if (E.isLeft(created) || options.requireReady === false) return created;
  const ready = await created.right.ready(options.readyTimeoutMs ?? 5000);
  if (E.isRight(ready)) return created;
  await created.right.close();
  return ready;
}

/** A member for this node, timed by the config. Call `start()` on it. */
export function createClusterMember(
  store: ClusterStore,
  config: ClusterConfig,
  node: { readonly address: string; readonly metadata?: Readonly<Record<string, string>> },
  extra: Partial<ClusterMemberOptions> = {},
): ClusterMember {
  const { heartbeatIntervalMs, resyncIntervalMs } = clusterTimings(config);
  return new ClusterMember(store, { heartbeatIntervalMs, resyncIntervalMs, ...extra, node: { id: config.node_id, ...node } });
}
