/** Load of one node or server, in any unit (connections, players, CPU share). */
export interface LoadEntry {
  readonly id: string;
  readonly load: number;
}

/** Thresholds of {@link planRebalance}. */
export interface RebalanceOptions {
  /** Overloaded above `highWater` x average (the original's 1.2). */
  readonly highWater: number;
  /** Stays overloaded until at or below `lowWater` x average (hysteresis). */
  readonly lowWater: number;
  /** No new move from or to an entry this soon after its last one, so moves can take effect. */
  readonly cooldownMs: number;
  /** Below this average load, nothing is worth moving. */
  readonly minAverage: number;
  /** Moves smaller than this are not planned. */
  readonly minMove: number;
}

/** Defaults: 1.2 / 1.05, 30 s cooldown. */
export const DEFAULT_REBALANCE: RebalanceOptions = { highWater: 1.2, lowWater: 1.05, cooldownMs: 30_000, minAverage: 1, minMove: 1 };

/** What the planner remembers between runs (pure: pass it back in). */
export interface RebalanceState {
  readonly overloaded: ReadonlySet<string>;
  readonly lastMoveAt: ReadonlyMap<string, number>;
}

/** Initial {@link RebalanceState}. */
export const EMPTY_REBALANCE_STATE: RebalanceState = { overloaded: new Set(), lastMoveAt: new Map() };

/** Shift `amount` of load from one entry to another. */
export interface RebalanceMove {
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

/** A plan and the state to pass to the next run. */
export interface RebalancePlan {
  readonly average: number;
  readonly moves: readonly RebalanceMove[];
  readonly state: RebalanceState;
}

/**
 * Plans moves from overloaded entries to underloaded ones. An entry becomes overloaded
 * above highWater x average and stays so until it falls to lowWater x average; moves bring
 * a source down to the average and never lift a target above it, so a move cannot create
 * the reverse move; each entry then rests for `cooldownMs`. Deterministic and pure.
 */
export function planRebalance(
  entries: readonly LoadEntry[],
  state: RebalanceState = EMPTY_REBALANCE_STATE,
  now: number = Date.now(),
  options: Partial<RebalanceOptions> = {},
): RebalancePlan {
  const o = { ...DEFAULT_REBALANCE, ...options };
  const valid = entries.filter((e) => Number.isFinite(e.load) && e.load >= 0);
  const average = valid.length === 0 ? 0 : valid.reduce((sum, e) => sum + e.load, 0) / valid.length;
  const lastMoveAt = new Map([...state.lastMoveAt].filter(([, at]) => now - at < o.cooldownMs));
  if (valid.length < 2 || average < o.minAverage) return { average, moves: [], state: { overloaded: new Set(), lastMoveAt } };

  const overloaded = new Set(
    valid
      .filter((e) => e.load > o.highWater * average || (state.overloaded.has(e.id) && e.load > o.lowWater * average))
      .map((e) => e.id),
  );
  const resting = (id: string) => lastMoveAt.has(id);
  const byId = (a: LoadEntry, b: LoadEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sources = valid.filter((e) => overloaded.has(e.id) && !resting(e.id)).sort((a, b) => b.load - a.load || byId(a, b));
  const targets = valid
    .filter((e) => e.load < average && !overloaded.has(e.id) && !resting(e.id))
    .map((e) => ({ id: e.id, load: e.load }))
    .sort((a, b) => a.load - b.load || byId(a, b));

  const moves: RebalanceMove[] = [];
  for (const source of sources) {
    let excess = source.load - average;
    while (excess >= o.minMove) {
      const target = targets[0];
      if (target === undefined) break;
      const amount = Math.min(excess, average - target.load);
      if (amount < o.minMove) {
        targets.shift();
        continue;
      }
      moves.push({ from: source.id, to: target.id, amount });
      excess -= amount;
      target.load += amount;
      lastMoveAt.set(source.id, now).set(target.id, now);
      targets.shift(); // one move per target per run: it rests before taking more
    }
  }
  return { average, moves, state: { overloaded, lastMoveAt } };
}
