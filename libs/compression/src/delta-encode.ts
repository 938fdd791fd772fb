// Delta encoder. Snapshots are mostly fixed-size entity records at stable offsets, so the
// encoder walks base and target in step: equal runs become Copy ops, changed runs Literal
// ops (which advance the base cursor too, keeping the records aligned). When an entity was
// inserted or removed the alignment breaks; a hash index of the base then finds where the
// target continues, and a Seek op moves the base cursor there.
import { DELTA_HEADER_MAX_BYTES, DeltaOp, writeDeltaHeader } from './delta-format';
import { fnv1a32 } from './fnv1a';
import { varintLength, writeVarint } from './varint';

/** A positional match shorter than this is cheaper inside the surrounding literal. */
const MIN_COPY = 4;
/** A match elsewhere in the base must be this long to pay for its Seek and Copy ops. */
const MIN_SEEK_MATCH = 16;
/** Base index: 2^16 slots of the last position of each 4-byte hash. */
const INDEX_BITS = 16;
// Bound once: global lookups are slow inside vm contexts such as Jest's.
const { imul, min } = Math;

/** Scratch output kept between calls up to this size; larger deltas get a temporary buffer. */
const RETAINED_SCRATCH_BYTES = 1 << 18;

// One index and one output buffer for the whole process, not one per codec: encoding is
// synchronous, so sharing is safe, and per-connection codecs stay small.
let baseIndex: Int32Array | undefined;
let scratch = new Uint8Array(256);

function hash4(bytes: Uint8Array, at: number): number {
  const word =
    (bytes[at] as number) |
    ((bytes[at + 1] as number) << 8) |
    ((bytes[at + 2] as number) << 16) |
    ((bytes[at + 3] as number) << 24);
  return imul(word, 0x9e3779b1) >>> (32 - INDEX_BITS);
}

function matchLength(a: Uint8Array, i: number, b: Uint8Array, j: number): number {
  const max = min(a.length - i, b.length - j);
  let m = 0;
  while (m < max && a[i + m] === b[j + m]) m++;
  return m;
}

/**
 * Encodes `target` as a delta against `base`. The result is never longer than the target
 * plus a header of at most 24 bytes: when ops would be larger, one Literal op carries it all.
 */
export function encodeDeltaWith(base: Uint8Array, target: Uint8Array): Uint8Array {
  const baseLength = base.length;
  const targetLength = target.length;
  const literalOnlyBytes = DELTA_HEADER_MAX_BYTES + varintLength(targetLength * 4 + DeltaOp.Literal) + targetLength;
  let out = scratch;
  if (out.length < literalOnlyBytes) {
    out = new Uint8Array(literalOnlyBytes);
    if (literalOnlyBytes <= RETAINED_SCRATCH_BYTES) scratch = out;
  }
  const headerLength = writeDeltaHeader(out, baseLength, fnv1a32(base), targetLength, fnv1a32(target));
  // Ops may use no more room than a single literal would: past that, fall back to it.
  const limit = headerLength + varintLength(targetLength * 4 + DeltaOp.Literal) + targetLength;
  let pos = headerLength;
  let overflow = false;
  let indexed = false;

  const emit = (op: DeltaOp, value: number, literalFrom: number): void => {
    const header = value * 4 + op;
    const literalBytes = op === DeltaOp.Literal ? value : 0;
    if (overflow || pos + varintLength(header) + literalBytes > limit) {
      overflow = true;
      return;
    }
    pos = writeVarint(out, pos, header);
    if (literalBytes > 0) {
      out.set(target.subarray(literalFrom, literalFrom + literalBytes), pos);
      pos += literalBytes;
    }
  };

  const findInBase = (i: number): number => {
    baseIndex ??= new Int32Array(1 << INDEX_BITS);
    if (!indexed) {
      baseIndex.fill(-1);
      for (let p = 0; p + 4 <= baseLength; p++) baseIndex[hash4(base, p)] = p;
      indexed = true;
    }
    return baseIndex[hash4(target, i)] as number;
  };

  let i = 0; // target position
  let j = 0; // base cursor
  let literalStart = -1;
  const flushLiteral = (end: number): void => {
    if (literalStart >= 0) emit(DeltaOp.Literal, end - literalStart, literalStart);
    literalStart = -1;
  };

  while (i < targetLength && !overflow) {
    if (j < baseLength && target[i] === base[j]) {
      const m = matchLength(target, i, base, j);
      if (m >= MIN_COPY || i + m === targetLength) {
        flushLiteral(i);
        emit(DeltaOp.Copy, m, 0);
      } else if (literalStart < 0) {
        literalStart = i;
      }
      i += m;
      j += m;
      continue;
    }
    if (targetLength - i >= MIN_SEEK_MATCH && baseLength >= MIN_SEEK_MATCH) {
      const p = findInBase(i);
      if (p >= 0 && p !== j) {
        const m = matchLength(target, i, base, p);
        if (m >= MIN_SEEK_MATCH) {
          flushLiteral(i);
          const shift = p - j;
          emit(DeltaOp.Seek, shift >= 0 ? shift * 2 : -shift * 2 - 1, 0);
          emit(DeltaOp.Copy, m, 0);
          i += m;
          j = p + m;
          continue;
        }
      }
    }
    if (literalStart < 0) literalStart = i;
    i += 1;
    j += 1;
  }
  flushLiteral(targetLength);

  if (overflow) {
    pos = headerLength;
    if (targetLength > 0) {
      pos = writeVarint(out, pos, targetLength * 4 + DeltaOp.Literal);
      out.set(target, pos);
      pos += targetLength;
    }
  }
  return out.slice(0, pos);
}
