import { buildJumpTable, type JumpTable } from './kd-jump';
import { chooseSplit, hi, lo } from './kd-split';

/**
 * A static k-d tree over disjoint boxes (a BSP whose planes are box faces). A box that a plane
 * cuts is stored on both sides, so a point lookup follows ONE root-to-leaf path: one comparison
 * per level, no backtracking. Built once per batch of changes by `RegionIndex`. Internal.
 */

/** A box as six flat numbers, what the hot loops compare (no nested vectors to chase). Internal. */
export interface FlatBox {
  readonly minX: number;
  readonly minY: number;
  readonly minZ: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly maxZ: number;
}

/** What the tree stores: a box in flat numbers plus bookkeeping owned by the index. */
export interface IndexedBox extends FlatBox {
  readonly id: string;
  /** False once removed: trees keep dead boxes until the next rebuild and skip them. */
  alive: boolean;
  /** Last query that reported this box: de-duplicates boxes stored on both sides of a plane. */
  stamp: number;
}

/** Build parameters (exposed for the benchmark that picked the defaults). Internal. */
export interface KdTuning {
  readonly leafSize: number;
  readonly cellsPerBox: number;
}
/** Picked by measuring variants on 1,000 and 100,000 jittered tiles (docs/benchmarks/spatial.md). */
export const DEFAULT_TUNING: KdTuning = { leafSize: 2, cellsPerBox: 4 };
/** For throw-away trees that only answer range queries (batch overlap checks): no jump table. */
export const RANGE_ONLY: KdTuning = { leafSize: 4, cellsPerBox: 0 };
const MAX_DEPTH = 48;
const LEAF = 3;

/** Squared distance from a point to a closed box. */
export function boxDistanceSq(e: IndexedBox, x: number, y: number, z: number): number {
  const dx = x < e.minX ? e.minX - x : x > e.maxX ? x - e.maxX : 0;
  const dy = y < e.minY ? e.minY - y : y > e.maxY ? y - e.maxY : 0;
  const dz = z < e.minZ ? e.minZ - z : z > e.maxZ ? z - e.maxZ : 0;
  return dx * dx + dy * dy + dz * dz;
}

/** Result slot for nearest-box searches (reused across calls). */
export interface NearestBest<T extends IndexedBox> {
  box: T | undefined;
  distanceSq: number;
}

/** Tie-break for equal distances: the smaller id wins, so results never depend on insertion order. */
export function closer(distanceSq: number, id: string, best: NearestBest<IndexedBox>): boolean {
  return distanceSq < best.distanceSq || (distanceSq === best.distanceSq && best.box !== undefined && id < best.box.id);
}

export class KdTree<T extends IndexedBox> {
  readonly axis: Int8Array;
  readonly plane: Float64Array;
  /** Left child, or first item for a leaf. */
  readonly a: Int32Array;
  /** Right child, or item count for a leaf. */
  readonly b: Int32Array;
  readonly items: T[];
  /** The boxes the tree was built from (alive or not), each once. */
  readonly boxes: readonly T[];
  private readonly stack: Int32Array;
  private readonly jump: JumpTable | undefined;
  /** Every item's box as six numbers (min x, y, z, max x, y, z): lookups test boxes without touching objects. */
  private readonly itemBoxes: Float64Array;

  constructor(boxes: readonly T[], tuning: KdTuning = DEFAULT_TUNING) {
    this.boxes = boxes;
    const axis: number[] = [];
    const plane: number[] = [];
    const a: number[] = [];
    const b: number[] = [];
    const items: T[] = [];
    const scratch = new Float64Array(Math.max(1, boxes.length));
    let maxDepth = 0;
    const build = (list: readonly T[], depth: number): number => {
      const node = axis.length;
      axis.push(LEAF);
      plane.push(0);
      a.push(0);
      b.push(0);
      maxDepth = Math.max(maxDepth, depth);
      const split = list.length > tuning.leafSize && depth < MAX_DEPTH ? chooseSplit(list, scratch) : undefined;
      if (!split) {
        a[node] = items.length;
        b[node] = list.length;
        for (const e of list) items.push(e);
        return node;
      }
      const left: T[] = [];
      const right: T[] = [];
      for (const e of list) {
        if (hi(e, split.axis) <= split.plane) left.push(e);
        else if (lo(e, split.axis) >= split.plane) right.push(e);
        else {
          left.push(e);
          right.push(e);
        }
      }
      axis[node] = split.axis;
      plane[node] = split.plane;
      a[node] = build(left, depth + 1);
      b[node] = build(right, depth + 1);
      return node;
    };
    build(boxes, 0);
    this.axis = Int8Array.from(axis);
    this.plane = Float64Array.from(plane);
    this.a = Int32Array.from(a);
    this.b = Int32Array.from(b);
    this.items = items;
    this.itemBoxes = new Float64Array(items.length * 6);
    items.forEach((e, i) => this.itemBoxes.set([e.minX, e.minY, e.minZ, e.maxX, e.maxY, e.maxZ], i * 6));
    this.stack = new Int32Array(2 * (maxDepth + 2));
    this.jump = buildJumpTable(boxes, this, tuning.cellsPerBox);
  }

