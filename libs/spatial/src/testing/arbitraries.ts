import fc from 'fast-check';
import { freezeBounds, type Bounds } from '../geometry/bounds';
import type { Axis, Vector3 } from '../geometry/vector';
import type { RegionInput } from '../regions/region';

/** A range for generated coordinates. */
export interface CoordinateRange {
  readonly min?: number;
  readonly max?: number;
  /** Integers only: makes shared faces and corners likely (default false for vectors). */
  readonly integer?: boolean;
}

/** Finite vectors with coordinates in [min, max] (default [-1000, 1000]). */
export function arbVector3(range: CoordinateRange = {}): fc.Arbitrary<Vector3> {
  const min = range.min ?? -1000;
  const max = range.max ?? 1000;
  const coord = range.integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.record({ x: coord, y: coord, z: coord });
}

/** Valid bounds (min < max on every axis) inside [min, max]. */
export function arbBounds(range: CoordinateRange = {}): fc.Arbitrary<Bounds> {
  const min = range.min ?? -1000;
  const max = range.max ?? 1000;
  const pair = range.integer
    ? fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).filter(([a, b]) => a !== b)
    : fc.tuple(fc.double({ min, max, noNaN: true }), fc.double({ min, max, noNaN: true })).filter(([a, b]) => a !== b);
  return fc.tuple(pair, pair, pair).map(([[x0, x1], [y0, y1], [z0, z1]]) =>
    freezeBounds(Math.min(x0, x1), Math.min(y0, y1), Math.min(z0, z1), Math.max(x0, x1), Math.max(y0, y1), Math.max(z0, z1)),
  );
}

/** Tiling settings. */
export interface TilingOptions {
  /** The box being tiled (default [0, 64) x [0, 64) x [0, 16)). Integer corners. */
  readonly world?: Bounds;
  /** Upper bound on cuts, so on regions - 1 (default 40). */
  readonly maxCuts?: number;
  /** Lower bound on attempted cuts (default 0); a cut of a box 1 unit wide is skipped. */
  readonly minCuts?: number;
}

/** The default world of the arbitraries. */
export const DEFAULT_WORLD: Bounds = freezeBounds(0, 0, 0, 64, 64, 16);

/**
 * Tilings of a world box: random k-d cuts at integer coordinates, so the boxes cover the world
 * exactly with no overlap, and faces, edges and corners are shared in every combination
 * (including T-junctions). Shrinks towards fewer cuts.
 */
export function arbTiling(options: TilingOptions = {}): fc.Arbitrary<Bounds[]> {
  const world = options.world ?? DEFAULT_WORLD;
  const cut = fc.record({
    pick: fc.nat(),
    axis: fc.constantFrom<Axis>('x', 'y', 'z'),
    fraction: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  });
  return fc.array(cut, { minLength: options.minCuts ?? 0, maxLength: Math.max(options.maxCuts ?? 40, options.minCuts ?? 0) }).map((cuts) => {
    const tiles: Bounds[] = [world];
    for (const { pick, axis, fraction } of cuts) {
      const i = pick % tiles.length;
      const tile = tiles[i] as Bounds;
      const lo = tile.min[axis];
      const extent = tile.max[axis] - lo;
      if (extent < 2) continue;
      const at = lo + 1 + Math.floor(fraction * (extent - 1));
      const low = withCut(tile, axis, lo, at);
      const high = withCut(tile, axis, at, tile.max[axis]);
      tiles.splice(i, 1, low, high);
    }
    return tiles;
  });
}

function withCut(b: Bounds, axis: Axis, lo: number, hi: number): Bounds {
  const min = { ...b.min, [axis]: lo };
  const max = { ...b.max, [axis]: hi };
  return freezeBounds(min.x, min.y, min.z, max.x, max.y, max.z);
}

/** Region inputs `r0`, `r1`, ... over the given bounds, owned round-robin by `servers` game servers. */
export function regionsFromBounds(tiles: readonly Bounds[], servers = 3): RegionInput[] {
  return tiles.map((bounds, i) => ({ id: `r${i}`, bounds, owner: `server-${i % servers}`, metadata: { index: i } }));
}

/** A tiling as region inputs. */
export function arbTiledRegions(options: TilingOptions = {}): fc.Arbitrary<RegionInput[]> {
  return arbTiling(options).map((tiles) => regionsFromBounds(tiles));
}

/** A tiling with some regions removed (gaps), as region inputs: for lookup-vs-brute-force tests. */
export function arbRegionsWithGaps(options: TilingOptions = {}): fc.Arbitrary<RegionInput[]> {
  return arbTiling(options)
    .chain((tiles) => fc.tuple(fc.constant(tiles), fc.array(fc.boolean(), { minLength: tiles.length, maxLength: tiles.length })))
    .map(([tiles, keep]) => regionsFromBounds(tiles).filter((_, i) => keep[i]));
}

/** Points inside a box (closed), integer or not. */
export function arbPointIn(b: Bounds, integer = false): fc.Arbitrary<Vector3> {
  const axis = (lo: number, hi: number): fc.Arbitrary<number> =>
    integer ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true });
  return fc.record({ x: axis(b.min.x, b.max.x), y: axis(b.min.y, b.max.y), z: axis(b.min.z, b.max.z) });
}

/**
 * Every corner, edge midpoint, face centre and centre of every box: the points where an
 * ownership rule is most likely to give zero or two owners.
 */
export function tilingProbes(tiles: readonly Bounds[]): Vector3[] {
  const probes: Vector3[] = [];
  for (const b of tiles) {
    const xs = [b.min.x, (b.min.x + b.max.x) / 2, b.max.x];
    const ys = [b.min.y, (b.min.y + b.max.y) / 2, b.max.y];
    const zs = [b.min.z, (b.min.z + b.max.z) / 2, b.max.z];
    for (const x of xs) for (const y of ys) for (const z of zs) probes.push({ x, y, z });
  }
  return probes;
}
