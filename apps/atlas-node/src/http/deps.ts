/**
 * What the HTTP layer needs from the node. Node-core builds one `HttpDeps` in the
 * composition root and passes it to `mountHttpRoutes` / `mountAdminRoutes`; tests
 * build one over a MemoryStore (see `createTestDeps` in src/testing/test-deps.ts).
 */
import type { GameServerInfo, RegionMapRecord, ServerRegistry } from '@atlas/cluster';
import type { AtlasConfig } from '@atlas/config';
import type { Logger } from 'winston';
import type { LinkNode } from '../cluster/advertise';
import type { NodeMetrics } from '../metrics/metrics';
import type { NodeTracing } from '../tracing/node-tracing';
import type { NodeSnapshot } from './snapshot';

/** A command for a game server, carried by the heartbeat answer (Horizon's `ServerCommand`, tagged by `type`). */
export type ServerCommand =
  | { readonly type: 'PrepareShutdown'; readonly deadline_secs: number }
  | { readonly type: 'ConfigUpdate'; readonly config: unknown }
  | { readonly type: 'HealthCheck' };

/** Which of this node's players neighbours see as ghosts. */
export interface GhostsView {
  readonly distance: number;
  readonly players: Iterable<{ readonly playerId: string; readonly watchers: readonly string[] }>;
}

/** The node as the HTTP routes see it. */
export interface HttpDeps {
  /** The current configuration (a function, so hot reloads are seen). */
  config(): AtlasConfig;
  /** The cluster's game-server registry; registration writes go here (atomic region claims). */
  readonly servers: ServerRegistry;
  /** Node-local state for `/servers` and the admin map. Called per request: keep it cheap. */
  snapshot(): NodeSnapshot;
  /** True while the node serves its players and accepts new ones (drives `/ready`; see docs/http-api.md for the rule). */
  isReady(): boolean;
  /** Whether `servers.list()` is the last view kept while the cluster store is unreachable (`/servers` marks it). Default: fresh. */
  registryFreshness?(): { readonly stale: boolean; readonly since: number | null };
  readonly metrics: NodeMetrics;
  /** Base logger; the routes log through `logger.child({ component: 'http' })`. */
  readonly logger: Logger;
  /** Commands to hand a game server with its next heartbeat answer (e.g. drain). Default: none. */
  commandsFor?(serverId: string): readonly ServerCommand[];
  /** The server as this node last saw it (cluster view), for answers while the store is unreachable. Default: none. */
  lastKnownServer?(serverId: string): GameServerInfo | undefined;
  /** Spans for registrations. Default: none. */
  readonly tracing?: Pick<NodeTracing, 'registration'>;
  /** This node's players streamed to neighbours as ghosts, and the interest distance (admin map). Default: none. */
  ghosts?(): GhostsView;
  /** A known server registered again (a restart): its link should dial now rather than wait out its backoff. Default: nothing. */
  serverBack?(serverId: string): void;
  /** The region map version this node applies (`/servers` shows each region's version). Default: none (version 0). */
  regionMap?(): RegionMapRecord;
  /** The nodes a game server that dials the nodes links to (registration and heartbeat answers). Default: none. */
  linkNodes?(): readonly LinkNode[];
  /** New server ids. Default: `srv-` + 16 random hex characters. */
  newServerId?(): string;
}
