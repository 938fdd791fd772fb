import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { randomSessionKeys, at, flipBit } from '../../test/vectors';
import type { AsyncChannel } from '../channel/async-channel';
import type { ChannelOptions } from '../channel/options';
import { FRAME_OVERHEAD } from '../channel/frame';
import { createWebCryptoChannel } from './aead';

async function pair(options: Partial<ChannelOptions> = {}): Promise<{ client: AsyncChannel; server: AsyncChannel }> {
  const keys = randomSessionKeys();
  const [client, server] = await Promise.all([
    createWebCryptoChannel({ keys, role: 'client', ...options }),
    createWebCryptoChannel({ keys, role: 'server', ...options }),
  ]);
  return { client, server };
}

const payload = fc.uint8Array({ maxLength: 1500 });

describe('AsyncChannel over WebCrypto', () => {
  it('round-trips every message in both directions (200 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), payload), { minLength: 1, maxLength: 4 }), async (messages) => {
        const { client, server } = await pair();
        for (const [fromClient, message] of messages) {
          const [sender, receiver] = fromClient ? [client, server] : [server, client];
          const frame = await sender.seal(message);
          expect(frame.length).toBe(message.length + FRAME_OVERHEAD);
          expect(await receiver.open(frame)).toEqual(E.right(message));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects any single-bit flip, and the untouched frame still opens (200 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(payload, fc.nat(), async (message, bitSeed) => {
        const { client, server } = await pair();
        const frame = await client.seal(message);
        const bit = bitSeed % (frame.length * 8);
        const flipped = flipBit(frame, bit);
        expect(E.isLeft(await server.open(flipped))).toBe(true);
        expect(await server.open(frame)).toEqual(E.right(message));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects replays, reorders and cross-direction frames (200 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.nat({ max: n - 1 }), { maxLength: 10 }))),
        async ([count, deliveries]) => {
          const { client, server } = await pair();
          const messages = Array.from({ length: count }, (_, i) => Uint8Array.of(i));
          const frames = await Promise.all(messages.map((m) => client.seal(m)));
          let highest = -1;
          for (const index of deliveries) {
            const result = await server.open(at(frames, index));
            if (index > highest) {
              expect(result).toEqual(E.right(messages[index]));
              highest = index;
            } else {
              expect(result).toEqual(E.left({ kind: 'replay', counter: index, highest }));
            }
            expect(await client.open(at(frames, index))).toEqual(E.left({ kind: 'wrong-direction', expected: 1, actual: 0 }));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('opens many frames in flight and decides acceptance in call order', async () => {
    const { client, server } = await pair({ maxMessagesPerKey: 5 });
    const messages = Array.from({ length: 64 }, (_, i) => Uint8Array.of(i, i));
    const frames = await Promise.all(messages.map((m) => client.seal(m)));
    const results = await Promise.all(frames.map((f) => server.open(f)));
    expect(results).toEqual(messages.map((m) => E.right(m)));
    expect(server.receiveEpoch).toBe(12);
    // A duplicate in flight loses to its first copy, whichever decryption ends first.
    const next = await client.seal(Uint8Array.of(1));
    const [first, second] = await Promise.all([server.open(next), server.open(next)]);
    expect(first).toEqual(E.right(Uint8Array.of(1)));
    expect(second).toMatchObject(E.left({ kind: 'replay' }));
  });

  it('re-keys by count and by time without interrupting traffic', async () => {
    let now = 0;
    const { client, server } = await pair({ maxMessagesPerKey: 4, keyRotationIntervalSeconds: 10, now: () => now });
    for (let i = 0; i < 10; i++) expect(await server.open(await client.seal(Uint8Array.of(i)))).toEqual(E.right(Uint8Array.of(i)));
    expect([client.sendEpoch, server.receiveEpoch]).toEqual([2, 2]);
    now += 10_000;
    expect(await server.open(await client.seal(Uint8Array.of(1)))).toEqual(E.right(Uint8Array.of(1)));
    expect([client.sendEpoch, server.receiveEpoch]).toEqual([3, 3]);
  });

  it('copies its inputs, so callers may reuse buffers at once', async () => {
    const { client, server } = await pair();
    const buffer = Uint8Array.of(1, 2, 3);
    const sealing = client.seal(buffer);
    buffer.fill(0);
    const frame = await sealing;
    const opening = server.open(frame);
    frame.fill(0);
    expect(await opening).toEqual(E.right(Uint8Array.of(1, 2, 3)));
  });

  it('names truncated frames without decrypting', async () => {
    const { client, server } = await pair();
    const frame = await client.seal(Uint8Array.of(1));
    expect(await server.open(frame.subarray(0, 10))).toEqual(E.left({ kind: 'truncated', length: 10, minimum: FRAME_OVERHEAD }));
    expect(await server.open(frame.subarray(0, frame.length - 1))).toEqual(E.left({ kind: 'authentication-failed' }));
  });
});
