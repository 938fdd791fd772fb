import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { randomSessionKeys } from '../test/vectors';
import { CryptoErrorKinds } from './errors';
import { createNodeChannel } from './node/aead';
import { createPlayerTokensSync, createResumeTicketsSync } from './node/tokens';
import { decodeKeyShare } from './suites';

const FRAMES = 100_000;
const kinds: readonly string[] = CryptoErrorKinds;

/** A deterministic mix of random inputs and single-byte mutations of a valid one. */
function mutations(valid: Uint8Array, count: number, seed: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  fc.sample(
    fc.oneof(
      fc.uint8Array({ maxLength: 96 }),
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => {
        const copy = valid.slice();
        copy[at % copy.length] = (copy[at % copy.length] ?? 0) ^ xor;
        return copy;
      }),
      fc.nat().map((cut) => valid.subarray(0, cut % valid.length)),
    ),
    { numRuns: count, seed },
  ).forEach((input) => out.push(input));
  return out;
}

describe('fuzz: 100,000 random and mutated inputs per decoder, typed errors only', () => {
  it('SyncChannel.open', () => {
    const keys = randomSessionKeys();
    const client = createNodeChannel({ keys, role: 'client' });
    const server = createNodeChannel({ keys, role: 'server' });
    const valid = client.seal(new Uint8Array(40).fill(7));
    const unexpected: string[] = [];
    for (const input of mutations(valid, FRAMES, 42)) {
      const result = server.open(input);
      if (E.isLeft(result)) {
        if (!kinds.includes(result.left.kind)) unexpected.push(result.left.kind);
      } else if (input.length !== valid.length || input.some((b, i) => b !== valid[i])) {
        unexpected.push('accepted a changed frame'); // only the untouched frame may open
      }
    }
    expect(unexpected).toEqual([]);
  });

  it('player token and resume ticket verification', () => {
    const secret = 'fuzzing secret, thirty-two bytes or more';
    const tokens = createPlayerTokensSync(secret);
    const tickets = createResumeTicketsSync(secret);
    if (E.isLeft(tokens) || E.isLeft(tickets)) throw new Error('secret refused');
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    const token = tokens.right.issue({ playerId: 'p', expiresInSeconds: 60 });
    const ticket = tickets.right.issue({ playerId: 'p', sessionId: 's', nodeId: 'n', expiresInSeconds: 60 });
    let accepted = 0;
    for (const input of mutations(encoder.encode(token), FRAMES / 2, 7)) {
      if (E.isRight(tokens.right.verify(decoder.decode(input)))) accepted += 1;
    }
    for (const input of mutations(encoder.encode(ticket), FRAMES / 2, 8)) {
      if (E.isRight(tickets.right.verify(decoder.decode(input)))) accepted += 1;
    }
    expect(accepted).toBe(0);
  });

  it('decodeKeyShare', () => {
    const valid = Uint8Array.of(1, ...new Uint8Array(32).fill(5));
    const unexpected: string[] = [];
    for (const input of mutations(valid, FRAMES, 3)) {
      const result = decodeKeyShare(input);
      if (E.isLeft(result) && !kinds.includes(result.left.kind)) unexpected.push(result.left.kind);
    }
    expect(unexpected).toEqual([]);
  });
});
