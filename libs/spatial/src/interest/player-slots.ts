/**
 * Struct-of-arrays storage for players: position, cell coordinates, table cell and the links of
 * the per-cell list, indexed by slot. Typed arrays keep moves allocation-free; freed slots are
 * reused through a free list threaded through `next`. Internal base of InterestGrid.
 */
export class PlayerSlots<K> {
  protected ids: (K | undefined)[] = [];
  protected px: Float64Array;
  protected py: Float64Array;
  protected pz: Float64Array;
  /** Cell coordinates of the cell the player is linked into. */
  protected cx: Int32Array;
  protected cy: Int32Array;
  protected cz: Int32Array;
  /** Table slot of that cell. */
  protected cell: Int32Array;
  protected next: Int32Array;
  protected prev: Int32Array;
  private freeHead = -1;
  private highWater = 0;

  constructor(capacity: number) {
    this.px = new Float64Array(capacity);
    this.py = new Float64Array(capacity);
    this.pz = new Float64Array(capacity);
    this.cx = new Int32Array(capacity);
    this.cy = new Int32Array(capacity);
    this.cz = new Int32Array(capacity);
    this.cell = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.prev = new Int32Array(capacity);
  }

  /** A free slot for `id` (grows the arrays by doubling when full). */
  protected allocate(id: K): number {
    let slot: number;
    if (this.freeHead !== -1) {
      slot = this.freeHead;
      this.freeHead = this.next[slot] as number;
    } else {
      if (this.highWater === this.px.length) this.grow();
      slot = this.highWater++;
    }
    this.ids[slot] = id;
    return slot;
  }

  /** Returns a slot to the free list (the caller has unlinked it). */
  protected release(slot: number): void {
    this.ids[slot] = undefined;
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
  }

  /** Frees every slot. */
  protected releaseAll(): void {
    this.ids = [];
    this.freeHead = -1;
    this.highWater = 0;
  }

  private grow(): void {
    const n = this.px.length * 2;
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.px = f(this.px);
    this.py = f(this.py);
    this.pz = f(this.pz);
    this.cx = i(this.cx);
    this.cy = i(this.cy);
    this.cz = i(this.cz);
    this.cell = i(this.cell);
    this.next = i(this.next);
    this.prev = i(this.prev);
  }
}
