// Little-endian u32 fields in a byte array, for the binary headers several packages
// write (the crypto frame header and nonce, the delta format's hashes). A DataView
// per call would allocate on paths that run once per frame; these do not.

/** Writes `value` (0..2^32-1) at `offset`, least significant byte first; returns the offset after it. */
export function writeU32LE(out: Uint8Array, offset: number, value: number): number {
  out[offset] = value & 0xff;
  out[offset + 1] = (value >>> 8) & 0xff;
  out[offset + 2] = (value >>> 16) & 0xff;
  out[offset + 3] = (value >>> 24) & 0xff;
  return offset + 4;
}

/** Reads the u32 at `offset`, least significant byte first (the caller checks the length). */
export function readU32LE(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] as number) |
      ((bytes[offset + 1] as number) << 8) |
      ((bytes[offset + 2] as number) << 16) |
      ((bytes[offset + 3] as number) << 24)) >>>
    0
  );
}
