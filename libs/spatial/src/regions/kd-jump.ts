import type { FlatBox, IndexedBox } from './kd-tree';

/**
 * A uniform grid over a k-d tree's bounding box. Each cell stores the few boxes that meet it
 * (usually one to four), or, where more crowd in, the deepest tree node holding the whole cell.
 * A lookup computes its cell and tests a handful of boxes, or walks only the last levels of the
 * tree: a few branches instead of ~log2(n) unpredictable ones. Points outside the bounding box
 * are rejected at once (no box can own them). Internal.
 */
export interface JumpTable extends FlatBox {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  readonly nxy: number;
  readonly invX: number;
  readonly invY: number;
  readonly invZ: number;
  /** Per cell (x fastest): how many candidates it lists, or -1 to descend from `start`. */
  readonly count: Int8Array;
  /** Per cell: where its candidates begin in `list`. */
  readonly offset: Int32Array;
  /** Per cell: the deepest tree node containing the whole cell. */
  readonly start: Int32Array;
  /** Candidate item indices (into the tree's items and itemBoxes), grouped by cell. */
  readonly list: Int32Array;
}

/** The tree as flat arrays (see KdTree). */
export interface FlatTree {
  readonly axis: Int8Array;
  readonly plane: Float64Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly items: readonly IndexedBox[];
}

const LEAF = 3;
/** A cell meeting more boxes than this falls back to the tree. */
const MAX_LIST = 4;
const MAX_CELLS = 1 << 20;

/**
 * Cell counts per axis, shaped after the boxes rather than the world: an axis that boxes
 * usually span end to end (the height of most game worlds) gets one cell; the others are cut
 * in proportion to how many boxes line up along them, for about `target` cells in all.
 */
function gridShape(boxes: readonly IndexedBox[], extents: readonly number[], target: number): number[] {
  const step = Math.max(1, Math.floor(boxes.length / 1024));
  const ratios = [0, 1, 2].map((ax) => {
    const sizes: number[] = [];
    for (let i = 0; i < boxes.length; i += step) {
      const e = boxes[i] as IndexedBox;
      sizes.push(ax === 0 ? e.maxX - e.minX : ax === 1 ? e.maxY - e.minY : e.maxZ - e.minZ);
    }
    sizes.sort((a, b) => a - b);
    const typical = sizes[sizes.length >> 1] as number;
    return typical > 0 ? (extents[ax] as number) / typical : 1;
  });
  const active = [0, 1, 2].filter((ax) => (ratios[ax] as number) > 1.5);
  const counts = [1, 1, 1];
  if (active.length === 0) return counts;
  const product = active.reduce((p, ax) => p * (ratios[ax] as number), 1);
  const f = Math.pow(target / product, 1 / active.length);
  for (const ax of active) counts[ax] = Math.max(1, Math.min(1 << 16, Math.round((ratios[ax] as number) * f)));
  return counts;
}

