import * as E from 'fp-ts/lib/Either.js';
import { checkNonNegative, type SpatialError, type UnknownRegionError } from '../errors';
import { checkVec3, type ReadonlyVector3 } from '../geometry/vector';
import type { Region, RegionMetadata } from '../regions/region';
import type { RegionMap } from '../regions/region-map';

/** Transfer and preload settings (world units; seconds for `lookahead`). See README "Transfers". */
export interface TransferOptions {
  /** A region within this distance of the player (or of its predicted position) is preloaded. */
  readonly preloadDistance: number;
  /** The handover line: the (predicted) position must be at least this far outside the current region. */
  readonly transferDistance: number;
  /** The dead band: the actual position must be MORE than this outside the current region. Stops ping-pong. */
  readonly hysteresis: number;
  /** Seconds of velocity used to predict the position (default 0.5; 0 ignores velocity). */
  readonly lookahead?: number;
}

/** What to do with a player after a move. */
export type TransferDecision<M = RegionMetadata> =
  | { readonly kind: 'stay' }
  | { readonly kind: 'preload'; readonly regions: readonly Region<M>[] }
  | { readonly kind: 'transfer'; readonly region: Region<M> };

/** Shared and frozen: most moves decide `stay`, and that answer never allocates. */
const STAY: E.Either<never, TransferDecision<never>> = Object.freeze(E.right(Object.freeze({ kind: 'stay' } as const)));

function distSq(b: Region<unknown>['bounds'], x: number, y: number, z: number): number {
  const dx = x < b.min.x ? b.min.x - x : x > b.max.x ? x - b.max.x : 0;
  const dy = y < b.min.y ? b.min.y - y : y > b.max.y ? y - b.max.y : 0;
  const dz = z < b.min.z ? b.min.z - z : z > b.max.z ? z - b.max.z : 0;
  return dx * dx + dy * dy + dz * dz;
}

function depth(b: Region<unknown>['bounds'], x: number, y: number, z: number): number {
  return Math.min(x - b.min.x, b.max.x - x, y - b.min.y, b.max.y - y, z - b.min.z, b.max.z - z);
}

/**
 * Decides, per move, whether a player stays, gets its neighbours preloaded, or is handed over.
 * Stateless apart from scratch space: the caller passes the current owner. A player deep inside
 * its region costs one map lookup by id and six subtractions.
 */
export class TransferDecider<M = RegionMetadata> {
  private readonly preload: number;
  private readonly transfer: number;
  private readonly hysteresis: number;
  private readonly lookahead: number;
  private readonly near: Region<M>[] = [];
  private readonly nearPredicted: Region<M>[] = [];

  /** Use `createTransferDecider` for validated options. */
  constructor(private readonly map: RegionMap<M>, options: TransferOptions) {
    this.preload = options.preloadDistance;
    this.transfer = options.transferDistance;
    this.hysteresis = options.hysteresis;
    this.lookahead = options.lookahead ?? 0.5;
  }

  /**
   * `transfer(N)` when N owns the position, the position is more than `hysteresis` outside the
   * current region and the predicted position at least `transferDistance` outside it; otherwise
   * `preload` with every other region within `preloadDistance` of the position or the predicted
   * position (nearest first, ties by id); otherwise `stay`. Without a current region (new player,
   * or its region was removed) the owner of the position gets it at once.
   */
  decide(
    position: ReadonlyVector3,
    currentRegionId: string | undefined,
    velocity?: ReadonlyVector3,
  ): E.Either<SpatialError, TransferDecision<M>> {
    const problem = checkVec3(position, 'position') ?? (velocity === undefined ? undefined : checkVec3(velocity, 'velocity'));
    if (problem) return E.left(problem);
    const { x, y, z } = position;
    const current = currentRegionId === undefined ? undefined : this.map.get(currentRegionId);
    if (!current) return this.adopt(x, y, z, currentRegionId);
    const b = current.bounds;
    const t = velocity === undefined ? 0 : this.lookahead;
    const fx = velocity === undefined ? x : x + velocity.x * t;
    const fy = velocity === undefined ? y : y + velocity.y * t;
    const fz = velocity === undefined ? z : z + velocity.z * t;
    // Deeper than preloadDistance inside: no other region can be that close (regions never overlap).
    if (depth(b, x, y, z) > this.preload && depth(b, fx, fy, fz) > this.preload) return STAY;

    const outsideSq = distSq(b, x, y, z);
    if (outsideSq > this.hysteresis * this.hysteresis) {
      const owner = this.map.ownerAt(position);
      const predictedOutside = Math.sqrt(distSq(b, fx, fy, fz));
      if (owner && owner.id !== current.id && predictedOutside >= this.transfer) {
        return E.right({ kind: 'transfer', region: owner });
      }
    }
    return this.preloadAround(current.id, x, y, z, fx, fy, fz);
  }

  private preloadAround(currentId: string, x: number, y: number, z: number, fx: number, fy: number, fz: number): E.Either<SpatialError, TransferDecision<M>> {
    const near = this.near;
    this.map.collectWithin(x, y, z, this.preload, near);
    if (fx !== x || fy !== y || fz !== z) {
      this.map.collectWithin(fx, fy, fz, this.preload, this.nearPredicted);
      for (const r of this.nearPredicted) if (!near.includes(r)) near.push(r);
      this.nearPredicted.length = 0;
    }
    const regions: { region: Region<M>; d: number }[] = [];
    for (const r of near) {
      if (r.id === currentId) continue;
      regions.push({ region: r, d: Math.min(distSq(r.bounds, x, y, z), distSq(r.bounds, fx, fy, fz)) });
    }
    near.length = 0;
    if (regions.length === 0) return STAY;
    regions.sort((a, b) => a.d - b.d || (a.region.id < b.region.id ? -1 : 1));
    return E.right({ kind: 'preload', regions: regions.map((r) => r.region) });
  }

  /** No current region: the position's owner (per the map's gap policy) takes the player now. */
  private adopt(x: number, y: number, z: number, missingId: string | undefined): E.Either<SpatialError, TransferDecision<M>> {
    const found = this.map.lookup({ x, y, z });
    if (E.isRight(found) && found.right.kind !== 'unowned') return E.right({ kind: 'transfer', region: found.right.region });
    if (missingId === undefined) return STAY;
    const error: UnknownRegionError = { kind: 'unknown-region', id: missingId, message: `Unknown region ${missingId} and no region owns the position` };
    return E.left(error);
  }
}

/** Creates a transfer decider after validating its options. */
export function createTransferDecider<M = RegionMetadata>(
  map: RegionMap<M>,
  options: TransferOptions,
): E.Either<SpatialError, TransferDecider<M>> {
  const problem =
    checkNonNegative('preloadDistance', options.preloadDistance) ??
    checkNonNegative('transferDistance', options.transferDistance) ??
    checkNonNegative('hysteresis', options.hysteresis) ??
    (options.lookahead === undefined ? undefined : checkNonNegative('lookahead', options.lookahead));
  if (problem) return E.left(problem);
  return E.right(new TransferDecider(map, options));
}
