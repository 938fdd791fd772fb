// Decompression bombs and corrupt frames: typed errors, bounded memory, bounded work.
import { deflateRawSync } from 'node:zlib';
import { createCompressor } from './compressor';
import { readFrameHeader } from './frame';
import { writeVarint } from './varint';

function frame(flag: number, declared: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(6 + body.length);
  out[0] = flag;
  const at = writeVarint(out, 1, declared);
  out.set(body, at);
  return out.slice(0, at + body.length);
}

describe('decompression limits', () => {
  const compressor = createCompressor({ algorithm: 'lz4', maxDecompressedBytes: 1 << 20 });

  it('refuses a declared length over the limit before allocating it', () => {
    const result = compressor.decompress(frame(0x01, 0x7fff_ffff, new Uint8Array(8)));
    expect(result).toMatchObject({ _tag: 'Left', left: { kind: 'too-large', declared: 0x7fff_ffff, limit: 1 << 20, offset: 1 } });
  });

  it('refuses a legitimate payload that is larger than this decoder allows', () => {
    const payload = new Uint8Array(2 << 20).fill(3);
    const sender = createCompressor({ algorithm: 'deflate', maxDecompressedBytes: 4 << 20 });
    for (const body of [sender.compress(payload), createCompressor({ algorithm: 'none' }).compress(payload)]) {
      expect(compressor.decompress(body)).toMatchObject({ _tag: 'Left', left: { kind: 'too-large', declared: 2 << 20 } });
    }
  });

  it('detects a deflate bomb that inflates past its declared length (10 MB from 10 KB)', () => {
    const bomb = deflateRawSync(new Uint8Array(10 << 20));
    expect(bomb.length).toBeLessThan(12_000);
    const result = compressor.decompress(frame(0x02, 1000, bomb));
    expect(result).toMatchObject({ _tag: 'Left', left: { kind: 'corrupt', subject: 'deflate' } });
  });

  it('rejects an LZ4 block whose matches overrun its declared length without running lz4js on it', () => {
    const spy = jest.spyOn(require('lz4js') as typeof import('lz4js'), 'decompressBlock');
    // Token: 1 literal then a match of 15 + 255 * 4000 + ...: megabytes of output from 4 KB.
    const body = new Uint8Array(4 + 4000 + 1);
    body.set([0x1f, 0x41, 0x01, 0x00]);
    body.fill(0xff, 4, 4004);
    body[4004] = 0;
    const result = compressor.decompress(frame(0x01, 100, body));
    expect(result).toMatchObject({ _tag: 'Left', left: { kind: 'corrupt', subject: 'lz4' } });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('decodes native LZ4 blocks (lz4-napi) and accepts only the exact declared length', () => {
    const native = require('lz4-napi') as { compressSync(data: Uint8Array): Uint8Array };
    const payload = new TextEncoder().encode('entity '.repeat(400));
    // lz4-napi prefixes the block with its u32 length; the rest is a raw LZ4 block.
    const block = native.compressSync(payload).subarray(4);
    expect(compressor.decompress(frame(0x01, payload.length, block))).toEqual({ _tag: 'Right', right: payload });
    for (const wrong of [payload.length - 1, payload.length + 1]) {
      expect(compressor.decompress(frame(0x01, wrong, block))).toMatchObject({ _tag: 'Left', left: { kind: 'corrupt' } });
    }
  });

  it('decodes raw deflate from node:zlib', () => {
    const payload = new TextEncoder().encode('position '.repeat(300));
    expect(compressor.decompress(frame(0x02, payload.length, deflateRawSync(payload)))).toEqual({ _tag: 'Right', right: payload });
  });

  it.each([
    ['an empty frame', new Uint8Array(0), 'truncated'],
    ['an unknown flag', Uint8Array.of(0x03, 1, 2), 'unknown-algorithm'],
    ['a missing length', Uint8Array.of(0x01), 'truncated'],
    ['a cut length varint', Uint8Array.of(0x02, 0x80), 'truncated'],
    ['a six-byte varint', Uint8Array.of(0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), 'corrupt'],
    ['an empty lz4 body', Uint8Array.of(0x01, 10), 'corrupt'],
    ['a garbage deflate body', Uint8Array.of(0x02, 10, 0xff, 0xff, 0xff), 'corrupt'],
  ])('returns a typed error for %s', (_name, input, kind) => {
    expect(compressor.decompress(input)).toMatchObject({ _tag: 'Left', left: { kind } });
  });

  it('reads a header without touching the body', () => {
    expect(readFrameHeader(Uint8Array.of(0x01, 0xac, 0x02, 0xee), 1000)).toEqual({
      _tag: 'Right',
      right: { algorithm: 'lz4', payloadLength: 300, bodyOffset: 3 },
    });
    expect(readFrameHeader(Uint8Array.of(0x00, 1, 2, 3), 2)).toMatchObject({ _tag: 'Left', left: { kind: 'too-large', declared: 3 } });
  });
});