/** Builds the jump table for a tree over `boxes`, with about `cellsPerBox` cells per box. */
export function buildJumpTable(boxes: readonly IndexedBox[], tree: FlatTree, cellsPerBox: number): JumpTable | undefined {
  if (boxes.length === 0 || cellsPerBox <= 0) return undefined;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const e of boxes) {
    for (let ax = 0; ax < 3; ax++) {
      lo[ax] = Math.min(lo[ax] as number, ax === 0 ? e.minX : ax === 1 ? e.minY : e.minZ);
      hi[ax] = Math.max(hi[ax] as number, ax === 0 ? e.maxX : ax === 1 ? e.maxY : e.maxZ);
    }
  }
  const [minX, minY, minZ] = lo as [number, number, number];
  const [maxX, maxY, maxZ] = hi as [number, number, number];
  const extents = [maxX - minX, maxY - minY, maxZ - minZ];
  const [nx, ny, nz] = gridShape(boxes, extents, Math.min(MAX_CELLS, Math.max(1, boxes.length * cellsPerBox))) as [number, number, number];
  const size = [(extents[0] as number) / nx, (extents[1] as number) / ny, (extents[2] as number) / nz];
  // Index arithmetic rounds: widen every cell a little so what it stores holds for every point
  // the lookup maps to it; clamp to the bounding box, since points outside it are rejected first.
  const widen = [0, 1, 2].map((ax) => (size[ax] as number) * 1e-7 + (Math.abs(lo[ax] as number) + Math.abs(hi[ax] as number)) * 1e-14);
  const cells = nx * ny * nz;
  const count = new Int8Array(cells);
  const offset = new Int32Array(cells);
  const start = new Int32Array(cells);
  const list: number[] = [];
  const cLo = [0, 0, 0];
  const cHi = [0, 0, 0];
  const index = [0, 0, 0];
  const scratch: Scratch = { found: [], out: [], stack: [] };
  for (let cell = 0; cell < cells; cell++) {
    index[0] = cell % nx;
    index[1] = Math.floor(cell / nx) % ny;
    index[2] = Math.floor(cell / (nx * ny));
    for (let ax = 0; ax < 3; ax++) {
      const base = lo[ax] as number;
      const s = size[ax] as number;
      const i = index[ax] as number;
      cLo[ax] = Math.max(base, base + i * s - (widen[ax] as number));
      cHi[ax] = Math.min(hi[ax] as number, base + (i + 1) * s + (widen[ax] as number));
    }
    let node = 0;
    for (;;) {
      const ax = tree.axis[node] as number;
      if (ax === LEAF) break;
      const p = tree.plane[node] as number;
      // Every point of the cell is < plane: all go left; all >= plane: all go right.
      if ((cHi[ax] as number) < p) node = tree.a[node] as number;
      else if ((cLo[ax] as number) >= p) node = tree.b[node] as number;
      else break;
    }
    start[cell] = node;
    offset[cell] = list.length;
    const found = candidates(tree, node, cLo, cHi, scratch);
    if (found === undefined) count[cell] = -1;
    else {
      count[cell] = found.length;
      for (const item of found) list.push(item);
    }
  }
  const inv = (ax: number, n: number): number => n / ((extents[ax] as number) || 1);
  return { minX, minY, minZ, maxX, maxY, maxZ, nx, ny, nz, nxy: nx * ny, invX: inv(0, nx), invY: inv(1, ny), invZ: inv(2, nz), count, offset, start, list: Int32Array.from(list) };
}

/** Arrays reused across cells (building a table visits up to a million cells). */
interface Scratch {
  readonly found: IndexedBox[];
  readonly out: number[];
  readonly stack: number[];
}

/** Items under `node` whose closed boxes meet the cell, each box once; undefined when more than MAX_LIST. */
function candidates(tree: FlatTree, node: number, lo: readonly number[], hi: readonly number[], scratch: Scratch): number[] | undefined {
  const { found, out, stack } = scratch;
  found.length = 0;
  out.length = 0;
  stack.length = 0;
  stack.push(node);
  while (stack.length > 0) {
    const n = stack.pop() as number;
    const ax = tree.axis[n] as number;
    if (ax !== LEAF) {
      const p = tree.plane[n] as number;
      if ((lo[ax] as number) <= p) stack.push(tree.a[n] as number);
      if ((hi[ax] as number) >= p) stack.push(tree.b[n] as number);
      continue;
    }
    const first = tree.a[n] as number;
    for (let i = first; i < first + (tree.b[n] as number); i++) {
      const e = tree.items[i] as IndexedBox;
      const meets =
        e.minX <= (hi[0] as number) && (lo[0] as number) <= e.maxX &&
        e.minY <= (hi[1] as number) && (lo[1] as number) <= e.maxY &&
        e.minZ <= (hi[2] as number) && (lo[2] as number) <= e.maxZ;
      // A box cut by a plane sits in several leaves: list it once (found stays tiny).
      if (!meets || found.includes(e)) continue;
      found.push(e);
      out.push(i);
      if (out.length > MAX_LIST) return undefined;
    }
  }
  return out;
}
