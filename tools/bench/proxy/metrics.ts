// Reads a node's /metrics: one histogram, so the transfer durations the node itself
// measured (prepare to route switch) can stand beside what clients saw, or one counter's
// sum over the series a filter keeps (the client messages it counted).
import { httpGet } from './processes';

/** Cumulative bucket counts by upper bound (seconds), +Inf included. */
export type Buckets = ReadonlyMap<number, number>;

/** The buckets of histogram `name` (undefined when /metrics does not answer). */
export async function readHistogram(metricsUrl: string, name: string): Promise<Buckets | undefined> {
  const r = await httpGet(metricsUrl, 5000);
  if (r === undefined || r.status !== 200) return undefined;
  const out = new Map<number, number>();
  const re = new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\}\\s+(\\S+)`, 'gm');
  for (const m of r.body.matchAll(re)) {
    const le = m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]);
    out.set(le, (out.get(le) ?? 0) + Number(m[2]));
  }
  return out;
}

/** The sum of counter `name` over the series whose labels `keep` accepts (undefined when /metrics does not answer). */
export async function readCounter(metricsUrl: string, name: string, keep: (labels: string) => boolean): Promise<number | undefined> {
  const r = await httpGet(metricsUrl, 5000);
  if (r === undefined || r.status !== 200) return undefined;
  let sum = 0;
  for (const m of r.body.matchAll(new RegExp(`^${name}\\{([^}]*)\\}\\s+(\\S+)`, 'gm'))) {
    if (keep(m[1] as string)) sum += Number(m[2]);
  }
  return sum;
}

/** The upper bound (ms) of the bucket holding quantile `q` of `after - before`; NaN when empty. */
export function bucketQuantileMs(before: Buckets | undefined, after: Buckets | undefined, q: number): number {
  if (after === undefined) return Number.NaN;
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Number.POSITIVE_INFINITY) ?? 0) - (before?.get(Number.POSITIVE_INFINITY) ?? 0);
  if (total <= 0) return Number.NaN;
  for (const le of bounds) {
    const n = (after.get(le) ?? 0) - (before?.get(le) ?? 0);
    if (n >= q * total) return le * 1000;
  }
  return Number.POSITIVE_INFINITY;
}
