/**
 * An in-memory `HttpDeps` for tests (this app's and node-core's): a MemoryStore
 * registry, a settable snapshot and readiness, private metrics and captured logs.
 */
import { EMPTY_REGION_MAP, MemoryBackend, type MemoryStore, type RegionMapRecord } from '@atlas/cluster';
import { DEFAULT_CONFIG, type AtlasConfig } from '@atlas/config';
import { captureLogs, type CapturedLogs } from '../logging/capture';
import { NodeMetrics } from '../metrics/metrics';
import type { GhostsView, HttpDeps, ServerCommand } from '../http/deps';
import { emptySnapshot, type NodeSnapshot } from '../http/snapshot';

/** Test deps plus the knobs a test turns. */
export interface TestDeps extends HttpDeps {
  readonly store: MemoryStore;
  readonly backend: MemoryBackend;
  readonly logs: CapturedLogs;
  /** Replaces the config the routes see. */
  setConfig(config: AtlasConfig): void;
  setReady(ready: boolean): void;
  setSnapshot(snapshot: NodeSnapshot): void;
  setCommands(commands: readonly ServerCommand[]): void;
  /** Sets what `ghosts()` returns. */
  setGhosts(ghosts: GhostsView): void;
  /** Sets the region map version `regionMap()` returns. */
  setRegionMap(map: RegionMapRecord): void;
  /** Stops the metrics' event-loop monitor and closes the store. */
  close(): Promise<void>;
}

/** A value the deps read through a getter and a test replaces through a setter. */
function settable<T>(initial: T): { readonly get: () => T; readonly set: (next: T) => void } {
  let value = initial;
  return {
    get: () => value,
    set: (next) => {
      value = next;
    },
  };
}

/** Builds {@link TestDeps}; `config` defaults to DEFAULT_CONFIG with node id `test-node`. */
export function createTestDeps(config?: AtlasConfig): TestDeps {
  const backend = new MemoryBackend();
  const store = backend.createStore();
  const logs = captureLogs();
  const metrics = new NodeMetrics({ defaultMetrics: false });
  const current = settable<AtlasConfig>(config ?? { ...DEFAULT_CONFIG, cluster: { ...DEFAULT_CONFIG.cluster, node_id: 'test-node' } });
  const ready = settable(false);
  const snapshot = settable(emptySnapshot(current.get().cluster.node_id, 0));
  const commands = settable<readonly ServerCommand[]>([]);
  const ghosts = settable<GhostsView>({ distance: 0, players: [] });
  const regionMap = settable<RegionMapRecord>(EMPTY_REGION_MAP);
  let ids = 0;
  return {
    store,
    backend,
    logs,
    servers: store.servers,
    metrics,
    logger: logs.logger,
    config: current.get,
    snapshot: snapshot.get,
    isReady: ready.get,
    commandsFor: commands.get,
    ghosts: ghosts.get,
    regionMap: regionMap.get,
    newServerId: () => `srv-${++ids}`,
    setConfig: current.set,
    setReady: ready.set,
    setSnapshot: snapshot.set,
    setCommands: commands.set,
    setGhosts: ghosts.set,
    setRegionMap: regionMap.set,
    close: async () => {
      metrics.close();
      await store.close();
    },
  };
}
