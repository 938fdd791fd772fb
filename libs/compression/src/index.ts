/** @atlas/compression: framed LZ4/deflate with bomb limits, and delta encoding of state snapshots. */
export {
  COMPRESSION_ALGORITHMS,
  COMPRESSION_DEFAULTS,
  CompressionAlgorithm,
  CompressionFlag,
  FLAG_OF_ALGORITHM,
  MAX_DECOMPRESSED_BYTES_LIMIT,
  algorithmOfFlag,
  isCompressionAlgorithm,
} from './algorithm';
export { createCompressor } from './compressor';
export type { Compressor, CompressorOptions } from './compressor';
export type { DeflateLevel } from './deflate';
export { applyDelta, createDeltaCodec, encodeDelta } from './delta-codec';
export type { DeltaCodec, DeltaCodecOptions, DeltaStats } from './delta-codec';
export { DELTA_FORMAT_VERSION, DELTA_HEADER_MAX_BYTES, DeltaOp, readDeltaHeader } from './delta-format';
export type { DeltaHeader } from './delta-format';
export { CompressionErrorKind } from './errors';
export type { CompressionError, CompressionSubject } from './errors';
export { fnv1a32 } from './fnv1a';
export { readFrameHeader } from './frame';
export type { FrameHeader } from './frame';
export { createCompressionStats } from './stats';
export type { CodecStats, CompressionStats, CompressionStatsRecorder } from './stats';
export { MAX_VARINT_BYTES } from './varint';
