/**
 * @atlas/spatial: exact region ownership, transfer decisions, interest queries, split/merge plans.
 * Fallible functions return fp-ts `Either<SpatialError, A>`, the one result type of the repo.
 */

export { SpatialErrorKind } from './errors';
export type {
  BoundsProblem,
  DuplicatePlayerError,
  DuplicateRegionError,
  InvalidBoundsError,
  InvalidOptionError,
  InvalidRegionError,
  InvalidVectorError,
  RegionOverlapError,
  SpatialError,
  UnknownPlayerError,
  UnknownRegionError,
} from './errors';

export {
  AXES,
  checkVec3,
  isFiniteVec3,
  validateVec3,
  vec3,
  vec3Add,
  vec3AddScaled,
  vec3Copy,
  vec3Distance,
  vec3DistanceSq,
  vec3Dot,
  vec3Equals,
  vec3Get,
  vec3Length,
  vec3LengthSq,
  vec3Lerp,
  vec3Normalize,
  vec3Scale,
  vec3Set,
  vec3Sub,
} from './geometry/vector';
export type { Axis, ReadonlyVector3, Vector3 } from './geometry/vector';

export {
  bounds,
  boundsCenter,
  boundsContainsBounds,
  boundsEquals,
  boundsOf,
  boundsOverlap,
  boundsSize,
  boundsUnion,
  boundsVolume,
  checkBounds,
  closestPointInBounds,
  contactOf,
  containsPoint,
  depthInBounds,
  distanceSqToBounds,
  distanceToBounds,
  unionIsBox,
  validateBounds,
} from './geometry/bounds';
export type { Bounds, Contact } from './geometry/bounds';

export { createRegionMap } from './regions/create-region-map';
export { RegionMap } from './regions/region-map';
export type { GapPolicy, RegionMapOptions } from './regions/region-map';
export type {
  Neighbour,
  NeighbourContact,
  Ownership,
  Region,
  RegionDistance,
  RegionInput,
  RegionMetadata,
  RegionPatch,
} from './regions/region';

export { createTransferDecider, TransferDecider } from './transfer/transfer-decider';
export type { TransferDecision, TransferOptions } from './transfer/transfer-decider';

export { createInterestGrid } from './interest/create-interest-grid';
export { InterestGrid } from './interest/interest-grid';
export type { InterestGridOptions, InterestVisitor } from './interest/interest-grid';

export { applyPlan } from './planner/apply-plan';
export { planRebalance } from './planner/plan-rebalance';
export type { RebalanceInput } from './planner/plan-rebalance';
export type { MergeStep, PlanStep, RebalanceOptions, RebalancePlan, SkippedSplit, SplitStep } from './planner/plan';
