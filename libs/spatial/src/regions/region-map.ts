import * as E from 'fp-ts/lib/Either.js';
import { checkDistanceLimit, checkNonNegative, type InvalidVectorError, type SpatialError, type UnknownRegionError } from '../errors';
import { contactOf, distanceToBounds } from '../geometry/bounds';
import { checkVec3, type ReadonlyVector3 } from '../geometry/vector';
import type { NearestBest } from './kd-tree';
import type { Neighbour, NeighbourContact, Ownership, Region, RegionDistance, RegionInput, RegionMetadata, RegionPatch } from './region';
import { findBatchOverlap, prepareBatch } from './region-batch';
import { RegionEntry } from './region-entry';
import { RegionIndex } from './region-index';
import { validateRegion } from './region-validation';

/** What a point in a gap between regions resolves to. */
export type GapPolicy = 'unowned' | 'nearest';

/** Region map settings. */
export interface RegionMapOptions {
  /** `unowned` (default): a point in a gap has no owner. `nearest`: the closest region owns it. */
  readonly gap?: GapPolicy;
  /** With `gap: 'nearest'`, regions farther than this never own a gap point (default Infinity). */
  readonly maxNearestDistance?: number;
}

/** Shared and frozen, like each entry's `owned`: a gap lookup answers without allocating. */
const UNOWNED: E.Either<never, Ownership<never>> = Object.freeze(E.right(Object.freeze({ kind: 'unowned' } as const)));

const CONTACT_RANK: Record<NeighbourContact, number> = { face: 1, edge: 2, corner: 3 };

function unknownRegion(id: string): UnknownRegionError {
  return { kind: 'unknown-region', id, message: `Unknown region ${id}` };
}

/**
 * Non-overlapping regions with exact ownership and an O(log n) owner lookup (a k-d tree over
 * region faces; see README "Why a k-d tree"). Every mutation is validated first and either
 * applies fully or not at all, so a refused input never leaves the index half-changed.
 */
export class RegionMap<M = RegionMetadata> {
  private readonly entries = new Map<string, RegionEntry<M>>();
  private readonly index = new RegionIndex<RegionEntry<M>>();
  private readonly scratch: RegionEntry<M>[] = [];
  private readonly best: NearestBest<RegionEntry<M>> = { box: undefined, distanceSq: 0 };
  private readonly gap: GapPolicy;
  private readonly maxNearestDistance: number;

  /** Use `createRegionMap` for validated options; the constructor trusts them. */
  constructor(options: RegionMapOptions = {}) {
    this.gap = options.gap ?? 'unowned';
    this.maxNearestDistance = options.maxNearestDistance ?? Infinity;
  }

  /** Number of regions. */
  get size(): number {
    return this.entries.size;
  }

  /** True when a region with this id exists. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The region with this id. */
  get(id: string): Region<M> | undefined {
    return this.entries.get(id)?.region;
  }

