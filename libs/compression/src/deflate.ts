// Raw DEFLATE (RFC 1951, no zlib or gzip wrapper) through fflate: the frame's flag and
// length already do what those wrappers' headers and checksums would.
import { deflateSync, inflateSync } from 'fflate';

/** fflate compression levels: 0 stores, 1 is fastest, 9 is smallest. */
export type DeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** Compresses `src` to a raw DEFLATE stream. */
export function deflateRaw(src: Uint8Array, level: DeflateLevel): Uint8Array {
  return deflateSync(src, { level });
}

/**
 * Inflates `src[start, end)` into exactly `outLength` bytes, or returns undefined when the
 * stream is malformed or does not produce exactly that many bytes. Never throws.
 *
 * fflate writes into a caller-given buffer without growing it, so memory stays at the
 * declared length; one spare byte shows a stream that would have produced more.
 */
export function inflateRaw(src: Uint8Array, start: number, end: number, outLength: number): Uint8Array | undefined {
  try {
    const out = new Uint8Array(outLength + 1);
    const result = inflateSync(src.subarray(start, end), { out });
    return result.length === outLength ? result : undefined;
  } catch {
    return undefined;
  }
}
