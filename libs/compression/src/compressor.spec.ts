import { seededRandom } from '@atlas/common';
import fc from 'fast-check';
import { COMPRESSION_ALGORITHMS, CompressionFlag, type CompressionAlgorithm } from './algorithm';
import { createCompressor } from './compressor';
import { createCompressionStats } from './stats';
import { anyPayload, bytesEqual, redundantBytes } from './testing/arbitraries';
import { snapshotOfSize } from './testing/game-state';

const RUNS = { numRuns: 1000 };

function roundTrip(algorithm: CompressionAlgorithm, payload: Uint8Array, threshold = 0): Uint8Array {
  const compressor = createCompressor({ algorithm, threshold, maxDecompressedBytes: 1 << 20 });
  const result = compressor.decompress(compressor.compress(payload));
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right;
}

describe('createCompressor', () => {
  describe.each(COMPRESSION_ALGORITHMS)('%s', (algorithm) => {
    it('round-trips any payload', () => {
      fc.assert(
        fc.property(anyPayload(), fc.nat({ max: 256 }), (payload, threshold) => {
          expect(bytesEqual(roundTrip(algorithm, payload, threshold), payload)).toBe(true);
        }),
        RUNS,
      );
    });

    it('never makes a frame more than one byte larger than its payload', () => {
      fc.assert(
        fc.property(anyPayload(), fc.nat({ max: 256 }), (payload, threshold) => {
          const frame = createCompressor({ algorithm, threshold }).compress(payload);
          expect(frame.length).toBeLessThanOrEqual(payload.length + 1);
        }),
        RUNS,
      );
    });
  });

  it('compresses a 4 KB game-state snapshot with the configured algorithm', () => {
    const payload = snapshotOfSize(4096);
    for (const [algorithm, flag] of [['lz4', CompressionFlag.Lz4], ['deflate', CompressionFlag.Deflate]] as const) {
      const frame = createCompressor({ algorithm }).compress(payload);
      expect(frame[0]).toBe(flag);
      expect(frame.length).toBeLessThan(payload.length * 0.8);
    }
  });

  it('sends payloads under the threshold raw, with the none flag', () => {
    const payload = new Uint8Array(99).fill(7);
    const frame = createCompressor({ algorithm: 'lz4', threshold: 100 }).compress(payload);
    expect(frame[0]).toBe(CompressionFlag.None);
    expect(frame.subarray(1)).toEqual(payload);
    expect(createCompressor({ algorithm: 'lz4', threshold: 99 }).compress(payload)[0]).toBe(CompressionFlag.Lz4);
  });

  it('sends incompressible payloads raw even above the threshold', () => {
    const random = seededRandom(42);
    const payload = Uint8Array.from({ length: 1000 }, () => Math.floor(random() * 256));
    for (const algorithm of ['lz4', 'deflate'] as const) {
      const frame = createCompressor({ algorithm, threshold: 0 }).compress(payload);
      expect(frame[0]).toBe(CompressionFlag.None);
      expect(frame.length).toBe(1001);
    }
  });

  it('writes flag, varint length, then the body', () => {
    const payload = new Uint8Array(300).fill(1);
    const frame = createCompressor({ algorithm: 'lz4', threshold: 0 }).compress(payload);
    expect([...frame.subarray(0, 3)]).toEqual([0x01, 0xac, 0x02]);
  });

  it('decodes frames of any algorithm, whatever it compresses with', () => {
    fc.assert(
      fc.property(redundantBytes(), fc.constantFrom(...COMPRESSION_ALGORITHMS), fc.constantFrom(...COMPRESSION_ALGORITHMS), (payload, writer, reader) => {
        const frame = createCompressor({ algorithm: writer, threshold: 0 }).compress(payload);
        const result = createCompressor({ algorithm: reader }).decompress(frame);
        expect(result._tag === 'Right' && bytesEqual(result.right, payload)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses invalid options by throwing, as programming errors', () => {
    expect(() => createCompressor({ algorithm: 'zstd' as CompressionAlgorithm })).toThrow(TypeError);
    expect(() => createCompressor({ algorithm: 'lz4', threshold: -1 })).toThrow(RangeError);
    expect(() => createCompressor({ algorithm: 'lz4', maxDecompressedBytes: 2 ** 31 })).toThrow(RangeError);
    expect(() => createCompressor({ algorithm: 'deflate', deflateLevel: 10 as 9 })).toThrow(RangeError);
  });

  it('counts frames per algorithm actually written, and aggregates a shared recorder', () => {
    const stats = createCompressionStats();
    const lz4 = createCompressor({ algorithm: 'lz4', threshold: 64, stats });
    const deflate = createCompressor({ algorithm: 'deflate', threshold: 64, stats });
    const big = snapshotOfSize(4096);
    const lz4Frame = lz4.compress(big);
    lz4.compress(new Uint8Array(10));
    deflate.decompress(deflate.compress(big));
    deflate.decompress(Uint8Array.of(0x7f));
    const snapshot = lz4.stats();
    expect(snapshot).toEqual(deflate.stats());
    expect(snapshot.compress.lz4).toEqual({
      calls: 1,
      bytesIn: big.length,
      bytesOut: lz4Frame.length,
      ratio: big.length / lz4Frame.length,
    });
    expect(snapshot.compress.none).toMatchObject({ calls: 1, bytesIn: 10, bytesOut: 11 });
    expect(snapshot.compress.deflate.calls).toBe(1);
    expect(snapshot.decompress.deflate).toMatchObject({ calls: 1, bytesOut: big.length });
    expect(snapshot.decompress.deflate.ratio).toBeGreaterThan(1);
    expect(snapshot.belowThreshold).toBe(1);
    expect(snapshot.errors['unknown-algorithm']).toBe(1);
    stats.reset();
    expect(lz4.stats().compress.lz4).toEqual({ calls: 0, bytesIn: 0, bytesOut: 0, ratio: 1 });
  });
});
