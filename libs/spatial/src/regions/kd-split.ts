import type { IndexedBox } from './kd-tree';

/** Lower face of a box on axis 0/1/2. Internal. */
export function lo(e: IndexedBox, axis: number): number {
  return axis === 0 ? e.minX : axis === 1 ? e.minY : e.minZ;
}

/** Upper face of a box on axis 0/1/2. Internal. */
export function hi(e: IndexedBox, axis: number): number {
  return axis === 0 ? e.maxX : axis === 1 ? e.maxY : e.maxZ;
}

/** k-th smallest of values[0..n) (Hoare quickselect, in place). */
function select(values: Float64Array, n: number, k: number): number {
  let left = 0;
  let right = n - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] as number;
}

/** A plane: boxes ending at or before it go left, boxes starting at or after it go right, cut boxes go both ways. */
export interface Split {
  readonly axis: number;
  readonly plane: number;
}

/**
 * Picks a plane among box faces: the median lower face (then the median upper face) on the axis
 * where box centres spread most, then the other axes. Stops at the first plane that cuts no box
 * and leaves no side with more than 3/4 of the boxes, else takes the most balanced one (fewest
 * cut boxes on ties); refuses planes that make no progress or copy too many cut boxes. Undefined means "make a leaf". Internal.
 */
export function chooseSplit(list: readonly IndexedBox[], scratch: Float64Array): Split | undefined {
  const n = list.length;
  const spread = [0, 1, 2].map((axis) => {
    let min = Infinity;
    let max = -Infinity;
    for (const e of list) {
      const c = lo(e, axis) + hi(e, axis);
      if (c < min) min = c;
      if (c > max) max = c;
    }
    return { axis, spread: max - min };
  });
  spread.sort((a, b) => b.spread - a.spread);
  let best: Split | undefined;
  let bestCost = Infinity;
  let bestCut = Infinity;
  for (const { axis } of spread) {
    for (let side = 0; side < 2; side++) {
      for (let i = 0; i < n; i++) scratch[i] = side === 0 ? lo(list[i] as IndexedBox, axis) : hi(list[i] as IndexedBox, axis);
      const plane = select(scratch, n, n >> 1);
      let left = 0;
      let right = 0;
      for (const e of list) {
        if (hi(e, axis) <= plane) left++;
        else if (lo(e, axis) >= plane) right++;
      }
      const cut = n - left - right;
      const leftSize = left + cut;
      const rightSize = right + cut;
      if (leftSize === n || rightSize === n || leftSize + rightSize > n + (n >> 1)) continue;
      const cost = Math.max(leftSize, rightSize);
      if (cost < bestCost || (cost === bestCost && cut < bestCut)) {
        best = { axis, plane };
        bestCost = cost;
        bestCut = cut;
      }
      // A balanced plane that cuts nothing cannot be beaten by much: stop looking.
      if (bestCut === 0 && bestCost * 4 <= n * 3) return best;
    }
  }
  return best;
}
