// What the nodes said about region splits and merges during a run: their `/metrics`
// rebalance series read before and after, and the difference. The node measures each
// milestone from its own decision (the region stayed hot for `split_after`), so these are
// the figures the targets name: decision to ready, to switched, to re-homed.

/** Sums of the rebalance series over every node scraped. */
export interface RebalanceSample {
  /** `split` / `merge` -> changes made. */
  readonly changes: Readonly<Record<string, number>>;
  /** `kind/step` -> plans aborted there. */
  readonly aborted: Readonly<Record<string, number>>;
  /** `kind/milestone` -> seconds summed and observations. */
  readonly seconds: Readonly<Record<string, { readonly sum: number; readonly count: number }>>;
  readonly transfers: number;
}

/** The run's rebalancing, as the report shows it. */
export interface RebalanceReport {
  readonly splits: number;
  readonly merges: number;
  readonly aborted: Readonly<Record<string, number>>;
  /** `kind/milestone` -> mean seconds from the decision (`any/rehomed`: from a node applying the change). */
  readonly meanSeconds: Readonly<Record<string, number>>;
  /** Rebalance transfers the nodes started. */
  readonly transfers: number;
  /** Nodes whose `/metrics` could not be read (their figures are missing). */
  readonly unreadable: readonly string[];
  readonly definition: string;
}

/** How the figures are measured, for the report. */
export const REBALANCE_DEFINITION =
  'From the nodes\' atlas_rebalance_* series, read before and after the run: splits and merges made, plans aborted by step, and mean seconds from the split or merge decision (the load held past split_after / merge_after) to the new server ready, to the map switched, to the absorbed server drained; rehomed is from a node applying the change to its last affected player handed over.';

const LINE = /^(atlas_rebalance_[a-z_]+?)(?:\{([^}]*)\})?\s+(\S+)$/;

function labelsOf(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (text ?? '').matchAll(/(\w+)="([^"]*)"/g)) out[m[1] as string] = m[2] as string;
  return out;
}

/** Reads the rebalance series out of a Prometheus text exposition. */
export function parseRebalance(text: string): RebalanceSample {
  const changes: Record<string, number> = {};
  const aborted: Record<string, number> = {};
  const seconds: Record<string, { sum: number; count: number }> = {};
  let transfers = 0;
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (m === null) continue;
    const [, name, rawLabels, rawValue] = m;
    const value = Number(rawValue);
    if (!Number.isFinite(value)) continue;
    const l = labelsOf(rawLabels);
    if (name === 'atlas_rebalance_changes_total') changes[l['kind'] ?? '?'] = (changes[l['kind'] ?? '?'] ?? 0) + value;
    else if (name === 'atlas_rebalance_aborted_total') aborted[`${l['kind']}/${l['step']}`] = (aborted[`${l['kind']}/${l['step']}`] ?? 0) + value;
    else if (name === 'atlas_rebalance_transfers_total') transfers += value;
    else if (name === 'atlas_rebalance_seconds_sum' || name === 'atlas_rebalance_seconds_count') {
      const key = `${l['kind']}/${l['milestone']}`;
      const entry = (seconds[key] ??= { sum: 0, count: 0 });
      if (name.endsWith('_sum')) entry.sum += value;
      else entry.count += value;
    }
  }
  return { changes, aborted, seconds, transfers };
}

/** Adds two samples (two nodes). */
export function addRebalance(a: RebalanceSample, b: RebalanceSample): RebalanceSample {
  const add = (x: Readonly<Record<string, number>>, y: Readonly<Record<string, number>>): Record<string, number> => {
    const out: Record<string, number> = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const seconds: Record<string, { sum: number; count: number }> = {};
  for (const [k, v] of [...Object.entries(a.seconds), ...Object.entries(b.seconds)]) {
    const e = (seconds[k] ??= { sum: 0, count: 0 });
    e.sum += v.sum;
    e.count += v.count;
  }
  return { changes: add(a.changes, b.changes), aborted: add(a.aborted, b.aborted), seconds, transfers: a.transfers + b.transfers };
}

/** What happened between two samples. */
export function rebalanceReport(before: RebalanceSample, after: RebalanceSample, unreadable: readonly string[]): RebalanceReport {
  const delta = (x: Readonly<Record<string, number>>, y: Readonly<Record<string, number>>): Record<string, number> =>
    Object.fromEntries(Object.entries(y).flatMap(([k, v]) => (v - (x[k] ?? 0) > 0 ? [[k, v - (x[k] ?? 0)]] : [])));
  const meanSeconds: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.seconds)) {
    const was = before.seconds[k] ?? { sum: 0, count: 0 };
    const n = v.count - was.count;
    if (n > 0) meanSeconds[k] = Math.round(((v.sum - was.sum) / n) * 1000) / 1000;
  }
  const changes = delta(before.changes, after.changes);
  return {
    splits: changes['split'] ?? 0,
    merges: changes['merge'] ?? 0,
    aborted: delta(before.aborted, after.aborted),
    meanSeconds,
    transfers: after.transfers - before.transfers,
    unreadable,
    definition: REBALANCE_DEFINITION,
  };
}

/** `ws://host:port/ws` -> `http://host:port/metrics` (one per node). */
export function metricsUrls(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    try {
      const parsed = new URL(u);
      out.add(`${parsed.protocol === 'wss:' ? 'https:' : 'http:'}//${parsed.host}/metrics`);
    } catch {
      // Not a URL: the options check refused it already.
    }
  }
  return [...out];
}

/** Reads and sums every node's rebalance series; nodes that do not answer are listed. */
export async function scrapeRebalance(urls: readonly string[], timeoutMs = 3000): Promise<{ sample: RebalanceSample; unreadable: string[] }> {
  let sample: RebalanceSample = { changes: {}, aborted: {}, seconds: {}, transfers: 0 };
  const unreadable: string[] = [];
  for (const url of metricsUrls(urls)) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      sample = addRebalance(sample, parseRebalance(await res.text()));
    } catch {
      unreadable.push(url);
    }
  }
  return { sample, unreadable };
}
