/** Field offsets inside a table entry (8 int32s = 32 bytes: two entries per cache line). */
export const CX = 0;
export const CY = 1;
export const CZ = 2;
/** First player slot in the cell, -1 when empty. */
export const HEAD = 3;
/** Players in the cell. */
export const COUNT = 4;
const USED = 5;
const STRIDE = 8;

/**
 * Open-addressing hash table from integer cell coordinates to the head of that cell's player
 * list. One interleaved Int32Array with linear probing: a probe reads one cache line, a move
 * between cells costs two probes and never allocates. A cell is named by its entry's offset in
 * `data`. Empty cells stay until the next resize, which drops them. Internal.
 */
export class CellTable {
  /** Entries, STRIDE int32s each; read fields as data[cell + HEAD] etc. */
  data: Int32Array;
  /** Entries the table can hold. */
  capacity: number;
  private mask: number;
  /** Occupied entries (cells with or without players). */
  usedCells = 0;
  /** Cells holding at least one player. */
  liveCells = 0;

  constructor(capacity = 64) {
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.data = new Int32Array(capacity * STRIDE);
  }

  private hash(ix: number, iy: number, iz: number): number {
    let h = Math.imul(ix, 0x8da6b343) ^ Math.imul(iy, 0xd8163841) ^ Math.imul(iz, 0xcb1ab31f);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h & this.mask;
  }

  /** The cell (entry offset) with these coordinates, or -1 when it was never used. */
  find(ix: number, iy: number, iz: number): number {
    const d = this.data;
    let i = this.hash(ix, iy, iz);
    for (;;) {
      const o = i * STRIDE;
      if (d[o + USED] !== 1) return -1;
      if (d[o + CX] === ix && d[o + CY] === iy && d[o + CZ] === iz) return o;
      i = (i + 1) & this.mask;
    }
  }

  /** The cell with these coordinates, created if needed. May resize: cells held by the caller are then remapped through `remap`. */
  findOrAdd(ix: number, iy: number, iz: number, remap: (oldToNew: Int32Array) => void): number {
    const found = this.find(ix, iy, iz);
    if (found >= 0) return found;
    if ((this.usedCells + 1) * 2 > this.capacity) this.resize(remap);
    const o = this.place(ix, iy, iz);
    this.data[o + HEAD] = -1;
    this.data[o + COUNT] = 0;
    return o;
  }

  /** True when entry `o` (an offset) holds a cell. */
  isUsed(o: number): boolean {
    return this.data[o + USED] === 1;
  }

  /** Offset one past the last entry, for scans over every entry (step STRIDE). */
  get end(): number {
    return this.capacity * STRIDE;
  }

  /** Entry size, for scans over every entry. */
  static readonly STRIDE = STRIDE;

  private place(ix: number, iy: number, iz: number): number {
    const d = this.data;
    let i = this.hash(ix, iy, iz);
    while (d[i * STRIDE + USED] === 1) i = (i + 1) & this.mask;
    const o = i * STRIDE;
    d[o + USED] = 1;
    d[o + CX] = ix;
    d[o + CY] = iy;
    d[o + CZ] = iz;
    this.usedCells += 1;
    return o;
  }

  /** Rehashes the cells that hold players into a table sized for them; `remap` maps old offsets/STRIDE to new offsets. */
  private resize(remap: (oldToNew: Int32Array) => void): void {
    let capacity = 64;
    while (capacity < (this.liveCells + 1) * 4) capacity *= 2;
    const old = this.data;
    const oldCapacity = this.capacity;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.data = new Int32Array(capacity * STRIDE);
    this.usedCells = 0;
    const oldToNew = new Int32Array(oldCapacity).fill(-1);
    for (let i = 0; i < oldCapacity; i++) {
      const o = i * STRIDE;
      if (old[o + USED] !== 1 || old[o + COUNT] === 0) continue;
      const n = this.place(old[o + CX] as number, old[o + CY] as number, old[o + CZ] as number);
      this.data[n + HEAD] = old[o + HEAD] as number;
      this.data[n + COUNT] = old[o + COUNT] as number;
      oldToNew[i] = n;
    }
    remap(oldToNew);
  }

  /** Forgets every cell. */
  clear(): void {
    this.data.fill(0);
    this.usedCells = 0;
    this.liveCells = 0;
  }
}
