import * as E from 'fp-ts/lib/Either.js';
import { checkNonNegative, type SpatialError } from '../errors';
import { checkBounds, type Bounds } from '../geometry/bounds';
import { checkVec3, vec3, vec3Set, type ReadonlyVector3, type Vector3 } from '../geometry/vector';
import { CellTable, COUNT, CX, CY, CZ, HEAD } from './cell-table';
import { PlayerSlots } from './player-slots';
import { rightCount, RIGHT_VOID } from './shared-rights';

/** Interest grid settings. */
export interface InterestGridOptions {
  /** Edge of a cubic cell in world units; about the usual query radius works well. */
  readonly cellSize: number;
  /** Players to allocate room for up front (grows as needed). */
  readonly initialCapacity?: number;
}

/** Called once per player found by a query, with its position as numbers (no object per hit). */
export type InterestVisitor<K> = (id: K, x: number, y: number, z: number) => void;

/** Cell coordinates are clamped here: points farther out share edge cells (slower, still exact). */
const CELL_LIMIT = 1 << 30;

/**
 * Area-of-interest index: a spatial hash of players over uniform cubic cells. Insert, move and
 * remove are O(1) and allocation-free (struct-of-arrays slots, intrusive per-cell lists); radius
 * and bounds queries visit only the cells they cover and write into a caller's array or callback.
 */
export class InterestGrid<K> extends PlayerSlots<K> {
  private readonly inv: number;
  private readonly slots = new Map<K, number>();
  private readonly table = new CellTable();
  private readonly remap = (oldToNew: Int32Array): void => {
    for (const slot of this.slots.values()) this.cell[slot] = oldToNew[(this.cell[slot] as number) / CellTable.STRIDE] as number;
  };

  /** Use `createInterestGrid` for validated options. */
  constructor(readonly options: InterestGridOptions) {
    super(Math.max(16, options.initialCapacity ?? 1024));
    this.inv = 1 / options.cellSize;
  }

  /** Players in the grid. */
  get size(): number {
    return this.slots.size;
  }

  /** True when the player is in the grid. */
  has(id: K): boolean {
    return this.slots.has(id);
  }

