// A merge: one map version gives the survivor both regions and the absorbed server none;
// every node then moves the absorbed server's players to the survivor (rehomer.ts). Once
// it reports no players (or `drainMs` passed) the absorbed server is stopped, if this node
// provisioned it; otherwise it stays registered without a region (its own provisioner
// stops it when idle).
import * as E from 'fp-ts/lib/Either.js';
import type { Change } from './choose-change';
import { commitStep } from './commit-retry';
import { merge } from './map-changes';
import type { MergePorts, PlanAbort } from './plan-ports';

/** When a merge reached each milestone, in ms since it was decided. */
export interface MergeDone {
  readonly switchedMs: number;
  /** Until the absorbed server reported no players. */
  readonly drainedMs: number;
  readonly stopped: boolean;
}

type Merge = Extract<Change, { kind: 'merge' }>;

/** Runs one merge; Left says at which step it stopped (after `switch` the map has changed). */
export async function runMerge(ports: MergePorts, change: Merge, now: () => number = Date.now): Promise<E.Either<PlanAbort, MergeDone>> {
  const decided = now();
  const { survivor, absorbed, union } = change;
  const switched = await commitStep('switch', ports, (map) => merge(map, ports.registered(), survivor.id, union, absorbed.id), (map) => map.regions[absorbed.id] === null);
  if (E.isLeft(switched)) return switched;
  const switchedMs = now() - decided;
  const deadline = now() + ports.drainMs;
  // The rehomer needs a tick to start, and the server's load a heartbeat to show it.
  await new Promise((r) => setTimeout(r, 100));
  while (now() < deadline && (ports.rehoming() || ports.playersOn(absorbed.id) > 0)) await new Promise((r) => setTimeout(r, 100));
  if (ports.rehoming() || ports.playersOn(absorbed.id) > 0) return E.left({ step: 'drain', reason: `${absorbed.name} still has players after ${ports.drainMs} ms` });
  const drainedMs = now() - decided;
  const stoppable = ports.stoppable(absorbed.name);
  if (stoppable) await ports.stop(absorbed.name);
  return E.right({ switchedMs, drainedMs, stopped: stoppable });
}
