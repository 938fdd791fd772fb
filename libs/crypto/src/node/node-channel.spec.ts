import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { randomSessionKeys, at, flipBit } from '../../test/vectors';
import type { ChannelOptions } from '../channel/options';
import type { SyncChannel } from '../channel/sync-channel';
import { FRAME_OVERHEAD } from '../channel/frame';
import { createNodeChannel } from './aead';

function pair(options: Partial<ChannelOptions> = {}): { client: SyncChannel; server: SyncChannel } {
  const keys = randomSessionKeys();
  return {
    client: createNodeChannel({ keys, role: 'client', ...options }),
    server: createNodeChannel({ keys, role: 'server', ...options }),
  };
}

const payload = fc.uint8Array({ maxLength: 1500 });

describe('SyncChannel over node:crypto', () => {
  it('round-trips every message in both directions (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), payload), { minLength: 1, maxLength: 6 }), (messages) => {
        const { client, server } = pair();
        for (const [fromClient, message] of messages) {
          const [sender, receiver] = fromClient ? [client, server] : [server, client];
          const frame = sender.seal(message);
          expect(frame.length).toBe(message.length + FRAME_OVERHEAD);
          expect(receiver.open(frame)).toEqual(E.right(message));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects any single-bit flip, and the untouched frame still opens (1,000 runs)', () => {
    fc.assert(
      fc.property(payload, fc.nat(), (message, bitSeed) => {
        const { client, server } = pair();
        const frame = client.seal(message);
        const bit = bitSeed % (frame.length * 8);
        const flipped = flipBit(frame, bit);
        expect(E.isLeft(server.open(flipped))).toBe(true);
        expect(server.open(frame)).toEqual(E.right(message));
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts a frame only if its counter beats every accepted one: replays and reorders fail (1,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.nat({ max: n - 1 }), { maxLength: 16 }))),
        ([count, deliveries]) => {
          const { client, server } = pair({ maxMessagesPerKey: 3 });
          const messages = Array.from({ length: count }, (_, i) => Uint8Array.of(i));
          const frames = messages.map((m) => client.seal(m));
          // Model: counters above the highest accepted pass, unless they skip a whole key epoch.
          const epochOf = (i: number) => Math.floor(i / 3);
          let highest = -1;
          for (const index of deliveries) {
            const result = server.open(at(frames, index));
            const current = highest < 0 ? 0 : epochOf(highest);
            if (index <= highest) {
              expect(result).toEqual(E.left({ kind: 'replay', counter: index, highest }));
            } else if (epochOf(index) > current + 1) {
              expect(result).toEqual(E.left({ kind: 'bad-epoch', epoch: epochOf(index), current }));
            } else {
              expect(result).toEqual(E.right(messages[index]));
              highest = index;
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rejects frames sealed for the other direction', () => {
    const { client, server } = pair();
    expect(client.open(client.seal(Uint8Array.of(1)))).toEqual(E.left({ kind: 'wrong-direction', expected: 1, actual: 0 }));
    expect(server.open(server.seal(Uint8Array.of(1)))).toEqual(E.left({ kind: 'wrong-direction', expected: 0, actual: 1 }));
  });

  it('rejects every truncation of a frame (1,000 runs)', () => {
    fc.assert(
      fc.property(payload, fc.nat(), (message, cutSeed) => {
        const { client, server } = pair();
        const frame = client.seal(message);
        const cut = frame.subarray(0, cutSeed % frame.length);
        const result = server.open(cut);
        expect(result).toMatchObject(E.left({ kind: cut.length < FRAME_OVERHEAD ? 'truncated' : 'authentication-failed' }));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects a frame sealed under other keys', () => {
    const a = pair();
    const b = pair();
    expect(b.server.open(a.client.seal(Uint8Array.of(1)))).toEqual(E.left({ kind: 'authentication-failed' }));
  });

  it('names bad headers: version, reserved bits, counter beyond 2^53', () => {
    const { client, server } = pair();
    const frame = client.seal(new Uint8Array(4));
    const version = frame.slice();
    version[0] = 0x20;
    expect(server.open(version)).toEqual(E.left({ kind: 'unsupported-version', version: 2 }));
    const reserved = frame.slice();
    reserved[0] = 0x12;
    expect(server.open(reserved)).toMatchObject(E.left({ kind: 'malformed-header' }));
    const huge = frame.slice();
    huge[12] = 0x01;
    expect(server.open(huge)).toMatchObject(E.left({ kind: 'malformed-header' }));
    expect(server.open(frame)).toEqual(E.right(new Uint8Array(4)));
  });

  it('re-keys after maxMessagesPerKey frames without interrupting traffic', () => {
    const { client, server } = pair({ maxMessagesPerKey: 3 });
    for (let i = 0; i < 20; i++) {
      const frame = client.seal(Uint8Array.of(i));
      expect(frame[1]).toBe(Math.floor(i / 3)); // epoch, low byte
      expect(server.open(frame)).toEqual(E.right(Uint8Array.of(i)));
    }
    expect(client.sendEpoch).toBe(6);
    expect(server.receiveEpoch).toBe(6);
  });

  it('re-keys after key_rotation_interval seconds, each direction on its own clock', () => {
    let now = 1_000_000;
    const { client, server } = pair({ keyRotationIntervalSeconds: 60, now: () => now });
    const roundTrip = (i: number) => {
      expect(server.open(client.seal(Uint8Array.of(i)))).toEqual(E.right(Uint8Array.of(i)));
      expect(client.open(server.seal(Uint8Array.of(i)))).toEqual(E.right(Uint8Array.of(i)));
    };
    roundTrip(0);
    now += 59_999;
    roundTrip(1);
    expect(client.sendEpoch).toBe(0);
    now += 1;
    roundTrip(2);
    expect([client.sendEpoch, server.sendEpoch, client.receiveEpoch, server.receiveEpoch]).toEqual([1, 1, 1, 1]);
    now += 3_600_000;
    roundTrip(3);
    expect(server.receiveEpoch).toBe(2);
  });

  it('rejects an epoch two ahead, and an old-epoch frame as a replay', () => {
    const { client, server } = pair({ maxMessagesPerKey: 2 });
    const frames = Array.from({ length: 6 }, (_, i) => client.seal(Uint8Array.of(i))); // epochs 0 0 1 1 2 2
    expect(server.open(at(frames, 0))).toEqual(E.right(Uint8Array.of(0)));
    expect(server.open(at(frames, 4))).toEqual(E.left({ kind: 'bad-epoch', epoch: 2, current: 0 }));
    expect(server.open(at(frames, 2))).toEqual(E.right(Uint8Array.of(2)));
    expect(server.open(at(frames, 1))).toEqual(E.left({ kind: 'replay', counter: 1, highest: 2 }));
    expect(server.open(at(frames, 4))).toEqual(E.right(Uint8Array.of(4)));
  });

  it('allows gaps (frames dropped by the sender) but never goes back', () => {
    const { client, server } = pair();
    const frames = Array.from({ length: 5 }, (_, i) => client.seal(Uint8Array.of(i)));
    expect(server.open(at(frames, 3))).toEqual(E.right(Uint8Array.of(3)));
    expect(server.open(at(frames, 1))).toEqual(E.left({ kind: 'replay', counter: 1, highest: 3 }));
    expect(server.open(at(frames, 4))).toEqual(E.right(Uint8Array.of(4)));
  });

  it('seals into a caller buffer at an offset, and refuses one too small', () => {
    const { client, server } = pair();
    const message = Uint8Array.of(1, 2, 3);
    const out = new Uint8Array(64);
    const written = client.sealInto(message, out, 10);
    expect(written).toBe(client.sealedLength(3));
    expect(server.open(out.subarray(10, 10 + written))).toEqual(E.right(message));
    expect(() => client.sealInto(message, new Uint8Array(10), 0)).toThrow(RangeError);
  });

  it('returns plaintexts the caller owns (reusing the frame buffer does not change them)', () => {
    const { client, server } = pair();
    const frame = client.seal(Uint8Array.of(9, 9));
    const opened = server.open(frame);
    frame.fill(0);
    expect(opened).toEqual(E.right(Uint8Array.of(9, 9)));
  });

  it('refuses invalid options as configuration bugs', () => {
    const keys = randomSessionKeys();
    expect(() => createNodeChannel({ keys, role: 'client', maxMessagesPerKey: 0 })).toThrow(RangeError);
    expect(() => createNodeChannel({ keys, role: 'client', maxMessagesPerKey: 2 ** 33 })).toThrow(RangeError);
    expect(() => createNodeChannel({ keys, role: 'client', keyRotationIntervalSeconds: 0 })).toThrow(RangeError);
    expect(() => createNodeChannel({ keys: { ...keys, clientToServer: new Uint8Array(16) }, role: 'client' })).toThrow(RangeError);
  });
});
