import fc from 'fast-check';
import { EMPTY_REBALANCE_STATE, planRebalance, type LoadEntry, type RebalanceState } from './rebalance';

const loads = fc.array(fc.nat(1000), { minLength: 2, maxLength: 12 }).map((list) => list.map((load, i) => ({ id: `e${i}`, load })));

function apply(entries: readonly LoadEntry[], moves: ReturnType<typeof planRebalance>['moves']): LoadEntry[] {
  const next = new Map(entries.map((e) => [e.id, e.load]));
  for (const m of moves) {
    next.set(m.from, (next.get(m.from) ?? 0) - m.amount);
    next.set(m.to, (next.get(m.to) ?? 0) + m.amount);
  }
  return entries.map((e) => ({ id: e.id, load: next.get(e.id) ?? 0 }));
}

describe('planRebalance', () => {
  it('moves only from overloaded (> 1.2x average) to below-average entries, and never past the average', () => {
    fc.assert(
      fc.property(loads, (entries) => {
        const plan = planRebalance(entries, EMPTY_REBALANCE_STATE, 0);
        const after = apply(entries, plan.moves);
        const before = new Map(entries.map((e) => [e.id, e.load]));
        for (const m of plan.moves) {
          expect((before.get(m.from) ?? 0) > 1.2 * plan.average).toBe(true);
          expect(before.get(m.to) ?? 0).toBeLessThan(plan.average);
          expect(m.amount).toBeGreaterThanOrEqual(1);
        }
        for (const e of after) {
          const wasSource = plan.moves.some((m) => m.from === e.id);
          const wasTarget = plan.moves.some((m) => m.to === e.id);
          expect(wasSource && wasTarget).toBe(false);
          if (wasTarget) expect(e.load).toBeLessThanOrEqual(plan.average + 1e-9);
          if (wasSource) expect(e.load).toBeGreaterThanOrEqual(plan.average - 1e-9);
        }
      }),
    );
  });

  it('loads inside the band never trigger a move', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.85, max: 1.15, noNaN: true }), { minLength: 3, maxLength: 10 }), (factors) => {
        const entries = factors.map((f, i) => ({ id: `e${i}`, load: 100 * f }));
        const avg = entries.reduce((s, e) => s + e.load, 0) / entries.length;
        const plan = planRebalance(entries, EMPTY_REBALANCE_STATE, 0);
        if (entries.every((e) => e.load <= 1.2 * avg)) expect(plan.moves).toEqual([]);
      }),
    );
  });

  it('hysteresis: a load flickering around 1.2x the average gives at most one move per cooldown', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1.1, max: 1.3, noNaN: true }), { minLength: 20, maxLength: 60 }), (flicker) => {
        let state: RebalanceState = EMPTY_REBALANCE_STATE;
        const movesAt: number[] = [];
        flicker.forEach((factor, step) => {
          const now = step * 1000; // a plan per second, 30 s cooldown
          // Three calm entries at 100 and one flickering: its ratio to the average tracks `factor` closely.
          const hot = (300 * factor) / (4 - factor);
          const entries = [{ id: 'hot', load: hot }, ...['a', 'b', 'c'].map((id) => ({ id, load: 100 }))];
          const plan = planRebalance(entries, state, now, { cooldownMs: 30_000 });
          state = plan.state;
          if (plan.moves.some((m) => m.from === 'hot')) movesAt.push(now);
        });
        for (let i = 1; i < movesAt.length; i += 1) expect((movesAt[i] ?? 0) - (movesAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(30_000);
      }),
    );
  });

  it('an entry stays overloaded until it falls to 1.05x the average', () => {
    const at = (hot: number, state: RebalanceState, now: number) =>
      planRebalance([{ id: 'hot', load: hot }, { id: 'a', load: 100 }, { id: 'b', load: 100 }], state, now, { cooldownMs: 10 });
    const first = at(200, EMPTY_REBALANCE_STATE, 0);
    expect(first.state.overloaded.has('hot')).toBe(true);
    expect(at(115, first.state, 100).state.overloaded.has('hot')).toBe(true); // 115 / 105 = 1.095x: still hot
    expect(at(103, first.state, 100).state.overloaded.has('hot')).toBe(false);
  });

  it('does nothing below the minimum average or with a single entry', () => {
    expect(planRebalance([{ id: 'a', load: 0.5 }, { id: 'b', load: 0 }]).moves).toEqual([]);
    expect(planRebalance([{ id: 'a', load: 500 }]).moves).toEqual([]);
  });
});
