import * as E from 'fp-ts/lib/Either.js';
import { readU32LE, writeU32LE } from '@atlas/common';
import type { ChannelError, Direction } from '../errors';

/**
 * Sealed-frame layout (all integers little-endian), documented in docs/encryption.md:
 *
 *   0      u8   version (high nibble, 1) | reserved bits 3..1 (zero) | direction (bit 0)
 *   1..4   u32  key epoch
 *   5..12  u64  counter (per direction, never repeats, below 2^53)
 *   13..   ciphertext (as long as the plaintext)
 *   last 16 bytes: AES-GCM tag
 *
 * Bytes 0..12 are the header and the AEAD's additional data. The 12-byte nonce is
 * direction (u32) || counter (u64), so it is unique per key without being sent twice.
 */
export const FRAME_VERSION = 1;
/** Bytes before the ciphertext. */
export const FRAME_HEADER_LENGTH = 13;
/** AES-GCM tag length (128 bits). */
export const TAG_LENGTH = 16;
/** Bytes a sealed frame adds to its plaintext. */
export const FRAME_OVERHEAD = FRAME_HEADER_LENGTH + TAG_LENGTH;
/** AES-GCM nonce length (96 bits). */
export const NONCE_LENGTH = 12;

const TWO_32 = 0x1_0000_0000;
// Counters stay below 2^53 so they fit a JS number exactly; a larger one is forged.
const MAX_COUNTER_HIGH_WORD = 0x1f_ffff;
const RESERVED_BITS = 0x0e;

/** A parsed (not yet authenticated) frame header. */
export interface FrameHeader {
  readonly direction: Direction;
  readonly epoch: number;
  readonly counter: number;
}

/** Length of the sealed frame for a plaintext of `plaintextLength` bytes. */
export function sealedLength(plaintextLength: number): number {
  return plaintextLength + FRAME_OVERHEAD;
}

/** Writes the 13-byte header at `offset`. */
export function writeHeader(out: Uint8Array, offset: number, direction: Direction, epoch: number, counter: number): void {
  out[offset] = (FRAME_VERSION << 4) | direction;
  writeU32LE(out, offset + 1, epoch);
  writeU32LE(out, offset + 5, counter >>> 0);
  writeU32LE(out, offset + 9, Math.floor(counter / TWO_32));
}

/** Fills a 12-byte nonce: direction as u32, then the counter as u64. */
export function writeNonce(nonce: Uint8Array, direction: Direction, counter: number): void {
  writeU32LE(nonce, 0, direction);
  writeU32LE(nonce, 4, counter >>> 0);
  writeU32LE(nonce, 8, Math.floor(counter / TWO_32));
}

/** Parses and checks the header of a received frame (length, version, flags, direction). */
export function readHeader(frame: Uint8Array, expected: Direction): E.Either<ChannelError, FrameHeader> {
  if (frame.length < FRAME_OVERHEAD) {
    return E.left({ kind: 'truncated', length: frame.length, minimum: FRAME_OVERHEAD });
  }
  const first = frame[0] as number;
  const version = first >> 4;
  if (version !== FRAME_VERSION) return E.left({ kind: 'unsupported-version', version });
  if ((first & RESERVED_BITS) !== 0) return E.left({ kind: 'malformed-header', reason: 'reserved flag bits set' });
  const direction = (first & 1) as Direction;
  if (direction !== expected) return E.left({ kind: 'wrong-direction', expected, actual: direction });
  const high = readU32LE(frame, 9);
  if (high > MAX_COUNTER_HIGH_WORD) return E.left({ kind: 'malformed-header', reason: 'counter beyond 2^53' });
  return E.right({ direction, epoch: readU32LE(frame, 1), counter: high * TWO_32 + readU32LE(frame, 5) });
}
