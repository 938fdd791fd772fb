// The region a sim-server owns: explicit bounds, or one cell of a square grid world.
import type { Vec3 } from '@atlas/protocol';
import type { Bounds } from '@atlas/spatial';

/** A region with its grid coordinate (0,0,0 for explicit bounds). */
export interface Region {
  readonly bounds: Bounds;
  readonly coord: Vec3;
  readonly center: Vec3;
}

/** Vertical extent of grid cells (the grid is cut in x and y only). */
export const GRID_Z = { min: -1000, max: 1000 } as const;

/** A region from explicit bounds. */
export function regionOf(bounds: Bounds, coord: Vec3 = { x: 0, y: 0, z: 0 }): Region {
  const { min, max } = bounds;
  return { bounds, coord, center: { x: (min.x + max.x) / 2, y: (min.y + max.y) / 2, z: (min.z + max.z) / 2 } };
}

/** Cell (i, j) of a `columns` x `rows` grid over a `size` x `size` world starting at the origin. */
export function gridCell(columns: number, rows: number, i: number, j: number, size: number): Region {
  const w = size / columns;
  const h = size / rows;
  return regionOf({ min: { x: i * w, y: j * h, z: GRID_Z.min }, max: { x: (i + 1) * w, y: (j + 1) * h, z: GRID_Z.max } }, { x: i, y: j, z: 0 });
}
