// A growable little-endian writer. Encoders write into one reused writer so the hot
// path allocates nothing per message once the buffer has grown to its working size.

const encoder = new TextEncoder();

/** Appends little-endian fields to a reusable, growable buffer. */
export class ByteWriter {
  private buf: Uint8Array;
  private dv: DataView;
  private pos = 0;
  // Frames of one kind often have one size (every PlayerMove is 51 bytes): reuse the view.
  private lastView: Uint8Array | undefined;

  /** `initialCapacity` bytes are allocated up front; the buffer doubles when needed. */
  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.dv = new DataView(this.buf.buffer);
  }

  /** Bytes written since the last reset. */
  get length(): number {
    return this.pos;
  }

  /** Forgets what was written (keeps the buffer); views returned earlier become invalid. */
  reset(): this {
    this.pos = 0;
    return this;
  }

  /** The bytes written so far, as a view of the internal buffer (valid until the next write or reset). */
  view(): Uint8Array {
    const last = this.lastView;
    if (last !== undefined && last.length === this.pos && last.buffer === this.buf.buffer) return last;
    return (this.lastView = this.buf.subarray(0, this.pos));
  }

  /** A copy of the bytes written so far (safe to keep). */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  // Kept out of `ensure` so that `ensure` stays small enough to be inlined everywhere.
  private grow(n: number): void {
    const need = this.pos + n;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** Writes an unsigned byte. */
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /** Writes a little-endian u16. */
  u16(v: number): void {
    this.ensure(2);
    this.dv.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  /** Writes a little-endian u32. */
  u32(v: number): void {
    this.ensure(4);
    this.dv.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  /** Writes a little-endian IEEE-754 single. */
  f32(v: number): void {
    this.ensure(4);
    this.dv.setFloat32(this.pos, v, true);
    this.pos += 4;
  }

  /** Writes a little-endian IEEE-754 double. */
  f64(v: number): void {
    this.ensure(8);
    this.dv.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** Writes raw bytes with no length prefix. */
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Writes a u16 length then the bytes; throws RangeError past 65,535 bytes (a caller bug). */
  bytes16(b: Uint8Array): void {
    if (b.length > 0xffff) throw new RangeError(`byte field of ${b.length} bytes exceeds 65535`);
    this.u16(b.length);
    this.raw(b);
  }

  /** Writes a u32 length then the bytes. */
  bytes32(b: Uint8Array): void {
    this.u32(b.length);
    this.raw(b);
  }

  /** Writes a u16 byte length then the UTF-8 of `s`; throws RangeError past 65,535 bytes (a caller bug). */
  string16(s: string): void {
    this.ensure(2 + s.length * 3);
    const start = this.pos + 2;
    let n: number;
    if (isShortAscii(s)) {
      n = s.length;
      for (let i = 0; i < n; i++) this.buf[start + i] = s.charCodeAt(i);
    } else {
      n = encoder.encodeInto(s, this.buf.subarray(start)).written;
      if (n > 0xffff) throw new RangeError(`string of ${n} UTF-8 bytes exceeds 65535`);
    }
    this.dv.setUint16(this.pos, n, true);
    this.pos = start + n;
  }

  /**
   * Advances over `n` bytes and returns where they start, for fixed-layout writers that
   * fill them through `dataView` (one capacity check instead of one per field).
   */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  /** The DataView over the current buffer (replaced when the buffer grows: re-read it after `reserve`). */
  get dataView(): DataView {
    return this.dv;
  }

  /** Reserves a u32 slot to fill later with `patchU32` (for length prefixes); returns its offset. */
  reserveU32(): number {
    this.ensure(4);
    const at = this.pos;
    this.pos += 4;
    return at;
  }

  /** Overwrites the u16 at `offset` (a slot written earlier). */
  patchU16(offset: number, v: number): void {
    this.dv.setUint16(offset, v, true);
  }

  /** Overwrites the u32 at `offset` (from `reserveU32`). */
  patchU32(offset: number, v: number): void {
    this.dv.setUint32(offset, v, true);
  }
}

/** Short pure-ASCII strings are copied by hand: faster than TextEncoder for ids and tokens. */
function isShortAscii(s: string): boolean {
  if (s.length > 64) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
