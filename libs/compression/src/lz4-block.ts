// LZ4 through lz4js, in the raw block format: our frame already carries the flag and the
// uncompressed length, so lz4js's own frame (magic, descriptor, block sizes, end mark: 15
// bytes) would only repeat it, and sizing the output from the length keeps lz4js from
// allocating its multi-megabyte bound on every call.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- lz4js ships no types; this carries our ambient declaration to every program that compiles this file
/// <reference path="./lz4js.d.ts" />
import { compressBlock, compressBound, decompressBlock } from 'lz4js';

/** LZ4 match-finder table size fixed by lz4js (16-bit hashes). */
const HASH_ENTRIES = 1 << 16;
/** LZ4 matches are at least this long; the token stores the excess. */
const MIN_MATCH = 4;

/** Scratch output kept between calls up to this size; larger payloads get a temporary buffer. */
const RETAINED_SCRATCH_BYTES = 1 << 18;

// One table and one scratch buffer for the whole process, not one per compressor: a node may
// hold a compressor per connection, and compression is synchronous, so sharing is safe.
let hashTable: Uint32Array | undefined;
let scratch = new Uint8Array(0);

/**
 * Compresses `src` to a raw LZ4 block and returns a view of it, or undefined when LZ4 found
 * nothing to gain. The view is only valid until the next call: copy it out at once.
 */
export function lz4CompressBlock(src: Uint8Array): Uint8Array | undefined {
  const bound = compressBound(src.length);
  let out = scratch;
  if (out.length < bound) {
    out = new Uint8Array(bound);
    if (bound <= RETAINED_SCRATCH_BYTES) scratch = out;
  }
  hashTable ??= new Uint32Array(HASH_ENTRIES);
  // Stale entries could point at the current position (offset 0, an invalid match): clear them.
  hashTable.fill(0);
  const length = compressBlock(src, out, 0, src.length, hashTable);
  return length === 0 ? undefined : out.subarray(0, length);
}

/**
 * Checks that the block `src[start, end)` decodes to exactly `outLength` bytes with every
 * literal inside the input and every match inside the output so far. lz4js's decoder has no
 * bounds checks (a forged match length runs it for up to 255 iterations per input byte,
 * writing past the output); this pass parses the same tokens without copying, and stops as
 * soon as the output would overflow, so its work is bounded by the input length.
 */
export function isValidLz4Block(src: Uint8Array, start: number, end: number, outLength: number): boolean {
  let s = start;
  /** A token's 4-bit length with its extension bytes read (15 says one follows; each 255, another); -1 when the input ends inside them. */
  const lengthFrom = (nibble: number): number => {
    if (nibble !== 15) return nibble;
    let length = nibble;
    let byte: number;
    do {
      if (s >= end) return -1;
      byte = src[s++] as number;
      length += byte;
    } while (byte === 255);
    return length;
  };
  let d = 0;
  while (s < end) {
    const token = src[s++] as number;
    const literals = lengthFrom(token >>> 4);
    if (literals < 0 || literals > end - s) return false;
    s += literals;
    d += literals;
    if (d > outLength) return false;
    if (s >= end) break; // The last sequence is literals only.
    if (end - s < 2) return false;
    const offset = (src[s] as number) | ((src[s + 1] as number) << 8);
    s += 2;
    if (offset === 0 || offset > d) return false;
    const matchLength = lengthFrom(token & 15);
    if (matchLength < 0) return false;
    d += matchLength + MIN_MATCH;
    if (d > outLength) return false;
  }
  return d === outLength;
}

/**
 * Decodes the block `src[start, end)` into a new array of exactly `outLength` bytes, or
 * returns undefined when the block is malformed. Never throws.
 */
export function lz4DecompressBlock(src: Uint8Array, start: number, end: number, outLength: number): Uint8Array | undefined {
  if (!isValidLz4Block(src, start, end, outLength)) return undefined;
  try {
    const out = new Uint8Array(outLength);
    return decompressBlock(src, out, start, end - start, 0) === outLength ? out : undefined;
  } catch {
    return undefined;
  }
}