  /** The live box owning (x, y, z) under the half-open rule, if any. One path, no allocation. */
  findContaining(x: number, y: number, z: number): T | undefined {
    const j = this.jump;
    if (!j) return this.descend(0, x, y, z);
    // Outside the bounding box (or NaN): no box can own the point.
    if (!(x >= j.minX && x < j.maxX && y >= j.minY && y < j.maxY && z >= j.minZ && z < j.maxZ)) return undefined;
    const ix = Math.min(j.nx - 1, ((x - j.minX) * j.invX) | 0);
    const iy = Math.min(j.ny - 1, ((y - j.minY) * j.invY) | 0);
    const iz = Math.min(j.nz - 1, ((z - j.minZ) * j.invZ) | 0);
    const cell = iz * j.nxy + iy * j.nx + ix;
    const n = j.count[cell] as number;
    if (n >= 0) {
      // The usual case: the cell meets a few boxes; test them, no descent at all.
      const b = this.itemBoxes;
      for (let k = j.offset[cell] as number, end = k + n; k < end; k++) {
        const item = j.list[k] as number;
        const o = item * 6;
        if ((b[o] as number) <= x && x < (b[o + 3] as number) && (b[o + 1] as number) <= y && y < (b[o + 4] as number) && (b[o + 2] as number) <= z && z < (b[o + 5] as number)) {
          // Dead boxes can overlap live ones (removed, then re-added): keep looking.
          const e = this.items[item] as T;
          if (e.alive) return e;
        }
      }
      return undefined;
    }
    return this.descend(j.start[cell] as number, x, y, z);
  }

  /** Walks from `node` down to a leaf and tests its boxes. */
  private descend(from: number, x: number, y: number, z: number): T | undefined {
    const axis = this.axis;
    const plane = this.plane;
    let node = from;
    let ax = axis[node] as number;
    while (ax !== LEAF) {
      const c = ax === 0 ? x : ax === 1 ? y : z;
      node = c < (plane[node] as number) ? (this.a[node] as number) : (this.b[node] as number);
      ax = axis[node] as number;
    }
    const start = this.a[node] as number;
    const end = start + (this.b[node] as number);
    const items = this.items;
    for (let i = start; i < end; i++) {
      const e = items[i] as T;
      if (e.alive && e.minX <= x && x < e.maxX && e.minY <= y && y < e.maxY && e.minZ <= z && z < e.maxZ) return e;
    }
    return undefined;
  }

  /** Appends to `out` every live box whose closed box meets the closed query box; `stamp` de-duplicates. */
  collect(
    minX: number,
    minY: number,
    minZ: number,
    maxX: number,
    maxY: number,
    maxZ: number,
    stamp: number,
    out: T[],
  ): void {
    const stack = this.stack;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top] as number;
      const ax = this.axis[node] as number;
      if (ax === LEAF) {
        const start = this.a[node] as number;
        const end = start + (this.b[node] as number);
        for (let i = start; i < end; i++) {
          const e = this.items[i] as T;
          if (!e.alive || e.stamp === stamp) continue;
          if (e.minX <= maxX && minX <= e.maxX && e.minY <= maxY && minY <= e.maxY && e.minZ <= maxZ && minZ <= e.maxZ) {
            e.stamp = stamp;
            out.push(e);
          }
        }
        continue;
      }
      const p = this.plane[node] as number;
      const qLo = ax === 0 ? minX : ax === 1 ? minY : minZ;
      const qHi = ax === 0 ? maxX : ax === 1 ? maxY : maxZ;
      // Left boxes end at or before the plane, right boxes start at or after it.
      if (qLo <= p) stack[top++] = this.a[node] as number;
      if (qHi >= p) stack[top++] = this.b[node] as number;
    }
  }

  /** Improves `best` with the live box nearest to (x, y, z) within sqrt(best.distanceSq). */
  nearest(x: number, y: number, z: number, best: NearestBest<T>): void {
    this.nearestFrom(0, x, y, z, best);
  }

  private nearestFrom(node: number, x: number, y: number, z: number, best: NearestBest<T>): void {
    const ax = this.axis[node] as number;
    if (ax === LEAF) {
      const start = this.a[node] as number;
      const end = start + (this.b[node] as number);
      for (let i = start; i < end; i++) {
        const e = this.items[i] as T;
        if (!e.alive) continue;
        const d = boxDistanceSq(e, x, y, z);
        if (best.box === undefined ? d <= best.distanceSq : closer(d, e.id, best as NearestBest<IndexedBox>)) {
          best.box = e;
          best.distanceSq = d;
        }
      }
      return;
    }
    const c = ax === 0 ? x : ax === 1 ? y : z;
    const gap = c - (this.plane[node] as number);
    const near = gap < 0 ? (this.a[node] as number) : (this.b[node] as number);
    const far = gap < 0 ? (this.b[node] as number) : (this.a[node] as number);
    this.nearestFrom(near, x, y, z, best);
    // Every box on the far side is at least |gap| away along this axis.
    if (gap * gap <= best.distanceSq) this.nearestFrom(far, x, y, z, best);
  }
}
