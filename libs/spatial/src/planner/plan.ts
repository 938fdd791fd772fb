import type { Bounds } from '../geometry/bounds';
import type { Axis } from '../geometry/vector';

/** Split/merge thresholds. Loads are whatever unit the caller measures (players, CPU %, msgs/s). */
export interface RebalanceOptions {
  /** A region whose load is above this is split. */
  readonly splitAbove: number;
  /** Two face-adjacent regions whose loads are both below this may merge. Must be <= splitAbove. */
  readonly mergeBelow: number;
  /** Neither half of a split may be narrower than this on the split axis (> 0). */
  readonly minRegionSize: number;
  /** A merge never creates a region with more load than this (default: splitAbove, so it is not split straight back). */
  readonly maxMergedLoad?: number;
}

/** Cut one region in two along a plane; the low half keeps the region's id, owner and metadata. */
export interface SplitStep {
  readonly kind: 'split';
  readonly region: string;
  readonly axis: Axis;
  /** The plane: low = [min, at), high = [at, max) on `axis`. */
  readonly at: number;
  readonly low: Bounds;
  readonly high: Bounds;
  /** Id proposed for the high half (unique among the input regions and this plan). */
  readonly newRegionId: string;
  /** Players of the region on each side of the plane. */
  readonly lowPlayers: number;
  readonly highPlayers: number;
}

/** Join two face-adjacent regions whose union is a box; `keep` (the smaller id) survives with the union. */
export interface MergeStep {
  readonly kind: 'merge';
  readonly keep: string;
  readonly absorb: string;
  readonly bounds: Bounds;
  /** Sum of both loads. */
  readonly load: number;
}

/** One planned change. */
export type PlanStep = SplitStep | MergeStep;

/** An overloaded region that could not be split because every axis is narrower than 2 * minRegionSize. */
export interface SkippedSplit {
  readonly region: string;
  readonly reason: 'min-region-size';
}

/** A deterministic plan: splits (by region id), then merges (least loaded first). Each region appears at most once. */
export interface RebalancePlan {
  readonly steps: readonly PlanStep[];
  readonly skipped: readonly SkippedSplit[];
}
