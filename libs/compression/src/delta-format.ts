// The delta wire format: a header naming the base and the result, then copy/literal/seek
// ops. See README.md "Delta layout".
import { readU32LE, writeU32LE } from '@atlas/common';
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { corrupt, truncated, type CompressionError } from './errors';
import { readVarint, VarintFailure, writeVarint, type Cursor } from './varint';

/** First byte of every delta; bumped if the layout ever changes. */
export const DELTA_FORMAT_VERSION = 1;

/** Op codes, in the low two bits of each op's header varint (`length << 2 | op`). */
export const DeltaOp = {
  /** Copy `length` bytes from the base at the base cursor; both cursors advance. */
  Copy: 0,
  /** `length` literal bytes follow; both cursors advance (a replaced run keeps records aligned). */
  Literal: 1,
  /** Move the base cursor by a signed amount (zigzag-encoded in place of the length). */
  Seek: 2,
} as const;

/** One of the `DeltaOp` codes. */
export type DeltaOp = (typeof DeltaOp)[keyof typeof DeltaOp];

/** Upper bound of the header's size: version, two 5-byte varints, two 4-byte hashes. */
export const DELTA_HEADER_MAX_BYTES = 19;

/** What a delta says about the base it needs and the snapshot it produces. */
export interface DeltaHeader {
  /** Format version (1). */
  readonly version: number;
  /** Length of the base snapshot the delta was made against. */
  readonly baseLength: number;
  /** FNV-1a 32 of that base. */
  readonly baseHash: number;
  /** Length of the snapshot the delta produces. */
  readonly targetLength: number;
  /** FNV-1a 32 of that snapshot (checked after applying). */
  readonly targetHash: number;
  /** Where the ops start. */
  readonly opsOffset: number;
}

/** Writes the header at offset 0; returns its length. */
export function writeDeltaHeader(
  out: Uint8Array,
  baseLength: number,
  baseHash: number,
  targetLength: number,
  targetHash: number,
): number {
  out[0] = DELTA_FORMAT_VERSION;
  let offset = writeVarint(out, 1, baseLength);
  offset = writeU32LE(out, offset, baseHash);
  offset = writeVarint(out, offset, targetLength);
  return writeU32LE(out, offset, targetHash);
}

const cursor: Cursor = { offset: 0 };

/** Reads and checks a delta's header (version and field bounds; not the base). Never throws. */
export function readDeltaHeader(delta: Uint8Array): Either<CompressionError, DeltaHeader> {
  if (delta.length === 0) return left(truncated('delta', 0, 'the version byte'));
  const version = delta[0] as number;
  if (version !== DELTA_FORMAT_VERSION) {
    return left({
      kind: 'unsupported-version',
      version,
      offset: 0,
      message: `delta: format version ${version} is not supported (expected ${DELTA_FORMAT_VERSION})`,
    });
  }
  cursor.offset = 1;
  const baseLength = readVarint(delta, cursor);
  if (baseLength < 0) return left(varintError(baseLength, 1, 'the base length'));
  if (delta.length - cursor.offset < 4) return left(truncated('delta', cursor.offset, 'the base hash'));
  const baseHash = readU32LE(delta, cursor.offset);
  const targetAt = (cursor.offset += 4);
  const targetLength = readVarint(delta, cursor);
  if (targetLength < 0) return left(varintError(targetLength, targetAt, 'the target length'));
  if (delta.length - cursor.offset < 4) return left(truncated('delta', cursor.offset, 'the target hash'));
  const targetHash = readU32LE(delta, cursor.offset);
  return right({ version, baseLength, baseHash, targetLength, targetHash, opsOffset: cursor.offset + 4 });
}

/** The error for a negative `readVarint` result. */
export function varintError(failure: number, offset: number, what: string): CompressionError {
  return failure === VarintFailure.Truncated
    ? truncated('delta', offset, what)
    : corrupt('delta', offset, `${what} is a varint longer than 5 bytes`);
}
