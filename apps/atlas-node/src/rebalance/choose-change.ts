// Which split or merge to make now, if any: the spatial planner proposes (cut at the median
// of the players on their most spread axis; merges of face neighbours whose union is a
// box), and only what has lasted long enough (Heat) is taken. One change at a time.
import type { RegionBounds } from '@atlas/cluster';
import type { RebalanceConfig } from '@atlas/config';
import { planRebalance, type ReadonlyVector3 } from '@atlas/spatial';
import * as E from 'fp-ts/lib/Either.js';
import type { Heat } from './heat';

/** A region the decider may change: an Atlas server on a link that can be told its bounds. */
export interface Candidate {
  readonly id: string;
  readonly name: string;
  readonly bounds: RegionBounds;
  /** Players, as the server reports them. */
  readonly load: number;
}

/** One change. In a split the new server takes `give`, the half with fewer players, so fewer move. */
export type Change =
  | { readonly kind: 'split'; readonly server: Candidate; readonly keep: RegionBounds; readonly give: RegionBounds }
  | { readonly kind: 'merge'; readonly survivor: Candidate; readonly absorbed: Candidate; readonly union: RegionBounds };

/** What the choice looks at. */
export interface ChangeInput {
  readonly candidates: readonly Candidate[];
  /** Player positions this node knows (where to cut). */
  readonly players: readonly ReadonlyVector3[];
  /** Regions the map holds now (candidates or not), against `max_servers`. */
  readonly regionCount: number;
  readonly heat: Heat;
  readonly now: number;
  readonly settings: RebalanceConfig;
  /** Prefer absorbing this server in a merge (one this node provisioned, so it can stop it). */
  readonly stoppable: (name: string) => boolean;
}

/** The change to make now, or undefined. */
export function chooseChange(input: ChangeInput): Change | undefined {
  const { candidates, settings: s, heat, now } = input;
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const planned = planRebalance(
    {
      regions: candidates.map((c) => ({ id: c.id, owner: c.id, bounds: c.bounds, metadata: {} })),
      loads: new Map(candidates.map((c) => [c.id, c.load])),
      players: input.players,
    },
    { splitAbove: s.split_players, mergeBelow: s.merge_players, minRegionSize: s.min_region_size, maxMergedLoad: s.split_players / 2 },
  );
  if (E.isLeft(planned)) return undefined;
  for (const step of planned.right.steps) {
    if (step.kind === 'split') {
      const server = byId.get(step.region);
      if (server === undefined || input.regionCount >= s.max_servers || !heat.hotFor(server.id, s.split_after * 1000, now)) continue;
      const lowMoves = step.lowPlayers < step.highPlayers;
      return { kind: 'split', server, keep: lowMoves ? step.high : step.low, give: lowMoves ? step.low : step.high };
    }
    const keep = byId.get(step.keep);
    const absorb = byId.get(step.absorb);
    if (keep === undefined || absorb === undefined) continue;
    if (!heat.coldFor(keep.id, s.merge_after * 1000, now) || !heat.coldFor(absorb.id, s.merge_after * 1000, now)) continue;
    const swap = input.stoppable(keep.name) && !input.stoppable(absorb.name);
    return { kind: 'merge', survivor: swap ? absorb : keep, absorbed: swap ? keep : absorb, union: step.bounds };
  }
  return undefined;
}
