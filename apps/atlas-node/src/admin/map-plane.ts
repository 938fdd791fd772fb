/**
 * Which two world axes the admin map draws. A world's regions are cut along the axes
 * the game divides (a 2x2 grid on x/y leaves z one slab for every server), so those are
 * the axes worth seeing; extent only breaks ties, and y goes first on a full tie (y-up
 * worlds are seen from above).
 */
import type { MapPlaneSetting } from '@atlas/config';
import type { Axis, Box3, MapPlane } from './map-contract';

const AXES: readonly Axis[] = ['x', 'y', 'z'];
/** Tie order for dropping an axis: y first, then z, then x. */
const DROP_FIRST: readonly Axis[] = ['y', 'z', 'x'];

/** How many distinct region boundaries lie on `axis` (2 for a single slab, more when it is cut). */
function cuts(regions: readonly Box3[], axis: Axis): number {
  const edges = new Set<number>();
  for (const r of regions) {
    edges.add(r.min[axis]);
    edges.add(r.max[axis]);
  }
  return edges.size;
}

/** The plane to draw: the configured pair, else the two axes the regions divide most (then the largest extents). */
export function chooseMapPlane(setting: MapPlaneSetting, world: Box3, regions: readonly Box3[]): MapPlane {
  if (setting !== 'auto') return { h: setting[0] as Axis, v: setting[1] as Axis };
  const extent = (a: Axis): number => world.max[a] - world.min[a];
  const rank = (a: Axis): readonly number[] => [cuts(regions, a), extent(a), DROP_FIRST.indexOf(a)];
  const dropped = [...AXES].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
    return 0;
  })[0];
  const kept = AXES.filter((a) => a !== dropped);
  return { h: kept[0] as Axis, v: kept[1] as Axis };
}
