import { COMPRESSION_ALGORITHMS, type CompressionAlgorithm } from './algorithm';
import { CompressionErrorKind } from './errors';

/** Totals for one direction through one algorithm. */
export interface CodecStats {
  /** Frames (or deltas) handled. */
  readonly calls: number;
  /** Bytes handed in: payloads when compressing, frames when decompressing. */
  readonly bytesIn: number;
  /** Bytes handed out: frames when compressing, payloads when decompressing. */
  readonly bytesOut: number;
  /** Uncompressed bytes / wire bytes (2.5 means the wire carried 40%); 1 when nothing passed yet. */
  readonly ratio: number;
}

/** A snapshot of a compressor's counters, for metrics. */
export interface CompressionStats {
  /** Frames written, keyed by the flag actually written (a payload sent raw counts as `none`). */
  readonly compress: Readonly<Record<CompressionAlgorithm, CodecStats>>;
  /** Frames read successfully, keyed by their flag. */
  readonly decompress: Readonly<Record<CompressionAlgorithm, CodecStats>>;
  /** Payloads sent raw because they were under the threshold. */
  readonly belowThreshold: number;
  /** Payloads that were compressed but sent raw because that was not smaller. */
  readonly incompressible: number;
  /** Frames rejected by `decompress`, by error kind. */
  readonly errors: Readonly<Record<CompressionErrorKind, number>>;
}

interface Counter {
  calls: number;
  bytesIn: number;
  bytesOut: number;
}

/** Mutable counters that one or many compressors add to (share one to aggregate a node). */
export interface CompressionStatsRecorder {
  /** Counts one frame written with `algorithm`'s flag. */
  recordCompress(algorithm: CompressionAlgorithm, payloadBytes: number, frameBytes: number): void;
  /** Counts one frame read. */
  recordDecompress(algorithm: CompressionAlgorithm, frameBytes: number, payloadBytes: number): void;
  /** Counts one payload sent raw; `belowThreshold` false means compression was tried and lost. */
  recordRaw(belowThreshold: boolean): void;
  /** Counts one rejected frame. */
  recordError(kind: CompressionErrorKind): void;
  /** A consistent copy of the counters. */
  snapshot(): CompressionStats;
  /** Zeroes every counter (e.g. after a metrics scrape that wants deltas). */
  reset(): void;
}

const ERROR_KINDS = Object.values(CompressionErrorKind);

/** `in / out` as a compression ratio in the right direction, 1 when empty. */
function toStats(counter: Counter, compressing: boolean): CodecStats {
  const wire = compressing ? counter.bytesOut : counter.bytesIn;
  const plain = compressing ? counter.bytesIn : counter.bytesOut;
  return { ...counter, ratio: wire === 0 ? 1 : plain / wire };
}

function perAlgorithm(): Record<CompressionAlgorithm, Counter> {
  return {
    none: { calls: 0, bytesIn: 0, bytesOut: 0 },
    lz4: { calls: 0, bytesIn: 0, bytesOut: 0 },
    deflate: { calls: 0, bytesIn: 0, bytesOut: 0 },
  };
}

function perErrorKind(): Record<CompressionErrorKind, number> {
  return Object.fromEntries(ERROR_KINDS.map((kind) => [kind, 0])) as Record<CompressionErrorKind, number>;
}

/** New zeroed counters. Recording is a few additions: cheap enough for every frame. */
export function createCompressionStats(): CompressionStatsRecorder {
  let compress = perAlgorithm();
  let decompress = perAlgorithm();
  let errors = perErrorKind();
  let belowThreshold = 0;
  let incompressible = 0;
  const mapAlgorithms = (counters: Record<CompressionAlgorithm, Counter>, compressing: boolean) =>
    Object.fromEntries(COMPRESSION_ALGORITHMS.map((a) => [a, toStats(counters[a], compressing)])) as Record<
      CompressionAlgorithm,
      CodecStats
    >;
  return {
    recordCompress(algorithm, payloadBytes, frameBytes) {
      const c = compress[algorithm];
      c.calls += 1;
      c.bytesIn += payloadBytes;
      c.bytesOut += frameBytes;
    },
    recordDecompress(algorithm, frameBytes, payloadBytes) {
      const c = decompress[algorithm];
      c.calls += 1;
      c.bytesIn += frameBytes;
      c.bytesOut += payloadBytes;
    },
    recordRaw(below) {
      if (below) belowThreshold += 1;
      else incompressible += 1;
    },
    recordError(kind) {
      errors[kind] += 1;
    },
    snapshot() {
      return {
        compress: mapAlgorithms(compress, true),
        decompress: mapAlgorithms(decompress, false),
        belowThreshold,
        incompressible,
        errors: { ...errors },
      };
    },
    reset() {
      compress = perAlgorithm();
      decompress = perAlgorithm();
      errors = perErrorKind();
      belowThreshold = 0;
      incompressible = 0;
    },
  };
}
