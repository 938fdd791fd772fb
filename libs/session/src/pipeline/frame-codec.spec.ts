import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { CompressionFlag } from '@atlas/compression';
import * as nodeCrypto from '@atlas/crypto/node';
import { ActionChannel, Codec, type ClientSingleMessage } from '@atlas/protocol';
import { arbClientSingle } from '@atlas/protocol/testing';
import { FrameCodec, codecFamilies, sessionCodecs, syncClientCrypto, webClientCrypto, type CompressionCodec } from '..';

const compressions: CompressionCodec[] = [Codec.Raw, Codec.Lz4, Codec.Deflate];

describe('FrameCodec', () => {
  // The property tests run at version 2, which decodes messages naming either version;
  // pipeline.property.spec.ts runs both session versions.
  const action = (seq: number, bytes: number): ClientSingleMessage => ({ type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag: 1, data: new Uint8Array(bytes).fill(7) });

  it('leaves frames below the compression threshold (default 1024 bytes, the node default) uncompressed', () => {
    const tx = new FrameCodec('binary', { compression: Codec.Lz4, encryption: Codec.Plaintext });
    const rx = new FrameCodec('binary', { compression: Codec.Lz4, encryption: Codec.Plaintext });
    const small = [action(1, 64), action(2, 64)];
    for (const m of small) tx.add(m);
    const tiny = tx.take() as Uint8Array;
    expect(tiny[0]).toBe(CompressionFlag.None);
    expect(rx.decode(tiny)).toEqual(E.right(small));
    tx.add(action(3, 2000));
    const big = tx.take() as Uint8Array;
    expect(big[0]).toBe(CompressionFlag.Lz4);
    expect(big.length).toBeLessThan(200);
    expect(rx.decode(big)).toEqual(E.right([action(3, 2000)]));

    const eager = new FrameCodec('binary', { compression: Codec.Lz4, encryption: Codec.Plaintext }, 1 << 20, 64);
    for (const m of small) eager.add(m);
    expect((eager.take() as Uint8Array)[0]).toBe(CompressionFlag.Lz4);
  });

  it('round-trips any batch with lz4 and deflate applied to every frame (threshold 0)', () => {
    for (const compression of [Codec.Lz4, Codec.Deflate] as const) {
      const tx = new FrameCodec('binary', { compression, encryption: Codec.Plaintext }, 1 << 20, 0, null, 2);
      const rx = new FrameCodec('binary', { compression, encryption: Codec.Plaintext }, undefined, undefined, null, 2);
      fc.assert(
        fc.property(fc.array(arbClientSingle, { minLength: 1, maxLength: 8 }), (ms: ClientSingleMessage[]) => {
          for (const m of ms) tx.add(m);
          expect(rx.decode(tx.take() as Uint8Array)).toEqual(E.right(ms));
        }),
        { numRuns: 100 },
      );
    }
  });

  it('shares one crypto object per backend across clients (it keeps no per-client state)', () => {
    expect(syncClientCrypto(nodeCrypto)).toBe(syncClientCrypto(nodeCrypto));
    expect(webClientCrypto()).toBe(webClientCrypto());
  });

  it.each(compressions.flatMap((c) => (['binary', 'json'] as const).map((e) => [c, e] as const)))(
    'round-trips any batch of messages with %s compression over %s frames',
    (compression, encoding) => {
      const tx = new FrameCodec(encoding, { compression, encryption: Codec.Plaintext }, undefined, undefined, null, 2);
      const rx = new FrameCodec(encoding, { compression, encryption: Codec.Plaintext }, undefined, undefined, null, 2);
      fc.assert(
        fc.property(fc.array(arbClientSingle, { minLength: 1, maxLength: 8 }), (ms: ClientSingleMessage[]) => {
          for (const m of ms) tx.add(m);
          const frame = tx.take();
          if (frame === undefined) throw new Error('nothing taken');
          expect(typeof frame === 'string').toBe(encoding === 'json' && compression === Codec.Raw);
          expect(rx.decode(frame)).toEqual(E.right(ms));
          expect(tx.take()).toBeUndefined();
        }),
        { numRuns: 150 },
      );
    },
  );

  it('sends a single message as its own frame and JSON as bytes once anything is layered under it', () => {
    const sealedJson = new FrameCodec('json', { compression: Codec.Raw, encryption: Codec.X25519Aes256Gcm });
    const frame = sealedJson.encode({ type: 'Heartbeat', timestamp: 5, echo: 0 });
    expect(frame).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(frame as Uint8Array)).toContain('"message_type":"heartbeat"');
    expect(sealedJson.decode(frame)).toEqual(E.right([{ type: 'Heartbeat', timestamp: 5, echo: 0 }]));
  });

  it('never throws on garbage and says which layer refused it', () => {
    const lz4 = new FrameCodec('binary', { compression: Codec.Lz4, encryption: Codec.Plaintext });
    const json = new FrameCodec('json', { compression: Codec.Raw, encryption: Codec.X25519Aes256Gcm });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (junk) => {
        const a = lz4.decode(junk);
        const b = json.decode(junk);
        if (E.isLeft(a)) expect(['decompress', 'decode']).toContain(a.left.kind);
        if (E.isLeft(b)) expect(b.left.kind).toBe('decode');
        expect(E.isLeft(json.decode(String.fromCharCode(...junk)))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(lz4.decode(Uint8Array.of(9, 1, 2))).toMatchObject(E.left({ kind: 'decompress' }));
    expect(json.decode(Uint8Array.of(0xff, 0xfe))).toMatchObject(E.left({ kind: 'decode', message: expect.stringContaining('UTF-8') }));
  });

  it('reads the session codecs from Welcome and builds node codec families', () => {
    expect(sessionCodecs([Codec.Deflate, Codec.P256Aes256Gcm])).toEqual({ compression: Codec.Deflate, encryption: Codec.P256Aes256Gcm });
    expect(sessionCodecs([])).toEqual({ compression: Codec.Raw, encryption: Codec.Plaintext });
    expect(codecFamilies({ encryption: true })).toEqual([
      [Codec.Lz4, Codec.Deflate, Codec.Raw],
      [Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm],
    ]);
    expect(codecFamilies({ encryption: false, compression: [Codec.Raw] })).toEqual([[Codec.Raw], [Codec.Plaintext]]);
  });
});
