// The rebalance series: changes made, plans aborted (by the step they stopped at), and how
// long a change took to reach each milestone. Registered only on a node with rebalancing on.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { PlanStep } from './plan-ports';

const BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

/** What the decider and the rehomer report. */
export class RebalanceMetrics {
  private readonly changes = new Counter({ name: 'atlas_rebalance_changes_total', help: 'Region map changes made by this node as the decider: split, merge.', labelNames: ['kind'] as const, registers: [] });
  private readonly aborted = new Counter({ name: 'atlas_rebalance_aborted_total', help: 'Splits and merges this node gave up, by the step they stopped at (reserve, provision, switch, drain).', labelNames: ['kind', 'step'] as const, registers: [] });
  private readonly seconds = new Histogram({
    name: 'atlas_rebalance_seconds',
    help: 'Seconds from the decision to: ready (the new server registered and linked), switched (the map changed); rehomed: from this node applying a change to its last affected player moved.',
    labelNames: ['kind', 'milestone'] as const,
    buckets: BUCKETS,
    registers: [],
  });
  private readonly rehomed = new Counter({ name: 'atlas_rebalance_transfers_total', help: 'Rebalance transfers this node started after region map changes.', registers: [] });

  constructor(registry: Registry) {
    for (const m of [this.changes, this.aborted, this.seconds, this.rehomed]) registry.registerMetric(m);
  }

  changed(kind: 'split' | 'merge'): void {
    this.changes.labels(kind).inc();
  }

  abort(kind: 'split' | 'merge', step: PlanStep): void {
    this.aborted.labels(kind, step).inc();
  }

  milestone(kind: 'split' | 'merge' | 'any', milestone: 'ready' | 'switched' | 'drained' | 'rehomed', ms: number): void {
    this.seconds.labels(kind, milestone).observe(ms / 1000);
  }

  transfers(n: number): void {
    this.rehomed.inc(n);
  }
}
