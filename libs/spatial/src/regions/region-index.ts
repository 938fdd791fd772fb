import { closer, KdTree, type IndexedBox, type NearestBest } from './kd-tree';

/** Boxes added since the last tree build, scanned linearly; small so lookups stay fast. */
const BUFFER_SIZE = 8;

/**
 * A dynamic index over disjoint boxes built from static k-d trees with the logarithmic method
 * (Bentley-Saxe): new boxes go to a small buffer; a full buffer is merged with the smaller
 * trees into the next power-of-two level, so an insert costs O(log^2 n) amortised and a bulk
 * load O(n log^2 n) instead of one rebuild per insert. Removal marks a box dead; when dead boxes
 * outnumber live ones, or once lookups have paid for it, everything is compacted into one tree
 * so steady-state lookups are a single O(log n) descent. Internal.
 */
export class RegionIndex<T extends IndexedBox> {
  private buffer: T[] = [];
  /** levels[i] holds at most BUFFER_SIZE * 2^i boxes. */
  private levels: (KdTree<T> | undefined)[] = [];
  /** The non-empty levels, largest first (most lookups hit the big one and stop). */
  private trees: KdTree<T>[] = [];
  private live = 0;
  private queriesSinceCompaction = 0;
  private stampCounter = 0;

  /** Live boxes. */
  get size(): number {
    return this.live;
  }

  /** Indexes a box (the caller has checked it overlaps nothing). */
  insert(box: T): void {
    box.alive = true;
    this.live += 1;
    this.buffer.push(box);
    if (this.buffer.length >= BUFFER_SIZE) this.carry();
  }

  /** Indexes many boxes at once (checked by the caller): one rebuild instead of many carries. */
  insertMany(boxes: readonly T[]): void {
    for (const box of boxes) {
      box.alive = true;
      this.live += 1;
      this.buffer.push(box);
    }
    if (this.buffer.length >= BUFFER_SIZE) this.compact();
  }

  /** A fresh query stamp, shared with callers that query their own trees of the same boxes. */
  nextStamp(): number {
    // Stamps stay small integers; after wrapping, a stale stamp could only equal a long-finished query's.
    this.stampCounter = this.stampCounter >= 0x3fffffff ? 1 : this.stampCounter + 1;
    return this.stampCounter;
  }

  /** Forgets a box (it stays in its tree, dead, until the next rebuild). */
  remove(box: T): void {
    if (!box.alive) return;
    box.alive = false;
    this.live -= 1;
    const i = this.buffer.indexOf(box);
    if (i >= 0) this.buffer.splice(i, 1);
    const dead = this.treeBoxCount() - (this.live - this.buffer.length);
    if (dead > 32 && dead > this.live) this.compact();
  }

  /** Rebuilds everything live into one tree: the fastest shape for lookups (a no-op when already so). */
  compact(): void {
    if (this.buffer.length === 0 && this.trees.length <= 1 && this.treeBoxCount() === this.live) return;
    const all = this.liveBoxes();
    this.buffer = [];
    this.levels = [];
    this.queriesSinceCompaction = 0;
    if (all.length > 0) {
      let level = 0;
      while (BUFFER_SIZE * 2 ** level < all.length) level++;
      this.levels[level] = new KdTree(all);
    }
    this.refreshTrees();
  }

  /** The live box owning the point under the half-open rule. */
  findContaining(x: number, y: number, z: number): T | undefined {
    this.noteQuery();
    const trees = this.trees;
    // Steady state: one tree, nothing buffered.
    if (trees.length === 1 && this.buffer.length === 0) return (trees[0] as KdTree<T>).findContaining(x, y, z);
    for (let t = 0; t < trees.length; t++) {
      const hit = (trees[t] as KdTree<T>).findContaining(x, y, z);
      if (hit) return hit;
    }
    const buffer = this.buffer;
    for (let i = 0; i < buffer.length; i++) {
      const e = buffer[i] as T;
      if (e.minX <= x && x < e.maxX && e.minY <= y && y < e.maxY && e.minZ <= z && z < e.maxZ) return e;
    }
    return undefined;
  }

  /** Appends each live box whose closed box meets the closed query box, once. Returns `out`. */
  collect(minX: number, minY: number, minZ: number, maxX: number, maxY: number, maxZ: number, out: T[]): T[] {
    this.noteQuery();
    const stamp = this.nextStamp();
    for (const tree of this.trees) tree.collect(minX, minY, minZ, maxX, maxY, maxZ, stamp, out);
    for (const e of this.buffer) {
      if (e.minX <= maxX && minX <= e.maxX && e.minY <= maxY && minY <= e.maxY && e.minZ <= maxZ && minZ <= e.maxZ) {
        out.push(e);
      }
    }
    return out;
  }

  /** The live box nearest to the point within `maxDistance` (closed boxes; ties go to the smaller id). */
  nearest(x: number, y: number, z: number, maxDistance: number, best: NearestBest<T>): NearestBest<T> {
    this.noteQuery();
    best.box = undefined;
    best.distanceSq = maxDistance * maxDistance;
    for (const tree of this.trees) tree.nearest(x, y, z, best);
    for (const e of this.buffer) {
      const dx = x < e.minX ? e.minX - x : x > e.maxX ? x - e.maxX : 0;
      const dy = y < e.minY ? e.minY - y : y > e.maxY ? y - e.maxY : 0;
      const dz = z < e.minZ ? e.minZ - z : z > e.maxZ ? z - e.maxZ : 0;
      const d = dx * dx + dy * dy + dz * dz;
      if (best.box === undefined ? d <= best.distanceSq : closer(d, e.id, best as NearestBest<IndexedBox>)) {
        best.box = e;
        best.distanceSq = d;
      }
    }
    return best;
  }

  /** Removes everything. */
  clear(): void {
    for (const e of this.liveBoxes()) e.alive = false;
    this.buffer = [];
    this.levels = [];
    this.trees = [];
    this.live = 0;
  }

  /** Binary-counter carry: buffer + levels 0..j-1 become level j (the first empty one); dead boxes drop out. */
  private carry(): void {
    const merged: T[] = this.buffer.filter((e) => e.alive);
    this.buffer = [];
    let j = 0;
    for (let tree = this.levels[j]; tree !== undefined; tree = this.levels[++j]) {
      for (const e of tree.boxes) if (e.alive) merged.push(e);
      this.levels[j] = undefined;
    }
    this.levels[j] = new KdTree(merged);
    this.refreshTrees();
  }

  /** Once lookups since the last compaction outnumber the boxes, one rebuild into a single tree is paid for. */
  private noteQuery(): void {
    this.queriesSinceCompaction += 1;
    if (this.trees.length > 1 && this.queriesSinceCompaction > this.live + 64) this.compact();
  }

  private treeBoxCount(): number {
    let n = 0;
    for (const tree of this.trees) n += tree.boxes.length;
    return n;
  }

  private liveBoxes(): T[] {
    const all: T[] = [];
    for (const tree of this.trees) for (const e of tree.boxes) if (e.alive) all.push(e);
    for (const e of this.buffer) if (e.alive) all.push(e);
    return all;
  }

  private refreshTrees(): void {
    this.trees = this.levels.filter((t): t is KdTree<T> => t !== undefined && t.boxes.length > 0);
    this.trees.sort((p, q) => q.boxes.length - p.boxes.length);
  }
}
