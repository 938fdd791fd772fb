import type { GameServerInfo } from './server';
import type { NodeInfo } from './node';
import type { RegionMapRecord } from './region-map';

/** How a node record changed. `updated` includes heartbeats (they carry load). */
export type NodeChange = 'joined' | 'updated' | 'failed' | 'left' | 'removed';
/** How a server record changed. */
export type ServerChange = 'registered' | 'updated' | 'failed' | 'deregistered' | 'removed';

/** A change pushed by the store to every subscriber (Redis pub/sub, or the in-process backend). */
export type ClusterEvent =
  | { readonly type: 'node'; readonly change: NodeChange; readonly node: NodeInfo }
  | { readonly type: 'server'; readonly change: ServerChange; readonly server: GameServerInfo }
  | {
      readonly type: 'session';
      readonly change: 'taken_over';
      readonly playerId: string;
      readonly previousNodeId: string;
      readonly nodeId: string;
    }
  /** A new version of the region map was committed. */
  | { readonly type: 'map'; readonly map: RegionMapRecord };

/** Ids the failure detector changed in one sweep. */
export interface SweepResult {
  readonly failedNodes: readonly string[];
  readonly removedNodes: readonly string[];
  readonly failedServers: readonly string[];
  readonly removedServers: readonly string[];
}
