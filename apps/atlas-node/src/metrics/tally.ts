/**
 * Plain-number accumulators for per-message counters. prom-client re-hashes and
 * re-validates the label set on every `inc()`, even through a cached `labels()` child
 * (~300-600 ns); a tally cell is a field add (a few ns), flushed into the real counter
 * when the registry is read (the counter's `collect`).
 */
import type { Counter } from 'prom-client';

/** One label set's pending increments. */
export interface TallyCell {
  pending: number;
}

/** Tally cells keyed by up to two label values, flushed into one prom-client counter. */
export class Tally<L extends string> {
  private readonly cells: Array<{ readonly labels: Partial<Record<L, string>>; readonly cell: TallyCell }> = [];
  private readonly byFirst = new Map<string, Map<string, TallyCell>>();

  constructor(private readonly names: readonly [L] | readonly [L, L]) {}

  /** The cell for these label values (created once, then a two-level map lookup). */
  cell(first: string, second = ''): TallyCell {
    let inner = this.byFirst.get(first);
    if (inner === undefined) {
      inner = new Map();
      this.byFirst.set(first, inner);
    }
    let cell = inner.get(second);
    if (cell === undefined) {
      cell = { pending: 0 };
      inner.set(second, cell);
      const labels: Partial<Record<L, string>> = { [this.names[0]]: first } as Partial<Record<L, string>>;
      if (this.names[1] !== undefined) labels[this.names[1]] = second;
      this.cells.push({ labels, cell });
    }
    return cell;
  }

  /** Moves every pending increment into `counter`. */
  flush(counter: Counter<L>): void {
    for (const { labels, cell } of this.cells) {
      if (cell.pending === 0) continue;
      counter.inc(labels, cell.pending);
      cell.pending = 0;
    }
  }
}
