import { withAxis, type Bounds } from '../geometry/bounds';
import type { Axis, ReadonlyVector3 } from '../geometry/vector';

/** Where and how to cut a region, before ids are assigned. Internal. */
export interface SplitCut {
  readonly axis: Axis;
  readonly at: number;
  readonly low: Bounds;
  readonly high: Bounds;
  readonly lowPlayers: number;
  readonly highPlayers: number;
}

/** Median of values (sorted copy; mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Cuts `bounds` at the median of its players on the axis where they are most spread out
 * (ties: x, then y, then z). The plane is clamped so both halves are at least `minSize` wide;
 * an axis too narrow for that yields to the next most spread one. Without players the widest
 * axis is cut in the middle. Undefined when no axis is at least 2 * minSize wide.
 */
export function chooseCut(bounds: Bounds, players: readonly ReadonlyVector3[], minSize: number): SplitCut | undefined {
  const axes: { axis: Axis; spread: number }[] = (['x', 'y', 'z'] as const).map((axis) => {
    if (players.length === 0) return { axis, spread: bounds.max[axis] - bounds.min[axis] };
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of players) {
      lo = Math.min(lo, p[axis]);
      hi = Math.max(hi, p[axis]);
    }
    return { axis, spread: hi - lo };
  });
  // Stable sort keeps x < y < z on equal spread.
  axes.sort((a, b) => b.spread - a.spread);
  for (const { axis } of axes) {
    const min = bounds.min[axis];
    const max = bounds.max[axis];
    const lowest = min + minSize;
    const highest = max - minSize;
    if (lowest > highest) continue;
    const wanted = players.length === 0 ? (min + max) / 2 : median(players.map((p) => p[axis]));
    const at = fitPlane(Math.min(Math.max(wanted, lowest), highest), min, max, minSize);
    if (at === undefined) continue;
    let lowPlayers = 0;
    for (const p of players) if (p[axis] < at) lowPlayers++;
    return {
      axis,
      at,
      low: withAxis(bounds, axis, min, at),
      high: withAxis(bounds, axis, at, max),
      lowPlayers,
      highPlayers: players.length - lowPlayers,
    };
  }
  return undefined;
}

/** One representable step towards -Infinity or +Infinity. */
function step(x: number, direction: -1 | 1): number {
  return x + direction * Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE);
}

/**
 * `min + minSize` and `max - minSize` are rounded, so a clamped plane can leave a half a hair
 * narrower than minSize: nudge it by an ulp or two, or give up when the axis is too narrow.
 */
function fitPlane(at: number, min: number, max: number, minSize: number): number | undefined {
  let plane = at;
  for (let i = 0; i < 8 && max - plane < minSize; i++) plane = step(plane, -1);
  for (let i = 0; i < 8 && plane - min < minSize; i++) plane = step(plane, 1);
  return min < plane && plane < max && plane - min >= minSize && max - plane >= minSize ? plane : undefined;
}
