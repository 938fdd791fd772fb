// Unsigned LEB128: 7 bits per byte, low bits first, high bit set on every byte but the last.

/** The most bytes a varint may take here (35 bits: lengths up to 2^31 shifted left by 2). */
export const MAX_VARINT_BYTES = 5;

// Bound once: global lookups are slow inside vm contexts such as Jest's.
const floor = Math.floor;

/** Sentinel results of `readVarint`. */
export const VarintFailure = { Truncated: -1, TooLong: -2 } as const;

/** Mutable read position, shared so reading allocates nothing. */
export interface Cursor {
  offset: number;
}

/** Bytes `writeVarint` uses for `value` (a non-negative integer below 2^35). */
export function varintLength(value: number): number {
  let n = 1;
  while (value >= 0x80) {
    value = floor(value / 128);
    n += 1;
  }
  return n;
}

/** Writes `value` at `offset`; returns the offset after it. Arithmetic, not bit ops: values may pass 2^31. */
export function writeVarint(out: Uint8Array, offset: number, value: number): number {
  while (value >= 0x80) {
    out[offset++] = (value % 128) | 0x80;
    value = floor(value / 128);
  }
  out[offset++] = value;
  return offset;
}

/**
 * Reads a varint at `cursor.offset` and advances it. Returns the value, or a negative
 * `VarintFailure` (then the cursor is left where the varint started).
 */
export function readVarint(bytes: Uint8Array, cursor: Cursor): number {
  let offset = cursor.offset;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (offset >= bytes.length) return VarintFailure.Truncated;
    const byte = bytes[offset++] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      cursor.offset = offset;
      return value;
    }
    scale *= 128;
  }
  return VarintFailure.TooLong;
}