  /** All regions, sorted by id. */
  list(): Region<M>[] {
    return [...this.entries.values()].map((e) => e.region).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Adds a region; refuses invalid data, a taken id, or bounds sharing volume with another region. */
  add(input: RegionInput<M>): E.Either<SpatialError, Region<M>> {
    const region = validateRegion(input);
    if (E.isLeft(region)) return region;
    if (this.entries.has(region.right.id)) {
      return E.left({ kind: 'duplicate-region', id: region.right.id, message: `Region ${region.right.id} already exists` });
    }
    const overlap = this.findOverlap(region.right, undefined);
    if (overlap) return E.left(overlap);
    this.insertEntry(new RegionEntry(region.right));
    return E.right(region.right);
  }

  /**
   * Adds many regions atomically: all of them, or none (the same first problem `add` one by one
   * would report). Large batches are checked against one tree built for the batch: O(n log n).
   */
  addAll(inputs: readonly RegionInput<M>[]): E.Either<SpatialError, Region<M>[]> {
    if (inputs.length < 64) return this.addEach(inputs);
    const { entries, firstError } = prepareBatch(inputs, (id) => this.entries.has(id));
    const overlap = findBatchOverlap(entries, this.index, (region) => this.findOverlap(region, undefined));
    if (overlap) return E.left(overlap);
    if (firstError) return E.left(firstError);
    for (const e of entries) this.entries.set(e.id, e);
    this.index.insertMany(entries);
    return E.right(entries.map((e) => e.region));
  }

  private addEach(inputs: readonly RegionInput<M>[]): E.Either<SpatialError, Region<M>[]> {
    const added: Region<M>[] = [];
    for (const input of inputs) {
      const result = this.add(input);
      if (E.isLeft(result)) {
        for (const region of added) this.remove(region.id);
        return result;
      }
      added.push(result.right);
    }
    return E.right(added);
  }

  /** Removes a region and returns it. */
  remove(id: string): E.Either<UnknownRegionError, Region<M>> {
    const entry = this.entries.get(id);
    if (!entry) return E.left(unknownRegion(id));
    this.entries.delete(id);
    this.index.remove(entry);
    return E.right(entry.region);
  }

  /** Changes a region's bounds, owner or metadata atomically (same checks as `add`). */
  update(id: string, patch: RegionPatch<M>): E.Either<SpatialError, Region<M>> {
    const entry = this.entries.get(id);
    if (!entry) return E.left(unknownRegion(id));
    const old = entry.region;
    const region = validateRegion<M>({
      id,
      bounds: patch.bounds ?? old.bounds,
      owner: patch.owner ?? old.owner,
      metadata: 'metadata' in patch ? patch.metadata : old.metadata,
    });
    if (E.isLeft(region)) return region;
    if (patch.bounds === undefined) {
      entry.replace(region.right);
      return E.right(region.right);
    }
    const overlap = this.findOverlap(region.right, id);
    if (overlap) return E.left(overlap);
    // A fresh entry: the old one may still sit (dead) in a tree and must never come back to life.
    this.index.remove(entry);
    this.insertEntry(new RegionEntry(region.right));
    return E.right(region.right);
  }

  /** Removes every region. */
  clear(): void {
    this.entries.clear();
    this.index.clear();
  }

  /** Rebuilds the index into its fastest shape now (it also does so by itself, amortised over lookups). */
  compact(): void {
    this.index.compact();
  }

  /** The hot-path lookup: the region owning p under the half-open rule, or undefined (gap, NaN). No allocation. */
  ownerAt(p: ReadonlyVector3): Region<M> | undefined {
    return this.index.findContaining(p.x, p.y, p.z)?.region;
  }

  /** Validated lookup: owned, nearest (when the gap policy says so; overridable per call), or unowned. */
  lookup(p: ReadonlyVector3, gap: GapPolicy = this.gap): E.Either<InvalidVectorError, Ownership<M>> {
    const hit = this.index.findContaining(p.x, p.y, p.z);
    if (hit) return hit.owned;
    const problem = checkVec3(p, 'point');
    if (problem) return E.left(problem);
    if (gap === 'unowned') return UNOWNED;
    const near = this.nearest(p, this.maxNearestDistance);
    if (E.isLeft(near) || near.right === undefined) return UNOWNED;
    return E.right({ kind: 'nearest', region: near.right.region, distance: near.right.distance });
  }

  /** The region closest to p (0 when p is inside or on its surface), within maxDistance; ties go to the smaller id. */
  nearest(p: ReadonlyVector3, maxDistance = Infinity): E.Either<SpatialError, RegionDistance<M> | undefined> {
    const problem = checkVec3(p, 'point') ?? checkDistanceLimit('maxDistance', maxDistance);
    if (problem) return E.left(problem);
    const best = this.index.nearest(p.x, p.y, p.z, maxDistance, this.best);
    const box = best.box;
    best.box = undefined;
    return E.right(box ? { region: box.region, distance: distanceToBounds(box.region.bounds, p) } : undefined);
  }

  /** Regions whose closed bounds lie within `distance` of p, nearest first (ties by id). */
  within(p: ReadonlyVector3, distance: number): E.Either<SpatialError, RegionDistance<M>[]> {
    const problem = checkVec3(p, 'point') ?? checkNonNegative('distance', distance);
    if (problem) return E.left(problem);
    const regions: Region<M>[] = [];
    this.collectWithin(p.x, p.y, p.z, distance, regions);
    const found = regions.map((region) => ({ region, distance: distanceToBounds(region.bounds, p) }));
    found.sort((a, b) => a.distance - b.distance || (a.region.id < b.region.id ? -1 : 1));
    return E.right(found);
  }

  /**
   * Regions touching region `id`: `face` = sharing a face only; `edge` (faces or edges);
   * `corner` (default: faces, edges or a single corner point). Sorted by id.
   */
  neighbours(id: string, contact: NeighbourContact = 'corner'): E.Either<UnknownRegionError, Neighbour<M>[]> {
    const entry = this.entries.get(id);
    if (!entry) return E.left(unknownRegion(id));
    const b = entry.region.bounds;
    const found: Neighbour<M>[] = [];
    const candidates = this.index.collect(b.min.x, b.min.y, b.min.z, b.max.x, b.max.y, b.max.z, this.scratch);
    for (const other of candidates) {
      if (other === entry) continue;
      const c = contactOf(b, other.region.bounds);
      if (c === 'face' || c === 'edge' || c === 'corner') {
        if (CONTACT_RANK[c] <= CONTACT_RANK[contact]) found.push({ region: other.region, contact: c });
      }
    }
    candidates.length = 0;
    found.sort((p, q) => (p.region.id < q.region.id ? -1 : 1));
    return E.right(found);
  }

  /**
   * Unvalidated, allocation-free form of `within` for hot paths: replaces the contents of `out`
   * with the regions within `distance` of (x, y, z), in no particular order, and returns the count.
   */
  collectWithin(x: number, y: number, z: number, distance: number, out: Region<M>[]): number {
    out.length = 0;
    // Pad the search box past rounding so it surely holds every region the exact test accepts.
    const pad = distance + (Math.abs(x) + Math.abs(y) + Math.abs(z) + distance) * 1e-15;
    const candidates = this.index.collect(x - pad, y - pad, z - pad, x + pad, y + pad, z + pad, this.scratch);
    for (let i = 0; i < candidates.length; i++) {
      const e = candidates[i] as RegionEntry<M>;
      if (boxDistance(e, x, y, z) <= distance) out.push(e.region);
    }
    candidates.length = 0;
    return out.length;
  }

  private insertEntry(entry: RegionEntry<M>): void {
    this.entries.set(entry.id, entry);
    this.index.insert(entry);
  }

  private findOverlap(region: Region<M>, ignoreId: string | undefined): SpatialError | undefined {
    const b = region.bounds;
    const candidates = this.index.collect(b.min.x, b.min.y, b.min.z, b.max.x, b.max.y, b.max.z, this.scratch);
    let clash: RegionEntry<M> | undefined;
    for (const e of candidates) {
      if (e.id === ignoreId) continue;
      const shares =
        e.minX < b.max.x && b.min.x < e.maxX && e.minY < b.max.y && b.min.y < e.maxY && e.minZ < b.max.z && b.min.z < e.maxZ;
      if (shares && (clash === undefined || e.id < clash.id)) clash = e;
    }
    candidates.length = 0;
    if (!clash) return undefined;
    return { kind: 'region-overlap', id: region.id, overlaps: clash.id, message: `Region ${region.id} overlaps region ${clash.id}` };
  }
}

/** Same value as `distanceToBounds` (hypot: no underflow), so `within` agrees with it exactly. */
function boxDistance(e: RegionEntry<unknown>, x: number, y: number, z: number): number {
  return Math.hypot(
    x < e.minX ? e.minX - x : x > e.maxX ? x - e.maxX : 0,
    y < e.minY ? e.minY - y : y > e.maxY ? y - e.maxY : 0,
    z < e.minZ ? e.minZ - z : z > e.maxZ ? z - e.maxZ : 0,
  );
}
