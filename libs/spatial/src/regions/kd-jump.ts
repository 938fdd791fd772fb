import type { IndexedBox } from './kd-tree';

/**
 * A uniform grid over a k-d tree's bounding box whose cells store the deepest tree node that
 * contains the whole cell. A lookup jumps straight there and walks only the last few levels,
 * turning ~log2(n) unpredictable branches into two or three. Points outside the bounding box
 * are rejected at once (no box can own them). Internal.
 */
export interface JumpTable {
  readonly minX: number;
  readonly minY: number;
  readonly minZ: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly maxZ: number;
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  readonly nxy: number;
  readonly invX: number;
  readonly invY: number;
  readonly invZ: number;
  /** Start node per cell, x fastest. */
  readonly start: Int32Array;
}

/** The tree as flat arrays (see KdTree). */
export interface FlatTree {
  readonly axis: Int8Array;
  readonly plane: Float64Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
}

const LEAF = 3;
/** About this many cells per leaf-sized group of boxes; capped to bound memory. */
const CELLS_PER_BOX = 1;
const MAX_CELLS = 1 << 20;

/** Cell counts per axis: roughly cubic cells, about `target` in total; thin axes get one cell. */
function gridShape(extents: readonly number[], target: number): number[] {
  const counts = [1, 1, 1];
  let active = [0, 1, 2].filter((i) => (extents[i] as number) > 0);
  for (let round = 0; round < 3 && active.length > 0; round++) {
    const volume = active.reduce((v, i) => v * (extents[i] as number), 1);
    const size = Math.pow(volume / target, 1 / active.length);
    const thin = active.filter((i) => (extents[i] as number) < size);
    if (thin.length === 0 || thin.length === active.length) {
      for (const i of active) counts[i] = Math.max(1, Math.round((extents[i] as number) / size));
      break;
    }
    active = active.filter((i) => !thin.includes(i));
  }
  return counts;
}

/** Builds the jump table for a tree over `boxes`. */
export function buildJumpTable(boxes: readonly IndexedBox[], tree: FlatTree): JumpTable | undefined {
  if (boxes.length === 0) return undefined;
  let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity; // prettier-ignore
  for (const e of boxes) {
    if (e.minX < minX) minX = e.minX;
    if (e.minY < minY) minY = e.minY;
    if (e.minZ < minZ) minZ = e.minZ;
    if (e.maxX > maxX) maxX = e.maxX;
    if (e.maxY > maxY) maxY = e.maxY;
    if (e.maxZ > maxZ) maxZ = e.maxZ;
  }
  const extents = [maxX - minX, maxY - minY, maxZ - minZ];
  const target = Math.min(MAX_CELLS, Math.max(1, boxes.length * CELLS_PER_BOX));
  const [nx, ny, nz] = gridShape(extents, target) as [number, number, number];
  const sx = (extents[0] as number) / nx;
  const sy = (extents[1] as number) / ny;
  const sz = (extents[2] as number) / nz;
  // Index arithmetic rounds; widen every cell a little so its start node is valid for every
  // point that the lookup's arithmetic maps to it.
  const ex = sx * 1e-7 + (Math.abs(minX) + Math.abs(maxX)) * 1e-14;
  const ey = sy * 1e-7 + (Math.abs(minY) + Math.abs(maxY)) * 1e-14;
  const ez = sz * 1e-7 + (Math.abs(minZ) + Math.abs(maxZ)) * 1e-14;
  const start = new Int32Array(nx * ny * nz);
  const lo = [0, 0, 0];
  const hi = [0, 0, 0];
  for (let iz = 0; iz < nz; iz++) {
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        lo[0] = minX + ix * sx - ex;
        hi[0] = minX + (ix + 1) * sx + ex;
        lo[1] = minY + iy * sy - ey;
        hi[1] = minY + (iy + 1) * sy + ey;
        lo[2] = minZ + iz * sz - ez;
        hi[2] = minZ + (iz + 1) * sz + ez;
        let node = 0;
        for (;;) {
          const ax = tree.axis[node] as number;
          if (ax === LEAF) break;
          const p = tree.plane[node] as number;
          // Every point of the cell is < plane: all go left; all >= plane: all go right.
          if ((hi[ax] as number) < p) node = tree.a[node] as number;
          else if ((lo[ax] as number) >= p) node = tree.b[node] as number;
          else break;
        }
        start[(iz * ny + iy) * nx + ix] = node;
      }
    }
  }
  return { minX, minY, minZ, maxX, maxY, maxZ, nx, ny, nz, nxy: nx * ny, invX: nx / (extents[0] || 1), invY: ny / (extents[1] || 1), invZ: nz / (extents[2] || 1), start };
}
