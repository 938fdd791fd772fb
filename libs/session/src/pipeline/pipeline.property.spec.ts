import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { createCompressor } from '@atlas/compression';
import { KeyExchangeSuites, Roles, type SessionKeys } from '@atlas/crypto';
import * as nodeCrypto from '@atlas/crypto/node';
import { Codec, type ClientSingleMessage, type Encoding } from '@atlas/protocol';
import { arbClientSingle } from '@atlas/protocol/testing';
import { FrameCodec, compressionAlgorithm, receiveFrame, wrapPayload, type CompressionCodec, type EncryptionCodec, type FrameLayers } from '..';

const compressions: CompressionCodec[] = [Codec.Raw, Codec.Lz4, Codec.Deflate];
const encryptions: EncryptionCodec[] = [Codec.Plaintext, Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm, Codec.PskAes256Gcm];
const encodings: Encoding[] = ['binary', 'json'];
const cases = compressions.flatMap((c) => encryptions.flatMap((e) => encodings.map((enc) => [c, e, enc] as const)));

const keys: SessionKeys = { suite: KeyExchangeSuites.X25519, clientToServer: new Uint8Array(32).fill(1), serverToClient: new Uint8Array(32).fill(2) };
/** A client and a server channel over the same keys (what the key exchange leaves both ends with). */
function channels(sealed: boolean): { client: FrameLayers['channel']; server: FrameLayers['channel'] } {
  if (!sealed) return { client: null, server: null };
  return { client: nodeCrypto.createNodeChannel({ keys, role: Roles.Client }), server: nodeCrypto.createNodeChannel({ keys, role: Roles.Server }) };
}

describe('the session pipeline, end to end', () => {
  it.each(cases)('%s + %s over %s: encode -> compress -> seal -> open -> decompress -> decode is the identity', (compression, encryption, encoding) => {
    const ch = channels(encryption !== Codec.Plaintext);
    // The client end (an object per session) sends; the server end (stateless layers, shared compressor) receives, and back.
    const algorithm = compressionAlgorithm(compression);
    const compressor = algorithm === undefined ? null : createCompressor({ algorithm, threshold: 0 });
    const codecs = [1, 2].map((v) => new FrameCodec(encoding, { compression, encryption }, 1 << 20, 0, ch.client, v));
    fc.assert(
      // At either session version; a message that names its own version (PlayerConnect, Welcome) never exceeds the session's.
      fc.property(fc.array(arbClientSingle, { minLength: 1, maxLength: 6 }), fc.constantFrom(1, 2), (all: ClientSingleMessage[], version) => {
        const ms = all.filter((m) => !('version' in m) || m.version <= version);
        if (ms.length === 0) return;
        const client = codecs[version - 1] as FrameCodec;
        const server: FrameLayers = { encoding, version, compressor, channel: ch.server };
        for (const m of ms) client.add(m);
        const up = client.take();
        if (up === undefined) throw new Error('nothing taken');
        const received = receiveFrame(server, up, { borrowed: true });
        expect(received).toEqual(E.right(ms.length === 1 ? ms[0] : { type: 'Batch', messages: ms }));
        const down = wrapPayload(server, encoding === 'json' ? jsonOf(ms, version) : binaryOf(ms, version));
        expect(client.receive(down)).toEqual(E.right(ms));
      }),
      { numRuns: 60 },
    );
  });

  it.each(cases)('%s + %s over %s: a mutated or truncated frame is a typed Left, never a throw', (compression, encryption, encoding) => {
    const sealed = encryption !== Codec.Plaintext;
    fc.assert(
      fc.property(fc.array(arbClientSingle, { minLength: 1, maxLength: 3 }), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), (ms, at, flip, truncate) => {
        const ch = channels(sealed);
        const tx = new FrameCodec(encoding, { compression, encryption }, 1 << 20, 0, ch.client);
        const rx = new FrameCodec(encoding, { compression, encryption }, 1 << 20, 0, ch.server);
        for (const m of ms) tx.add(m);
        const frame = tx.take();
        if (frame === undefined || typeof frame === 'string') return; // text frames: the WebSocket layer guarantees UTF-8
        const bad = truncate ? frame.subarray(0, at % frame.length) : frame.slice();
        if (!truncate) bad[at % bad.length] = ((bad[at % bad.length] as number) ^ flip) & 0xff;
        const r = rx.receive(bad);
        // A sealed frame must never open once changed; an unsealed one may still decode to some messages.
        if (sealed) expect(r).toMatchObject(E.left({ kind: 'decrypt' }));
        if (E.isLeft(r)) expect(['decrypt', 'frame', 'decompress', 'decode']).toContain(r.left.kind);
      }),
      { numRuns: 150 },
    );
  });

  it('copies a borrowed unsealed frame, so decoded bytes outlive a socket buffer that is reused', () => {
    const layers: FrameLayers = { encoding: 'binary', version: 1, compressor: null, channel: null };
    const action: ClientSingleMessage = { type: 'PlayerAction', seq: 7, channel: 0, tag: 2, data: Uint8Array.of(1, 2, 3, 4) };
    const buffer = binaryOf([action]);
    const decoded = receiveFrame(layers, buffer, { borrowed: true });
    buffer.fill(0);
    expect(decoded).toEqual(E.right(action));
  });

  it('refuses text frames where the session layers bytes, by layer', () => {
    const ch = channels(true);
    const sealed: FrameLayers = { encoding: 'json', version: 1, compressor: null, channel: ch.server };
    const compressed: FrameLayers = { encoding: 'json', version: 1, compressor: createCompressor({ algorithm: 'lz4' }), channel: null };
    expect(receiveFrame(sealed, '{}')).toMatchObject(E.left({ kind: 'frame', message: 'text frame on a sealed session' }));
    expect(receiveFrame(compressed, '{}')).toMatchObject(E.left({ kind: 'frame', message: 'text frame on a compressed session' }));
    expect(receiveFrame({ encoding: 'json', version: 1, compressor: null, channel: null }, '{')).toMatchObject(E.left({ kind: 'decode' }));
  });
});

/** The server's encoding of a batch, as the node's outbox writes it. */
function binaryOf(ms: ClientSingleMessage[], version = 1): Uint8Array {
  const c = new FrameCodec('binary', { compression: Codec.Raw, encryption: Codec.X25519Aes256Gcm }, undefined, undefined, null, version);
  for (const m of ms) c.add(m);
  return c.take() as Uint8Array;
}
function jsonOf(ms: ClientSingleMessage[], version = 1): string {
  return new TextDecoder().decode(new FrameCodec('json', { compression: Codec.Raw, encryption: Codec.X25519Aes256Gcm }, undefined, undefined, null, version).encode(ms.length === 1 ? (ms[0] as ClientSingleMessage) : { type: 'Batch', messages: ms }) as Uint8Array);
}
