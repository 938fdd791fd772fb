// What a split or merge run does its I/O through: the region map (read, and a fenced
// commit), the registry, the lease, and for splits the provisioner. Plain functions from
// the composition root, so the runs are testable with fakes.
import type { ClusterError, RegionBounds, RegionMapChange, RegionMapRecord } from '@atlas/cluster';
import type * as E from 'fp-ts/lib/Either.js';

/** The steps a plan can stop at (the `step` label of aborted plans). */
export type PlanStep = 'reserve' | 'provision' | 'switch' | 'drain';

/** Why a run stopped before the end; the map is as it was (or as a rollback left it). */
export interface PlanAbort {
  readonly step: PlanStep;
  readonly reason: string;
}

/** What both runs need. */
export interface PlanPorts {
  /** The map version this node applies. */
  map(): RegionMapRecord;
  /** Ids of the servers in the registry (the map drops the others). */
  registered(): ReadonlySet<string>;
  /** Commits under the decider's lease (fenced by its token); this node applies the result at once. */
  commit(expected: number, change: RegionMapChange): Promise<E.Either<ClusterError, RegionMapRecord>>;
  /** Re-reads the store's map (after a refused or unanswered commit). */
  refresh(): Promise<void>;
  /** Whether the decider still holds its lease (checked between steps). */
  isHeld(): boolean;
}

/** What a split also needs. */
export interface SplitPorts extends PlanPorts {
  /** Starts a server named `name` for `bounds` and resolves with its registry id once it is registered and linked (startup_timeout). */
  provision(name: string, bounds: RegionBounds): Promise<E.Either<string, string>>;
  /** Stops a server this node provisioned (graceful, then forced). */
  stop(name: string): Promise<void>;
}

/** What a merge also needs. */
export interface MergePorts extends PlanPorts {
  /** Players the server reports now (its heartbeat load). */
  playersOn(serverId: string): number;
  /** True while this node still has players of the last change to move. */
  rehoming(): boolean;
  /** True when this node provisioned `name` and can stop it. */
  stoppable(name: string): boolean;
  stop(name: string): Promise<void>;
  /** Longest wait for the absorbed server to empty. */
  readonly drainMs: number;
}