  /** The player's last accepted position into `out`, or undefined when unknown. */
  positionOf(id: K, out: Vector3 = vec3()): Vector3 | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : vec3Set(out, this.px[slot] as number, this.py[slot] as number, this.pz[slot] as number);
  }

  /** Adds a player; refuses a known id or a non-finite position. */
  insert(id: K, p: ReadonlyVector3): E.Either<SpatialError, void> {
    if (this.slots.has(id)) return E.left({ kind: 'duplicate-player', id, message: `Player ${String(id)} is already in the grid` });
    const problem = checkVec3(p, 'position');
    if (problem) return E.left(problem);
    const slot = this.allocate(id);
    this.slots.set(id, slot);
    this.place(slot, p.x, p.y, p.z);
    return RIGHT_VOID;
  }

  /** Moves a known player; a refused position leaves it where it was. */
  move(id: K, p: ReadonlyVector3): E.Either<SpatialError, void> {
    const slot = this.slots.get(id);
    if (slot === undefined) return E.left({ kind: 'unknown-player', id, message: `Player ${String(id)} is not in the grid` });
    const problem = checkVec3(p, 'position');
    if (problem) return E.left(problem);
    const ix = this.coord(p.x);
    const iy = this.coord(p.y);
    const iz = this.coord(p.z);
    this.px[slot] = p.x;
    this.py[slot] = p.y;
    this.pz[slot] = p.z;
    // Most moves stay in their cell: no hashing at all.
    if (ix === this.cx[slot] && iy === this.cy[slot] && iz === this.cz[slot]) return RIGHT_VOID;
    this.unlink(slot);
    this.link(slot, ix, iy, iz);
    return RIGHT_VOID;
  }

  /** Inserts or moves. */
  set(id: K, p: ReadonlyVector3): E.Either<SpatialError, void> {
    return this.slots.has(id) ? this.move(id, p) : this.insert(id, p);
  }

  /** Removes a player; false when it was not there. */
  remove(id: K): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.unlink(slot);
    this.slots.delete(id);
    this.release(slot);
    return true;
  }

  /** Removes every player. */
  clear(): void {
    this.slots.clear();
    this.releaseAll();
    this.table.clear();
  }

  /** Replaces `out` with the players within `radius` of `center` (closed ball); returns the count. */
  queryRadius(center: ReadonlyVector3, radius: number, out: K[]): E.Either<SpatialError, number> {
    out.length = 0;
    return this.radiusQuery(center, radius, out, undefined);
  }

  /** Calls `visit` for each player within `radius` of `center` (closed ball); returns the count. */
  forEachInRadius(center: ReadonlyVector3, radius: number, visit: InterestVisitor<K>): E.Either<SpatialError, number> {
    return this.radiusQuery(center, radius, undefined, visit);
  }

  /** Replaces `out` with the players inside `b` under the half-open rule (min <= p < max); returns the count. */
  queryBounds(b: Bounds, out: K[]): E.Either<SpatialError, number> {
    out.length = 0;
    return this.boundsQuery(b, out, undefined);
  }

  /** Calls `visit` for each player inside `b` (half-open, like region ownership); returns the count. */
  forEachInBounds(b: Bounds, visit: InterestVisitor<K>): E.Either<SpatialError, number> {
    return this.boundsQuery(b, undefined, visit);
  }

  private radiusQuery(center: ReadonlyVector3, radius: number, out: K[] | undefined, visit: InterestVisitor<K> | undefined): E.Either<SpatialError, number> {
    const problem = checkVec3(center, 'center') ?? checkNonNegative('radius', radius);
    if (problem) return E.left(problem);
    const { x, y, z } = center;
    // The exact test is dx^2 + dy^2 + dz^2 <= r^2 in doubles; pad the cell range past its rounding
    // (and underflow of tiny squares) so every player that test accepts lies in a scanned cell.
    const pad = radius * (1 + 1e-12) + (Math.abs(x) + Math.abs(y) + Math.abs(z)) * 1e-15 + 1e-150;
    return rightCount(this.scan(true, x, y, z, radius * radius, x - pad, y - pad, z - pad, x + pad, y + pad, z + pad, out, visit));
  }

  private boundsQuery(b: Bounds, out: K[] | undefined, visit: InterestVisitor<K> | undefined): E.Either<SpatialError, number> {
    const problem = checkBounds(b, 'bounds');
    if (problem) return E.left(problem);
    const { min, max } = b;
    return rightCount(this.scan(false, 0, 0, 0, 0, min.x, min.y, min.z, max.x, max.y, max.z, out, visit));
  }

  /**
   * Reports the players of the cells covering the box that pass the exact test (ball or half-open
   * box); returns the count. Everything travels as arguments: no closure, and a visitor that
   * queries the grid again cannot disturb this scan.
   */
  private scan(
    ball: boolean, qx: number, qy: number, qz: number, r2: number,
    minX: number, minY: number, minZ: number, maxX: number, maxY: number, maxZ: number,
    out: K[] | undefined, visit: InterestVisitor<K> | undefined,
  ): number {
    const x0 = this.coord(minX);
    const x1 = this.coord(maxX);
    const y0 = this.coord(minY);
    const y1 = this.coord(maxY);
    const z0 = this.coord(minZ);
    const z1 = this.coord(maxZ);
    const t = this.table;
    let found = 0;
    const cells = (x1 - x0 + 1) * (y1 - y0 + 1) * (z1 - z0 + 1);
    if (cells > t.liveCells) {
      // A query wider than the populated world walks the table instead of empty cells.
      const d = t.data;
      for (let c = 0; c < t.end; c += CellTable.STRIDE) {
        if (!t.isUsed(c) || d[c + COUNT] === 0) continue;
        const cx = d[c + CX] as number;
        const cy = d[c + CY] as number;
        const cz = d[c + CZ] as number;
        if (cx < x0 || cx > x1 || cy < y0 || cy > y1 || cz < z0 || cz > z1) continue;
        found += this.reportCell(c, ball, qx, qy, qz, r2, minX, minY, minZ, maxX, maxY, maxZ, out, visit);
      }
      return found;
    }
    for (let ix = x0; ix <= x1; ix++) {
      for (let iy = y0; iy <= y1; iy++) {
        for (let iz = z0; iz <= z1; iz++) {
          const c = t.find(ix, iy, iz);
          if (c >= 0) found += this.reportCell(c, ball, qx, qy, qz, r2, minX, minY, minZ, maxX, maxY, maxZ, out, visit);
        }
      }
    }
    return found;
  }

  private reportCell(
    c: number, ball: boolean, qx: number, qy: number, qz: number, r2: number,
    minX: number, minY: number, minZ: number, maxX: number, maxY: number, maxZ: number,
    out: K[] | undefined, visit: InterestVisitor<K> | undefined,
  ): number {
    let found = 0;
    for (let s = this.table.data[c + HEAD] as number; s !== -1; s = this.next[s] as number) {
      const x = this.px[s] as number;
      const y = this.py[s] as number;
      const z = this.pz[s] as number;
      if (ball) {
        const dx = x - qx;
        const dy = y - qy;
        const dz = z - qz;
        if (dx * dx + dy * dy + dz * dz > r2) continue;
      } else if (!(minX <= x && x < maxX && minY <= y && y < maxY && minZ <= z && z < maxZ)) {
        continue;
      }
      found++;
      if (out) out.push(this.ids[s] as K);
      else if (visit) visit(this.ids[s] as K, x, y, z);
    }
    return found;
  }

  private coord(v: number): number {
    const c = Math.floor(v * this.inv);
    return c < -CELL_LIMIT ? -CELL_LIMIT : c > CELL_LIMIT ? CELL_LIMIT : c;
  }

  private place(slot: number, x: number, y: number, z: number): void {
    this.px[slot] = x;
    this.py[slot] = y;
    this.pz[slot] = z;
    this.link(slot, this.coord(x), this.coord(y), this.coord(z));
  }

  private link(slot: number, ix: number, iy: number, iz: number): void {
    const t = this.table;
    const c = t.findOrAdd(ix, iy, iz, this.remap);
    this.cx[slot] = ix;
    this.cy[slot] = iy;
    this.cz[slot] = iz;
    this.cell[slot] = c;
    const d = t.data;
    const head = d[c + HEAD] as number;
    this.prev[slot] = -1;
    this.next[slot] = head;
    if (head !== -1) this.prev[head] = slot;
    d[c + HEAD] = slot;
    if (d[c + COUNT] === 0) t.liveCells += 1;
    d[c + COUNT] = (d[c + COUNT] as number) + 1;
  }

  private unlink(slot: number): void {
    const t = this.table;
    const c = this.cell[slot] as number;
    const prev = this.prev[slot] as number;
    const next = this.next[slot] as number;
    const d = t.data;
    if (prev === -1) d[c + HEAD] = next;
    else this.next[prev] = next;
    if (next !== -1) this.prev[next] = prev;
    d[c + COUNT] = (d[c + COUNT] as number) - 1;
    if (d[c + COUNT] === 0) t.liveCells -= 1;
  }
}
