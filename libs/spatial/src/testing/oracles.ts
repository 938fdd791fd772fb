import * as E from 'fp-ts/lib/Either.js';
import { containsPoint, type Bounds } from '../geometry/bounds';
import type { ReadonlyVector3 } from '../geometry/vector';
import type { TransferDecider } from '../transfer/transfer-decider';

/** Ids of every region whose bounds own p by the half-open rule: a linear-scan oracle. */
export function bruteForceOwners(regions: readonly { readonly id: string; readonly bounds: Bounds }[], p: ReadonlyVector3): string[] {
  return regions.filter((r) => containsPoint(r.bounds, p)).map((r) => r.id);
}

/** One step of a simulated walk. */
export interface SimulatedMove {
  readonly position: ReadonlyVector3;
  readonly velocity?: ReadonlyVector3;
}

/**
 * Feeds a walk through a decider, applying each transfer to the current owner like a node
 * would. Returns the owner after each move and the transfers as [move index, from, to].
 */
export function simulateMoves<M>(
  decider: TransferDecider<M>,
  start: string,
  moves: readonly SimulatedMove[],
): { owners: string[]; transfers: [number, string, string][] } {
  let owner = start;
  const owners: string[] = [];
  const transfers: [number, string, string][] = [];
  moves.forEach((move, i) => {
    const decision = decider.decide(move.position, owner, move.velocity);
    if (E.isLeft(decision)) throw new Error(decision.left.message);
    if (decision.right.kind === 'transfer') {
      transfers.push([i, owner, decision.right.region.id]);
      owner = decision.right.region.id;
    }
    owners.push(owner);
  });
  return { owners, transfers };
}
