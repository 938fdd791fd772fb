import * as E from 'fp-ts/lib/Either.js';
import type { IndexedBox } from './kd-tree';
import type { Ownership, Region } from './region';

/** A region as the index stores it: flat numbers for the hot loops, plus cached results. Internal. */
export class RegionEntry<M> implements IndexedBox {
  readonly id: string;
  readonly minX: number;
  readonly minY: number;
  readonly minZ: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly maxZ: number;
  alive = false;
  stamp = 0;
  region: Region<M>;
  /** The lookup answer for points inside, built once so lookups do not allocate. */
  owned: E.Either<never, Ownership<M>>;

  constructor(region: Region<M>) {
    this.id = region.id;
    this.minX = region.bounds.min.x;
    this.minY = region.bounds.min.y;
    this.minZ = region.bounds.min.z;
    this.maxX = region.bounds.max.x;
    this.maxY = region.bounds.max.y;
    this.maxZ = region.bounds.max.z;
    this.region = region;
    this.owned = RegionEntry.ownedRight(region);
  }

  /** Swaps owner/metadata without touching the index (bounds unchanged). */
  replace(region: Region<M>): void {
    this.region = region;
    this.owned = RegionEntry.ownedRight(region);
  }

  private static ownedRight<M>(region: Region<M>): E.Either<never, Ownership<M>> {
    return Object.freeze(E.right(Object.freeze({ kind: 'owned', region } as const)));
  }
}
