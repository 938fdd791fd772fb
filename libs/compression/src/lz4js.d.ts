// lz4js ships without types: these cover the functions this library calls. They stay
// internal (no public signature mentions lz4js), so the emitted .d.ts never needs them.
declare module 'lz4js' {
  /** Worst-case size of an LZ4 block made from `n` input bytes. */
  export function compressBound(n: number): number;
  /**
   * Compresses `src[sIndex, sIndex + sLength)` into `dst` as one raw LZ4 block (no frame
   * header). Returns the bytes written, or 0 when nothing matched (the input is incompressible
   * or shorter than 13 bytes). `hashTable` (65,536 entries) must be zeroed by the caller.
   */
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
  /**
   * Decompresses the raw LZ4 block `src[sIndex, sIndex + sLength)` into `dst` from `dIndex`.
   * Returns the end index in `dst`. No bounds checks: the caller validates the block first.
   */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
  /** Compresses to an LZ4 frame (magic, descriptor, blocks, end mark). */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
  /** Decompresses an LZ4 frame; without `maxSize` it sizes the output from the frame (slow). */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
}
