/**
 * @atlas/spatial/testing: fast-check arbitraries for other packages' tests. Needs `fast-check`
 * (v4) installed as a dev dependency of the consuming package.
 */
export {
  arbBounds,
  arbPointIn,
  arbRegionsWithGaps,
  arbTiledRegions,
  arbTiling,
  arbVector3,
  DEFAULT_WORLD,
  regionsFromBounds,
  tilingProbes,
} from './arbitraries';
export type { CoordinateRange, TilingOptions } from './arbitraries';
export { bruteForceOwners, simulateMoves } from './oracles';
export type { SimulatedMove } from './oracles';
