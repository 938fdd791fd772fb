// The compressed frame: one flag byte, then (for lz4/deflate) the payload length as a
// varint, then the body. See README.md "Frame layout".
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { algorithmOfFlag, type CompressionAlgorithm } from './algorithm';
import { corrupt, tooLarge, truncated, type CompressionError } from './errors';
import { readVarint, VarintFailure, type Cursor } from './varint';

/** What the first bytes of a frame say, before the body is touched. */
export interface FrameHeader {
  /** The algorithm the flag byte names. */
  readonly algorithm: CompressionAlgorithm;
  /** Length of the payload once decompressed (for `none`, the bytes after the flag). */
  readonly payloadLength: number;
  /** Where the body starts: 1 for `none`, after the varint otherwise. */
  readonly bodyOffset: number;
}

const cursor: Cursor = { offset: 0 };

/**
 * Reads a frame's flag and declared length, and rejects a length over `maxPayloadBytes`
 * before anything is allocated for it. Never throws.
 */
export function readFrameHeader(frame: Uint8Array, maxPayloadBytes: number): Either<CompressionError, FrameHeader> {
  if (frame.length === 0) return left(truncated('none', 0, 'the flag byte'));
  const flag = frame[0] as number;
  const algorithm = algorithmOfFlag(flag);
  if (algorithm === undefined) {
    return left({
      kind: 'unknown-algorithm',
      flag,
      offset: 0,
      message: `unknown compression flag 0x${flag.toString(16).padStart(2, '0')}`,
    });
  }
  if (algorithm === 'none') {
    const payloadLength = frame.length - 1;
    if (payloadLength > maxPayloadBytes) return left(tooLarge(algorithm, 1, payloadLength, maxPayloadBytes));
    return right({ algorithm, payloadLength, bodyOffset: 1 });
  }
  cursor.offset = 1;
  const payloadLength = readVarint(frame, cursor);
  if (payloadLength === VarintFailure.Truncated) return left(truncated(algorithm, 1, 'the length varint'));
  if (payloadLength === VarintFailure.TooLong) return left(corrupt(algorithm, 1, 'length varint longer than 5 bytes'));
  if (payloadLength > maxPayloadBytes) return left(tooLarge(algorithm, 1, payloadLength, maxPayloadBytes));
  return right({ algorithm, payloadLength, bodyOffset: cursor.offset });
}
