import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from '../model/errors';
import type { ClusterEvent, SweepResult } from '../model/events';
import { StoreStatus, type StoreHealth, type Unsubscribe } from '../model/health';
import {
  resolveTimings,
  type ClusterStore,
  type Leases,
  type Membership,
  type RegionMapStore,
  type Result,
  type ServerRegistry,
  type SessionDirectory,
  type StoreTimings,
} from '../store/cluster-store';
import { emitSafely, ignoreError } from '../store/emit';
import { decodeEvent } from './codec';
import { RedisConnection, type RedisClient } from './connection';
import { clusterKeys, type ClusterKeys } from './keys';
import { redisMembership, redisServers, redisSweep, type RedisContext } from './redis-registry';
import { redisLeases, redisSessions } from './redis-sessions';
import { redisRegionMap } from './redis-region-map';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions extends Partial<StoreTimings> {
  /** e.g. `redis://127.0.0.1:6379`; ignored when `createClient` is given. */
  readonly url: string;
  /** Namespace of every key and the event channel; default `atlas`. */
  readonly keyPrefix?: string;
  /** Default 1000 ms. */
  readonly commandTimeoutMs?: number;
  /** Default 2000 ms. */
  readonly connectTimeoutMs?: number;
  /** Default 50 ms per attempt. */
  readonly reconnectMinDelayMs?: number;
  /** Default 1000 ms. */
  readonly reconnectMaxDelayMs?: number;
  /** Bring your own ioredis clients (Sentinel, Cluster, TLS). Give them `enableOfflineQueue: false`. */
  readonly createClient?: (role: 'command' | 'subscriber') => RedisClient;
  /** Where errors thrown by listeners, and undecodable pushed events, are reported; default: ignored. */
  readonly onError?: (error: unknown) => void;
}

/** The Redis {@link ClusterStore}. Create it with {@link createRedisStore}. */
export class RedisStore implements ClusterStore {
  readonly kind = 'redis' as const;
  readonly nodes: Membership;
  readonly servers: ServerRegistry;
  readonly sessions: SessionDirectory;
  readonly leases: Leases;
  readonly regionMap: RegionMapStore;
  private readonly connection: RedisConnection;
  private readonly context: RedisContext;
  private readonly listeners = new Set<(event: ClusterEvent) => void>();
  private readonly onError: (error: unknown) => void;

  /** Internal: use {@link createRedisStore}, which validates the options. */
  constructor(
    readonly keys: ClusterKeys,
    readonly timings: StoreTimings,
    options: RedisStoreOptions,
  ) {
    this.onError = options.onError ?? ignoreError;
    this.connection = new RedisConnection(
      {
        url: options.url,
        commandTimeoutMs: options.commandTimeoutMs ?? 1000,
        connectTimeoutMs: options.connectTimeoutMs ?? 2000,
        reconnectMinDelayMs: options.reconnectMinDelayMs ?? 50,
        reconnectMaxDelayMs: options.reconnectMaxDelayMs ?? 1000,
        createClient: options.createClient,
        onError: this.onError,
      },
      keys.channel,
      (text) => this.deliver(text),
    );
    const keyTtlMs = Math.max(3_600_000, 10 * (timings.heartbeatTimeoutMs + timings.serverTimeoutMs + timings.retentionMs));
    this.context = { connection: this.connection, keys, timings, keyTtlMs };
    this.nodes = redisMembership(this.context);
    this.servers = redisServers(this.context);
    this.sessions = redisSessions(this.context);
    this.leases = redisLeases(this.context);
    this.regionMap = redisRegionMap(this.context);
  }

  /** The raw command client, for tooling (benchmarks, cleanup); the store does not expect you to write with it. */
  get client(): RedisClient {
    return this.connection.command;
  }

  sweep(by?: string): Result<SweepResult> {
    return redisSweep(this.context, by);
  }

  subscribe(listener: (event: ClusterEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): StoreHealth {
    return this.connection.tracker.get();
  }

  onHealth(listener: (health: StoreHealth) => void): Unsubscribe {
    return this.connection.tracker.subscribe(listener);
  }

  async ready(timeoutMs = 5000): Result<void> {
    const status = this.health().status;
    if (status === StoreStatus.Closed) return E.left(ClusterErrors.closed());
    if (status === StoreStatus.Ok) return E.right(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve(E.left(ClusterErrors.unavailable(`redis not ready after ${timeoutMs} ms: ${this.health().reason ?? 'unknown'}`)));
      }, timeoutMs);
      const stop = this.onHealth((health) => {
        if (health.status === StoreStatus.Degraded) return;
        clearTimeout(timer);
        stop();
        resolve(health.status === StoreStatus.Ok ? E.right(undefined) : E.left(ClusterErrors.closed()));
      });
    });
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.connection.close();
  }

  private deliver(text: string): void {
    const event = decodeEvent(text);
    // A malformed message (another version, or a stranger on the channel) is dropped, never thrown.
    if (E.isLeft(event)) {
      emitSafely([this.onError], new Error(event.left.kind === 'corrupt' ? event.left.message : 'bad event'), ignoreError);
      return;
    }
    emitSafely(this.listeners, event.right, this.onError);
  }
}

/** Creates a Redis store and starts connecting; await `store.ready()` before relying on it. */
export function createRedisStore(options: RedisStoreOptions): E.Either<ClusterError, RedisStore> {
  const keys = clusterKeys(options.keyPrefix ?? 'atlas');
  if (E.isLeft(keys)) return keys;
  const timings = resolveTimings(options);
  if (E.isLeft(timings)) return timings;
  return E.right(new RedisStore(keys.right, timings.right, options));
}
