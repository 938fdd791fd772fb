import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import {
  COMPRESSION_DEFAULTS,
  FLAG_OF_ALGORITHM,
  isCompressionAlgorithm,
  MAX_DECOMPRESSED_BYTES_LIMIT,
  type CompressionAlgorithm,
} from './algorithm';
import { deflateRaw, inflateRaw, type DeflateLevel } from './deflate';
import { corrupt, type CompressionError } from './errors';
import { readFrameHeader } from './frame';
import { lz4CompressBlock, lz4DecompressBlock } from './lz4-block';
import { createCompressionStats, type CompressionStats, type CompressionStatsRecorder } from './stats';
import { varintLength, writeVarint } from './varint';

/** How a compressor writes frames and what it accepts when reading them. */
export interface CompressorOptions {
  /** Algorithm for outgoing frames. Incoming frames may use any algorithm: their flag says which. */
  readonly algorithm: CompressionAlgorithm;
  /** Payloads shorter than this many bytes are sent raw (default 128). */
  readonly threshold?: number;
  /** Largest payload `decompress` produces; larger declared lengths are refused before allocation (default 1 MiB). */
  readonly maxDecompressedBytes?: number;
  /** fflate level for `deflate` (default 1). */
  readonly deflateLevel?: DeflateLevel;
  /** Counters to add to; pass one recorder to many compressors to aggregate them. */
  readonly stats?: CompressionStatsRecorder;
}

/** Compresses outgoing payloads into frames and decodes incoming frames; one per connection or shared. */
export interface Compressor {
  /** Algorithm used for outgoing frames. */
  readonly algorithm: CompressionAlgorithm;
  /** Payloads shorter than this are sent raw. */
  readonly threshold: number;
  /** Largest payload `decompress` returns. */
  readonly maxDecompressedBytes: number;
  /**
   * Frames `payload`: compressed when that is smaller, raw otherwise, so the frame is at
   * most `payload.length + 1` bytes. Always returns a new array.
   */
  compress(payload: Uint8Array): Uint8Array;
  /**
   * Decodes a frame of any algorithm. Never throws. A raw (`none`) frame's payload is a view
   * into `frame` (no copy): copy it if `frame`'s memory is reused after the call.
   */
  decompress(frame: Uint8Array): Either<CompressionError, Uint8Array>;
  /** A snapshot of the counters this compressor records into. */
  stats(): CompressionStats;
}

function checkOptions(options: CompressorOptions): void {
  if (!isCompressionAlgorithm(options.algorithm)) {
    throw new TypeError(`compression algorithm must be none, lz4 or deflate, got ${String(options.algorithm)}`);
  }
  const { threshold, maxDecompressedBytes, deflateLevel } = options;
  if (threshold !== undefined && !(Number.isInteger(threshold) && threshold >= 0)) {
    throw new RangeError(`compression threshold must be an integer >= 0, got ${threshold}`);
  }
  if (
    maxDecompressedBytes !== undefined &&
    !(Number.isInteger(maxDecompressedBytes) && maxDecompressedBytes >= 0 && maxDecompressedBytes <= MAX_DECOMPRESSED_BYTES_LIMIT)
  ) {
    throw new RangeError(`maxDecompressedBytes must be an integer 0..${MAX_DECOMPRESSED_BYTES_LIMIT}, got ${maxDecompressedBytes}`);
  }
  if (deflateLevel !== undefined && !(Number.isInteger(deflateLevel) && deflateLevel >= 0 && deflateLevel <= 9)) {
    throw new RangeError(`deflateLevel must be an integer 0..9, got ${deflateLevel}`);
  }
}

/**
 * Creates a compressor. Invalid options are a programming error and throw (config is
 * validated before it gets here); nothing after construction throws.
 */
export function createCompressor(options: CompressorOptions): Compressor {
  checkOptions(options);
  const algorithm = options.algorithm;
  const threshold = options.threshold ?? COMPRESSION_DEFAULTS.threshold;
  const maxDecompressedBytes = options.maxDecompressedBytes ?? COMPRESSION_DEFAULTS.maxDecompressedBytes;
  const deflateLevel = options.deflateLevel ?? COMPRESSION_DEFAULTS.deflateLevel;
  const recorder = options.stats ?? createCompressionStats();

  const raw = (payload: Uint8Array, belowThreshold: boolean): Uint8Array => {
    const frame = new Uint8Array(payload.length + 1);
    frame[0] = FLAG_OF_ALGORITHM.none;
    frame.set(payload, 1);
    if (algorithm !== 'none') recorder.recordRaw(belowThreshold);
    recorder.recordCompress('none', payload.length, frame.length);
    return frame;
  };

  /** Frames `body` if flag + length + body beats the raw frame (payload + 1 byte). */
  const framed = (payload: Uint8Array, body: Uint8Array | undefined, used: 'lz4' | 'deflate'): Uint8Array => {
    const headerLength = 1 + varintLength(payload.length);
    if (body === undefined || headerLength + body.length >= payload.length + 1) return raw(payload, false);
    const frame = new Uint8Array(headerLength + body.length);
    frame[0] = FLAG_OF_ALGORITHM[used];
    writeVarint(frame, 1, payload.length);
    frame.set(body, headerLength);
    recorder.recordCompress(used, payload.length, frame.length);
    return frame;
  };

  return {
    algorithm,
    threshold,
    maxDecompressedBytes,
    compress(payload) {
      if (algorithm === 'none' || payload.length < threshold) return raw(payload, true);
      if (algorithm === 'lz4') return framed(payload, lz4CompressBlock(payload), 'lz4');
      return framed(payload, deflateRaw(payload, deflateLevel), 'deflate');
    },
    decompress(frame) {
      const header = readFrameHeader(frame, maxDecompressedBytes);
      if (header._tag === 'Left') {
        recorder.recordError(header.left.kind);
        return header;
      }
      const { algorithm: used, payloadLength, bodyOffset } = header.right;
      const payload =
        used === 'none'
          ? frame.subarray(1)
          : used === 'lz4'
            ? lz4DecompressBlock(frame, bodyOffset, frame.length, payloadLength)
            : inflateRaw(frame, bodyOffset, frame.length, payloadLength);
      if (payload === undefined) {
        recorder.recordError('corrupt');
        return left(corrupt(used, bodyOffset, `body does not decode to the declared ${payloadLength} bytes`));
      }
      recorder.recordDecompress(used, frame.length, payloadLength);
      return right(payload);
    },
    stats: () => recorder.snapshot(),
  };
}
