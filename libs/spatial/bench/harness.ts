// Shared by the spatial benchmarks (not itself a benchmark: the runner only runs *.bench.ts).
import { freezeBounds, type Bounds } from '../src/geometry/bounds';

/** Repetitions per measurement; the median is reported (override with --runs=N). */
export const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 7);
/** Wall time per repetition in ms (override with --ms=N). */
export const RUN_MS = Number(process.argv.find((a) => a.startsWith('--ms='))?.slice(5) ?? 250);

/** CPU time of this process in ms: other processes on a busy machine do not inflate it as they do wall time. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Runs `batch` (which performs `opsPerBatch` operations) for RUN_MS of CPU time; returns operations per CPU second. */
function once(batch: () => void, opsPerBatch: number): number {
  const start = cpuMs();
  let ops = 0;
  let now = start;
  do {
    batch();
    ops += opsPerBatch;
    now = cpuMs();
  } while (now - start < RUN_MS);
  return (ops * 1000) / (now - start);
}

/** Median of a list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Measures several contenders with interleaved repetitions (A B A B ...) so drift in machine
 * load hits all of them alike; returns the median ops/s of each.
 */
export function compare(contenders: readonly { batch: () => void; ops: number }[]): number[] {
  for (const c of contenders) once(c.batch, c.ops); // warm-up: let the JIT settle
  const samples = contenders.map(() => [] as number[]);
  for (let r = 0; r < RUNS; r++) contenders.forEach((c, i) => (samples[i] as number[]).push(once(c.batch, c.ops)));
  return samples.map(median);
}

/** 12,345,678 -> "12.3 M". */
export function rate(opsPerSecond: number): string {
  if (opsPerSecond >= 1e6) return `${(opsPerSecond / 1e6).toFixed(2)} M`;
  if (opsPerSecond >= 1e3) return `${(opsPerSecond / 1e3).toFixed(1)} k`;
  return opsPerSecond.toFixed(0);
}

/** A markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * A game-like world cut into exactly `n` regions by recursive k-d cuts on the longer horizontal
 * axis, each plane jittered by up to +-30 % so region sizes vary (like a world after splits).
 */
export function tiledWorld(n: number, world: Bounds, random: () => number): Bounds[] {
  const out: Bounds[] = [];
  const cut = (b: Bounds, count: number): void => {
    if (count === 1) {
      out.push(b);
      return;
    }
    const left = count >> 1;
    const axis = b.max.x - b.min.x >= b.max.y - b.min.y ? 'x' : 'y';
    const lo = b.min[axis];
    const hi = b.max[axis];
    const share = (left / count) * (0.7 + 0.6 * random());
    const at = lo + (hi - lo) * Math.min(0.9, Math.max(0.1, share));
    const low = axis === 'x' ? freezeBounds(lo, b.min.y, b.min.z, at, b.max.y, b.max.z) : freezeBounds(b.min.x, lo, b.min.z, b.max.x, at, b.max.z);
    const high = axis === 'x' ? freezeBounds(at, b.min.y, b.min.z, hi, b.max.y, b.max.z) : freezeBounds(b.min.x, at, b.min.z, b.max.x, hi, b.max.z);
    cut(low, left);
    cut(high, count - left);
  };
  cut(world, n);
  return out;
}

/** Machine line for the report. */
export function machine(): string {
  return `Node ${process.version}, ${process.platform}/${process.arch}`;
}
