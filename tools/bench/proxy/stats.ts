// Medians and spreads over repetitions, and the number formats of the report.

/** Median (the lower middle of an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  return v.length % 2 === 1 ? (v[(v.length - 1) / 2] as number) : ((v[v.length / 2 - 1] as number) + (v[v.length / 2] as number)) / 2;
}

/** Smallest and largest finite value. */
export function range(values: readonly number[]): { min: number; max: number } {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length === 0 ? { min: Number.NaN, max: Number.NaN } : { min: Math.min(...v), max: Math.max(...v) };
}

/** A number with `digits` decimals and thousands separators; "n/a" when not finite. */
export function fmt(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return 'n/a';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "median (min..max)" of repetitions. */
export function spread(values: readonly number[], digits = 0, unit = ''): string {
  const { min, max } = range(values);
  if (!Number.isFinite(min)) return 'n/a';
  return `${fmt(median(values), digits)}${unit} (${fmt(min, digits)}..${fmt(max, digits)})`;
}

/** Ratio `a / b` per repetition (pairs with a missing side are skipped). */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isFinite(x) && Number.isFinite(y) && y !== 0) out.push(x / y);
  }
  return out;
}

/** Difference `a - b` per repetition. */
export function pairedDiffs(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isFinite(x) && Number.isFinite(y)) out.push(x - y);
  }
  return out;
}
