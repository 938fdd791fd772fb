/**
 * Open-addressing hash table from integer cell coordinates to the head of that cell's player
 * list. Typed arrays and linear probing: a move between cells costs two probes and never
 * allocates. Empty cells stay until the next resize, which drops them. Internal.
 */
export class CellTable {
  capacity: number;
  private mask: number;
  cx: Int32Array;
  cy: Int32Array;
  cz: Int32Array;
  /** First player slot in the cell, -1 when empty. */
  head: Int32Array;
  /** Players in the cell. */
  count: Int32Array;
  private used: Uint8Array;
  /** Occupied table slots (cells with or without players). */
  usedCells = 0;
  /** Cells holding at least one player. */
  liveCells = 0;

  constructor(capacity = 64) {
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.cx = new Int32Array(capacity);
    this.cy = new Int32Array(capacity);
    this.cz = new Int32Array(capacity);
    this.head = new Int32Array(capacity).fill(-1);
    this.count = new Int32Array(capacity);
    this.used = new Uint8Array(capacity);
  }

  private hash(ix: number, iy: number, iz: number): number {
    let h = Math.imul(ix, 0x8da6b343) ^ Math.imul(iy, 0xd8163841) ^ Math.imul(iz, 0xcb1ab31f);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h & this.mask;
  }

  /** The table slot of cell (ix, iy, iz), or -1 when the cell was never used. */
  find(ix: number, iy: number, iz: number): number {
    let i = this.hash(ix, iy, iz);
    while (this.used[i] === 1) {
      if (this.cx[i] === ix && this.cy[i] === iy && this.cz[i] === iz) return i;
      i = (i + 1) & this.mask;
    }
    return -1;
  }

  /** The table slot of the cell, creating it. May resize: callers must not hold slots across this call. */
  findOrAdd(ix: number, iy: number, iz: number, remap: (oldToNew: Int32Array) => void): number {
    const found = this.find(ix, iy, iz);
    if (found >= 0) return found;
    if ((this.usedCells + 1) * 2 > this.capacity) {
      this.resize(remap);
    }
    let i = this.hash(ix, iy, iz);
    while (this.used[i] === 1) i = (i + 1) & this.mask;
    this.used[i] = 1;
    this.cx[i] = ix;
    this.cy[i] = iy;
    this.cz[i] = iz;
    this.head[i] = -1;
    this.count[i] = 0;
    this.usedCells += 1;
    return i;
  }

  /** True when slot i holds a cell. */
  isUsed(i: number): boolean {
    return this.used[i] === 1;
  }

  /** Rehashes the cells that hold players into a table sized for them; tells the caller where each went. */
  private resize(remap: (oldToNew: Int32Array) => void): void {
    let capacity = 64;
    while (capacity < (this.liveCells + 1) * 4) capacity *= 2;
    const old = { cx: this.cx, cy: this.cy, cz: this.cz, head: this.head, count: this.count, used: this.used, capacity: this.capacity };
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.cx = new Int32Array(capacity);
    this.cy = new Int32Array(capacity);
    this.cz = new Int32Array(capacity);
    this.head = new Int32Array(capacity).fill(-1);
    this.count = new Int32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.usedCells = 0;
    const oldToNew = new Int32Array(old.capacity).fill(-1);
    for (let i = 0; i < old.capacity; i++) {
      if (old.used[i] !== 1 || old.count[i] === 0) continue;
      const ix = old.cx[i] as number;
      const iy = old.cy[i] as number;
      const iz = old.cz[i] as number;
      let j = this.hash(ix, iy, iz);
      while (this.used[j] === 1) j = (j + 1) & this.mask;
      this.used[j] = 1;
      this.cx[j] = ix;
      this.cy[j] = iy;
      this.cz[j] = iz;
      this.head[j] = old.head[i] as number;
      this.count[j] = old.count[i] as number;
      this.usedCells += 1;
      oldToNew[i] = j;
    }
    remap(oldToNew);
  }

  /** Forgets every cell. */
  clear(): void {
    this.used.fill(0);
    this.head.fill(-1);
    this.count.fill(0);
    this.usedCells = 0;
    this.liveCells = 0;
  }
}
