/** The compression algorithms a frame can carry, by name (config and negotiation use these). */
export const CompressionAlgorithm = {
  None: 'none',
  Lz4: 'lz4',
  Deflate: 'deflate',
} as const;

/** One of `'none' | 'lz4' | 'deflate'`. */
export type CompressionAlgorithm = (typeof CompressionAlgorithm)[keyof typeof CompressionAlgorithm];

/** Every algorithm, in flag order (handy for negotiation lists and metric labels). */
export const COMPRESSION_ALGORITHMS: readonly CompressionAlgorithm[] = ['none', 'lz4', 'deflate'];

/** The first byte of every compressed frame: it alone says how the rest is encoded. */
export const CompressionFlag = {
  None: 0x00,
  Lz4: 0x01,
  Deflate: 0x02,
} as const;

/** One of the defined flag byte values. */
export type CompressionFlag = (typeof CompressionFlag)[keyof typeof CompressionFlag];

/** Flag byte of each algorithm. */
export const FLAG_OF_ALGORITHM = {
  none: CompressionFlag.None,
  lz4: CompressionFlag.Lz4,
  deflate: CompressionFlag.Deflate,
} as const satisfies Record<CompressionAlgorithm, CompressionFlag>;

/** Algorithm of a flag byte, or undefined for a byte no version of this format defines. */
export function algorithmOfFlag(flag: number): CompressionAlgorithm | undefined {
  return flag === CompressionFlag.None
    ? 'none'
    : flag === CompressionFlag.Lz4
      ? 'lz4'
      : flag === CompressionFlag.Deflate
        ? 'deflate'
        : undefined;
}

/** True when `value` names an algorithm (for parsing config or a peer's offer). */
export function isCompressionAlgorithm(value: unknown): value is CompressionAlgorithm {
  return value === 'none' || value === 'lz4' || value === 'deflate';
}

/** Defaults of `createCompressor` options. */
export const COMPRESSION_DEFAULTS = {
  /** Payloads shorter than this are sent raw: below it compression rarely pays for its CPU. */
  threshold: 128,
  /** 1 MiB: the largest payload a decoder will allocate for unless configured otherwise. */
  maxDecompressedBytes: 1_048_576,
  /** fflate level 1: the real-time trade-off (about 4x faster than level 6 for a few % of size). */
  deflateLevel: 1,
} as const;

/** The largest `maxDecompressedBytes` accepted (2^31 - 1, a safe typed-array length everywhere). */
export const MAX_DECOMPRESSED_BYTES_LIMIT = 0x7fff_ffff;
