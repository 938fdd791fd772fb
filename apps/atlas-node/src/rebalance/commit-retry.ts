// A map commit that rides out a short store outage: retried while the store is unreachable
// and the lease is still held, re-reading the version each time (our own write may have
// landed before the reply was lost, in which case the version moved and it is done).
import * as E from 'fp-ts/lib/Either.js';
import { describeClusterError, type RegionMapChange, type RegionMapRecord } from '@atlas/cluster';
import type { PlanAbort, PlanPorts, PlanStep } from './plan-ports';

const ATTEMPTS = 5;
const PAUSE_MS = 200;

/** Commits `make(current map)`; Left with a one-line reason when it did not land. */
export async function commitWithRetry(ports: PlanPorts, make: (map: RegionMapRecord) => RegionMapChange, landed: (map: RegionMapRecord) => boolean): Promise<E.Either<string, RegionMapRecord>> {
  let last = 'not attempted';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (!ports.isHeld()) return E.left('the rebalance lease was lost');
    const map = ports.map();
    if (attempt > 0 && landed(map)) return E.right(map);
    const committed = await ports.commit(map.version, make(map));
    if (E.isRight(committed)) return committed;
    last = describeClusterError(committed.left);
    if (committed.left.kind !== 'unavailable' && committed.left.kind !== 'map_conflict') return E.left(last);
    await new Promise((r) => setTimeout(r, PAUSE_MS));
    await ports.refresh();
  }
  return E.left(last);
}

/** {@link commitWithRetry} as one step of a split or merge: a Left names the step it stopped at. */
export async function commitStep(step: PlanStep, ports: PlanPorts, make: (map: RegionMapRecord) => RegionMapChange, landed: (map: RegionMapRecord) => boolean): Promise<E.Either<PlanAbort, RegionMapRecord>> {
  return E.mapLeft((reason: string): PlanAbort => ({ step, reason }))(await commitWithRetry(ports, make, landed));
}
