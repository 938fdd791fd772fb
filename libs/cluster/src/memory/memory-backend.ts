import type { ClusterEvent } from '../model/events';
import type { LeaseInfo } from '../model/lease';
import type { NodeInfo } from '../model/node';
import type { GameServerInfo } from '../model/server';
import type { SessionRecord } from '../model/session';
import { EMPTY_REGION_MAP, type RegionMapRecord } from '../model/region-map';
import * as E from 'fp-ts/lib/Either.js';
import { describeClusterError } from '../model/errors';
import { resolveTimings, type StoreTimings } from '../store/cluster-store';
import { MemoryStore } from './memory-store';

/** Options of a {@link MemoryBackend}. */
export interface MemoryBackendOptions {
  /** The backend's clock (plays the role of Redis TIME). */
  readonly now?: () => number;
}

/** Internal: a session record with its expiry (a refresh moves the expiry in place). */
export interface SessionEntry {
  readonly record: SessionRecord;
  expiresAt: number;
}

/** Internal: a lease with its expiry. */
export interface LeaseEntry extends LeaseInfo {
  readonly expiresAt: number;
}

/**
 * The shared state behind {@link MemoryStore}s: one backend is one "Redis". Stores created
 * on the same backend see each other's writes and pushed events, so tests can run several
 * nodes in one process. `setAvailable(false)` and `restart()` simulate outages.
 */
export class MemoryBackend {
  /** Internal state; stores mutate it by replacing records, never by editing them. */
  readonly nodes = new Map<string, NodeInfo>();
  readonly servers = new Map<string, GameServerInfo>();
  readonly sessions = new Map<string, SessionEntry>();
  readonly leases = new Map<string, LeaseEntry>();
  readonly leaseTokens = new Map<string, number>();
  regionMap: RegionMapRecord = EMPTY_REGION_MAP;
  readonly now: () => number;
  private available = true;
  private readonly subscribers = new Set<(event: ClusterEvent) => void>();
  private readonly availabilityListeners = new Set<(available: boolean) => void>();

  constructor(options: MemoryBackendOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** A new store (one per simulated node) on this backend; invalid timings are a programming error (RangeError). */
  createStore(timings: Partial<StoreTimings> = {}, onError?: (error: unknown) => void): MemoryStore {
    const resolved = resolveTimings(timings);
    if (E.isLeft(resolved)) throw new RangeError(describeClusterError(resolved.left));
    return new MemoryStore(this, resolved.right, onError);
  }

  /** Whether stores can reach the backend. */
  isAvailable(): boolean {
    return this.available;
  }

  /** Simulates the backend going away (calls fail with `unavailable`, events are lost) and returning. */
  setAvailable(available: boolean): void {
    if (this.available === available) return;
    this.available = available;
    for (const listener of [...this.availabilityListeners]) listener(available);
  }

  /** Simulates a restart without persistence: all data is gone. */
  restart(): void {
    this.nodes.clear();
    this.servers.clear();
    this.sessions.clear();
    this.leases.clear();
    this.leaseTokens.clear();
    this.regionMap = EMPTY_REGION_MAP;
  }

  /** Internal: delivers an event to every subscriber after the current call returns (like a push). */
  publish(event: ClusterEvent): void {
    if (!this.available) return;
    for (const subscriber of [...this.subscribers]) queueMicrotask(() => subscriber(event));
  }

  /** Internal: stores subscribe here. */
  addSubscriber(subscriber: (event: ClusterEvent) => void): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Internal: stores track availability here. */
  onAvailability(listener: (available: boolean) => void): () => void {
    this.availabilityListeners.add(listener);
    return () => this.availabilityListeners.delete(listener);
  }
}
