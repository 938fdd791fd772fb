// A split, step by step: reserve the moved half for a server about to start (so it may
// register over the region's current owner), provision it and wait until it is registered
// and linked, then switch the map (parent keeps one half, the new server owns the other).
// Every node then tells both servers their bounds and re-homes its players (rehomer.ts).
// Whatever fails first (no lease, no server in time, a store that stays away) rolls back:
// the reservation is dropped, the provisioned server stopped, and the old map serves on.
import * as E from 'fp-ts/lib/Either.js';
import type { Change } from './choose-change';
import { commitStep, commitWithRetry } from './commit-retry';
import { reserve, split, unreserve } from './map-changes';
import type { PlanAbort, SplitPorts } from './plan-ports';

/** When a split reached each milestone, in ms since it was decided. */
export interface SplitDone {
  readonly name: string;
  readonly serverId: string;
  readonly readyMs: number;
  readonly switchedMs: number;
}

type Split = Extract<Change, { kind: 'split' }>;

/** Runs one split; Left says at which step it stopped. */
export async function runSplit(ports: SplitPorts, change: Split, now: () => number = Date.now): Promise<E.Either<PlanAbort, SplitDone>> {
  const decided = now();
  const name = `rebalance-v${ports.map().version + 1}`;
  const reserved = await commitStep('reserve', ports, (map) => reserve(map, ports.registered(), name, change.give), (map) => Object.hasOwn(map.reserved, name));
  if (E.isLeft(reserved)) return reserved;

  const rollback = async (): Promise<void> => {
    await ports.stop(name);
    // Best effort: a reservation left behind is dropped by the next decider tick.
    await commitWithRetry(ports, (map) => unreserve(map, ports.registered(), [name]), (map) => !Object.hasOwn(map.reserved, name));
  };

  const started = await ports.provision(name, change.give);
  if (E.isLeft(started) || !ports.isHeld()) {
    await rollback();
    return E.left({ step: 'provision', reason: E.isLeft(started) ? started.left : 'the rebalance lease was lost' });
  }
  const readyMs = now() - decided;
  const childId = started.right;
  const switched = await commitStep(
    'switch',
    ports,
    (map) => split(map, ports.registered(), change.server.id, change.keep, name, childId, change.give),
    (map) => map.regions[childId] !== undefined,
  );
  if (E.isLeft(switched)) {
    await rollback();
    return switched;
  }
  return E.right({ name, serverId: childId, readyMs, switchedMs: now() - decided });
}
