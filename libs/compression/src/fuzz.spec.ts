// Fuzz: random and mutated frames and deltas never throw; every failure is a typed error.
import { seededRandom } from '@atlas/common';
import fc from 'fast-check';
import type { Either } from 'fp-ts/lib/Either.js';
import { createCompressor } from './compressor';
import { applyDelta, encodeDelta } from './delta-codec';
import { readDeltaHeader } from './delta-format';
import { CompressionErrorKind, type CompressionError } from './errors';
import { readFrameHeader } from './frame';
import { anyPayload } from './testing/arbitraries';
import { advanceSnapshot, generateSnapshot, insertEntities, snapshotOfSize } from './testing/game-state';

const KINDS = new Set<string>(Object.values(CompressionErrorKind));
const LIMIT = 64 * 1024;
const decoder = createCompressor({ algorithm: 'none', maxDecompressedBytes: LIMIT });

/** True when `result` is a payload within the limit or a typed error; false otherwise. */
function wellFormed(result: Either<CompressionError, { length: number } | object>): boolean {
  if (result._tag === 'Left') return KINDS.has(result.left.kind) && typeof result.left.message === 'string';
  return !('length' in result.right) || (result.right as Uint8Array).length <= LIMIT;
}

const floor = Math.floor;

function splice(bytes: Uint8Array, at: number, removed: number, inserted: Uint8Array): Uint8Array {
  const end = Math.min(bytes.length, at + removed);
  const out = new Uint8Array(bytes.length - (end - at) + inserted.length);
  out.set(bytes.subarray(0, at));
  out.set(inserted, at);
  out.set(bytes.subarray(end), at + inserted.length);
  return out;
}

/** One random mutation: bit flip, byte set, truncation, insertion, deletion or duplicated slice. */
function mutate(input: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number) => floor(random() * n);
  const bytes = input.slice();
  const n = bytes.length;
  switch (pick(6)) {
    case 0:
      if (n > 0) {
        const at = pick(n);
        bytes[at] = (bytes[at] as number) ^ (1 << pick(8));
      }
      return bytes;
    case 1:
      if (n > 0) bytes[pick(n)] = pick(256);
      return bytes;
    case 2:
      return bytes.slice(0, pick(n + 1));
    case 3: {
      const at = pick(n + 1);
      return splice(bytes, at, 0, Uint8Array.from({ length: 1 + pick(8) }, () => pick(256)));
    }
    case 4: {
      return splice(bytes, pick(n + 1), 1 + pick(8), new Uint8Array(0));
    }
    default: {
      return splice(bytes, pick(n + 1), 0, bytes.slice(pick(n + 1), pick(n + 1)));
    }
  }
}

describe('fuzz', () => {
  const snapshots = [snapshotOfSize(256, 1), snapshotOfSize(1024, 2), snapshotOfSize(4096, 3)];
  const frames = snapshots.flatMap((s) =>
    (['none', 'lz4', 'deflate'] as const).map((algorithm) => createCompressor({ algorithm, threshold: 0 }).compress(s)),
  );

  it('decompress never throws on mutated frames (fast-check)', () => {
    fc.assert(
      fc.property(anyPayload(), fc.constantFrom('none', 'lz4', 'deflate' as const), fc.nat(), fc.integer({ min: 1, max: 4 }), (payload, algorithm, seed, rounds) => {
        let frame = createCompressor({ algorithm, threshold: 0 }).compress(payload);
        const random = seededRandom(seed);
        for (let r = 0; r < rounds; r++) frame = mutate(frame, random);
        expect(wellFormed(decoder.decompress(frame))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('decompress and readFrameHeader never throw on 100,000 random and mutated frames', () => {
    const random = seededRandom(2024);
    let bad = 0;
    for (let k = 0; k < 100_000; k++) {
      let frame: Uint8Array;
      if (k % 4 === 0) {
        frame = Uint8Array.from({ length: floor(random() * 64) }, () => floor(random() * 256));
        if (frame.length > 0) frame[0] = floor(random() * 4);
      } else {
        frame = frames[k % frames.length] as Uint8Array;
        for (let r = 1 + floor(random() * 3); r > 0; r--) frame = mutate(frame, random);
      }
      if (!wellFormed(decoder.decompress(frame)) || !wellFormed(readFrameHeader(frame, LIMIT))) bad += 1;
    }
    expect(bad).toBe(0);
    expect(decoder.stats().errors.corrupt).toBeGreaterThan(1000);
  });

  it('applyDelta and readDeltaHeader never throw on 100,000 random and mutated deltas', () => {
    const base = generateSnapshot(60, 9);
    const deltas = [advanceSnapshot(base, 0.1), insertEntities(base, 10, 2), base.slice(0, 500), generateSnapshot(80, 4)].map((t) =>
      encodeDelta(base, t),
    );
    const random = seededRandom(77);
    let bad = 0;
    let applied = 0;
    for (let k = 0; k < 100_000; k++) {
      let delta: Uint8Array;
      if (k % 4 === 0) {
        delta = Uint8Array.from({ length: floor(random() * 48) }, () => floor(random() * 256));
        if (delta.length > 0) delta[0] = 1;
      } else {
        delta = deltas[k % deltas.length] as Uint8Array;
        for (let r = 1 + floor(random() * 3); r > 0; r--) delta = mutate(delta, random);
      }
      const result = applyDelta(base, delta, LIMIT);
      if (result._tag === 'Right') applied += 1;
      if (!wellFormed(result) || !wellFormed(readDeltaHeader(delta))) bad += 1;
    }
    expect(bad).toBe(0);
    expect(applied).toBeLessThan(100_000);
  });
});
