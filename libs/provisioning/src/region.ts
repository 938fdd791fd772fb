// The unit of provisioning: a named region of the world. Bounds are @atlas/spatial's
// model (half-open boxes), so a provisioned server registers exactly what the map owns.
import type { Bounds, ReadonlyVector3 } from '@atlas/spatial';

/** A region to run one game server for. `name` is what the server registers under. */
export interface ProvisionRegion {
  /** 1-63 characters of [A-Za-z0-9._-]: it becomes a label value under Agones. */
  readonly name: string;
  readonly bounds: Bounds;
}

/** Vertical extent of on-demand cells: cells cut the world in x and y only. */
export const CELL_Z = { min: -1_000_000, max: 1_000_000 } as const;

const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** Whether `name` is usable as a server name and a Kubernetes label value. */
export function isRegionName(name: string): boolean {
  return NAME.test(name);
}

/** The `cellSize` x `cellSize` cell (aligned at 0) holding `position`, named `cell_<i>_<j>`. */
export function cellFor(position: ReadonlyVector3, cellSize: number): ProvisionRegion {
  const i = Math.floor(position.x / cellSize);
  const j = Math.floor(position.y / cellSize);
  return {
    name: `cell_${i}_${j}`.replace(/-/g, 'm'),
    bounds: {
      min: { x: i * cellSize, y: j * cellSize, z: CELL_Z.min },
      max: { x: (i + 1) * cellSize, y: (j + 1) * cellSize, z: CELL_Z.max },
    },
  };
}

/** `minX,minY,minZ,maxX,maxY,maxZ`: the form sim-server's `--region` and the Agones annotation take. */
export function boundsText(bounds: Bounds): string {
  const { min, max } = bounds;
  return [min.x, min.y, min.z, max.x, max.y, max.z].join(',');
}
