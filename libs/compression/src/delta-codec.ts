import type { Either } from 'fp-ts/lib/Either.js';
import { COMPRESSION_DEFAULTS, MAX_DECOMPRESSED_BYTES_LIMIT } from './algorithm';
import { applyDeltaWith } from './delta-apply';
import { encodeDeltaWith } from './delta-encode';
import { CompressionErrorKind, type CompressionError } from './errors';
import type { CodecStats } from './stats';

/** Options of `createDeltaCodec`. */
export interface DeltaCodecOptions {
  /** Largest snapshot `apply` rebuilds; larger declared targets are refused before allocation (default 1 MiB). */
  readonly maxTargetBytes?: number;
}

/** Counters of a delta codec, for metrics. */
export interface DeltaStats {
  /** Deltas made: bytes in = target snapshots, bytes out = deltas; ratio = snapshot / delta. */
  readonly encode: CodecStats;
  /** Deltas applied successfully: bytes in = deltas, bytes out = rebuilt snapshots. */
  readonly apply: CodecStats;
  /** Deltas refused by `apply`, by error kind (`wrong-base` means the peer's base differs). */
  readonly errors: Readonly<Record<CompressionErrorKind, number>>;
}

/** Encodes state snapshots as deltas against a base, and applies them. Cheap to create (buffers are shared). */
export interface DeltaCodec {
  /** Largest snapshot `apply` rebuilds. */
  readonly maxTargetBytes: number;
  /** A delta that turns `base` into `target` (handles growth, truncation, inserted and removed records). */
  encode(base: Uint8Array, target: Uint8Array): Uint8Array;
  /** The snapshot `delta` makes from `base`, or why it cannot (`wrong-base` for another base). Never throws. */
  apply(base: Uint8Array, delta: Uint8Array): Either<CompressionError, Uint8Array>;
  /** A snapshot of the counters. */
  stats(): DeltaStats;
}

function zeroErrors(): Record<CompressionErrorKind, number> {
  return Object.fromEntries(Object.values(CompressionErrorKind).map((k) => [k, 0])) as Record<CompressionErrorKind, number>;
}

function ratioStats(calls: number, bytesIn: number, bytesOut: number, plain: number, wire: number): CodecStats {
  return { calls, bytesIn, bytesOut, ratio: wire === 0 ? 1 : plain / wire };
}

/** Creates a delta codec. An invalid `maxTargetBytes` is a programming error and throws. */
export function createDeltaCodec(options: DeltaCodecOptions = {}): DeltaCodec {
  const maxTargetBytes = options.maxTargetBytes ?? COMPRESSION_DEFAULTS.maxDecompressedBytes;
  if (!(Number.isInteger(maxTargetBytes) && maxTargetBytes >= 0 && maxTargetBytes <= MAX_DECOMPRESSED_BYTES_LIMIT)) {
    throw new RangeError(`maxTargetBytes must be an integer 0..${MAX_DECOMPRESSED_BYTES_LIMIT}, got ${maxTargetBytes}`);
  }
  const enc = { calls: 0, bytesIn: 0, bytesOut: 0 };
  const app = { calls: 0, bytesIn: 0, bytesOut: 0 };
  const errors = zeroErrors();
  return {
    maxTargetBytes,
    encode(base, target) {
      const delta = encodeDeltaWith(base, target);
      enc.calls += 1;
      enc.bytesIn += target.length;
      enc.bytesOut += delta.length;
      return delta;
    },
    apply(base, delta) {
      const result = applyDeltaWith(base, delta, maxTargetBytes);
      if (result._tag === 'Left') {
        errors[result.left.kind] += 1;
      } else {
        app.calls += 1;
        app.bytesIn += delta.length;
        app.bytesOut += result.right.length;
      }
      return result;
    },
    stats: () => ({
      encode: ratioStats(enc.calls, enc.bytesIn, enc.bytesOut, enc.bytesIn, enc.bytesOut),
      apply: ratioStats(app.calls, app.bytesIn, app.bytesOut, app.bytesOut, app.bytesIn),
      errors: { ...errors },
    }),
  };
}

/** Encodes `target` as a delta against `base` (no stats: use a `createDeltaCodec()` for metrics). */
export function encodeDelta(base: Uint8Array, target: Uint8Array): Uint8Array {
  return encodeDeltaWith(base, target);
}

/** Applies a delta with an explicit limit (default 1 MiB). Never throws. */
export function applyDelta(
  base: Uint8Array,
  delta: Uint8Array,
  maxTargetBytes: number = COMPRESSION_DEFAULTS.maxDecompressedBytes,
): Either<CompressionError, Uint8Array> {
  return applyDeltaWith(base, delta, maxTargetBytes);
}
