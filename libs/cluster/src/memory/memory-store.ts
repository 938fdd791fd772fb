import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from '../model/errors';
import type { ClusterEvent, SweepResult } from '../model/events';
import { StoreStatus, type StoreHealth, type Unsubscribe } from '../model/health';
import type { ClusterStore, Leases, Membership, RegionMapStore, Result, ServerRegistry, SessionDirectory, StoreTimings } from '../store/cluster-store';
import { emitSafely, ignoreError } from '../store/emit';
import { HealthTracker } from '../store/health-tracker';
import type { MemoryBackend } from './memory-backend';
import { memoryMembership, memoryServers, memorySweep } from './memory-registry';
import { memoryLeases, memorySessions } from './memory-sessions';
import { memoryRegionMap } from './memory-region-map';

/** Internal: how the parts of a memory store run one call against the backend. */
export interface MemoryContext {
  readonly backend: MemoryBackend;
  readonly timings: StoreTimings;
  run<T>(operation: () => E.Either<ClusterError, T>): Result<T>;
}

/** The in-memory {@link ClusterStore}: one process, no services. Create it with `new MemoryBackend().createStore()`. */
export class MemoryStore implements ClusterStore {
  readonly kind = 'memory' as const;
  readonly nodes: Membership;
  readonly servers: ServerRegistry;
  readonly sessions: SessionDirectory;
  readonly leases: Leases;
  readonly regionMap: RegionMapStore;
  private closed = false;
  private readonly tracker: HealthTracker;
  private readonly listeners = new Set<(event: ClusterEvent) => void>();
  private readonly detach: Array<() => void> = [];
  private readonly context: MemoryContext;
  private readonly sweepImpl: (by?: string) => E.Either<ClusterError, SweepResult>;

  constructor(
    readonly backend: MemoryBackend,
    readonly timings: StoreTimings,
    private readonly onError: (error: unknown) => void = ignoreError,
  ) {
    this.tracker = new HealthTracker(
      backend.isAvailable() ? StoreStatus.Ok : StoreStatus.Degraded,
      backend.isAvailable() ? null : 'backend unavailable',
      onError,
    );
    this.detach.push(
      backend.onAvailability((up) => this.tracker.set(up ? StoreStatus.Ok : StoreStatus.Degraded, up ? null : 'backend unavailable')),
      backend.addSubscriber((event) => {
        if (!this.closed) emitSafely(this.listeners, event, this.onError);
      }),
    );
    this.context = { backend, timings, run: (operation) => this.run(operation) };
    this.nodes = memoryMembership(this.context);
    this.servers = memoryServers(this.context);
    this.sessions = memorySessions(this.context);
    this.leases = memoryLeases(this.context);
    this.regionMap = memoryRegionMap(this.context);
    this.sweepImpl = memorySweep(this.context);
  }

  sweep(by?: string): Result<SweepResult> {
    return this.run(() => this.sweepImpl(by));
  }

  subscribe(listener: (event: ClusterEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): StoreHealth {
    return this.tracker.get();
  }

  onHealth(listener: (health: StoreHealth) => void): Unsubscribe {
    return this.tracker.subscribe(listener);
  }

  async ready(): Result<void> {
    if (this.closed) return E.left(ClusterErrors.closed());
    return this.backend.isAvailable() ? E.right(undefined) : E.left(ClusterErrors.unavailable('backend unavailable'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const detach of this.detach) detach();
    this.listeners.clear();
    this.tracker.set(StoreStatus.Closed, 'closed');
  }

  private async run<T>(operation: () => E.Either<ClusterError, T>): Result<T> {
    if (this.closed) return E.left(ClusterErrors.closed());
    if (!this.backend.isAvailable()) return E.left(ClusterErrors.unavailable('backend unavailable'));
    return operation();
  }
}
