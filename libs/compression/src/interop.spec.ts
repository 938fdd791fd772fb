// Our frame bodies are standard formats: native LZ4 (lz4-napi) and node:zlib read them.
import fc from 'fast-check';
import { inflateRawSync } from 'node:zlib';
import { createCompressor } from './compressor';
import { readFrameHeader } from './frame';
import { anyPayload, bytesEqual } from './testing/arbitraries';

const native = require('lz4-napi') as { uncompressSync(data: Uint8Array): Uint8Array };

describe('interoperability', () => {
  it('LZ4 bodies decode with native lz4-napi, deflate bodies with node:zlib', () => {
    const lz4 = createCompressor({ algorithm: 'lz4', threshold: 0 });
    const deflate = createCompressor({ algorithm: 'deflate', threshold: 0 });
    fc.assert(
      fc.property(anyPayload(), (payload) => {
        for (const frame of [lz4.compress(payload), deflate.compress(payload)]) {
          const header = readFrameHeader(frame, 1 << 20);
          if (header._tag === 'Left') throw new Error(header.left.message);
          const { algorithm, bodyOffset } = header.right;
          if (algorithm === 'none') continue;
          const body = frame.subarray(bodyOffset);
          let plain: Uint8Array;
          if (algorithm === 'lz4') {
            // lz4-napi's block format: u32 little-endian uncompressed size, then the block.
            const sized = new Uint8Array(4 + body.length);
            new DataView(sized.buffer).setUint32(0, payload.length, true);
            sized.set(body, 4);
            plain = native.uncompressSync(sized);
          } else {
            plain = inflateRawSync(body);
          }
          expect(bytesEqual(new Uint8Array(plain), payload)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
