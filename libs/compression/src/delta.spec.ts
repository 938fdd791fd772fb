import fc from 'fast-check';
import { applyDelta, createDeltaCodec, encodeDelta } from './delta-codec';
import { DELTA_FORMAT_VERSION, readDeltaHeader } from './delta-format';
import { fnv1a32 } from './fnv1a';
import { anyPayload, applyEdits, bytesEqual, edits, snapshotBytes } from './testing/arbitraries';
import { advanceSnapshot, generateSnapshot, insertEntities, removeEntities } from './testing/game-state';

const RUNS = { numRuns: 1000 };

/** A base and a target that shares some of it (the usual case) or nothing (the worst). */
const basePair = fc.oneof(
  fc.tuple(anyPayload(), edits()).map(([base, list]) => [base, applyEdits(base, list)] as const),
  fc.tuple(snapshotBytes(), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat()).map(
    ([base, fraction, seed]) => [base, advanceSnapshot(base, fraction, seed)] as const,
  ),
  fc.tuple(anyPayload(), anyPayload()),
);

function applied(base: Uint8Array, delta: Uint8Array): Uint8Array {
  const result = applyDelta(base, delta);
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right;
}

describe('delta encoding', () => {
  it('round-trips: applying encode(base, target) to base gives target', () => {
    const codec = createDeltaCodec();
    fc.assert(
      fc.property(basePair, ([base, target]) => {
        expect(bytesEqual(applied(base, codec.encode(base, target)), target)).toBe(true);
      }),
      RUNS,
    );
  });

  it('never makes a delta more than 24 bytes longer than the target', () => {
    fc.assert(
      fc.property(basePair, ([base, target]) => {
        expect(encodeDelta(base, target).length).toBeLessThanOrEqual(target.length + 24);
      }),
      RUNS,
    );
  });

  it('detects a delta applied to the wrong base', () => {
    fc.assert(
      fc.property(basePair, edits(), ([base, target], list) => {
        const other = applyEdits(base, list);
        fc.pre(!bytesEqual(other, base));
        expect(applyDelta(other, encodeDelta(base, target))).toMatchObject({ _tag: 'Left', left: { kind: 'wrong-base' } });
      }),
      RUNS,
    );
  });

  it('keeps a delta with 5% of entities changed under 15% of the snapshot', () => {
    for (const entities of [120, 1000, 2000]) {
      const base = generateSnapshot(entities, entities);
      const target = advanceSnapshot(base, 0.05, 7);
      const delta = encodeDelta(base, target);
      expect(bytesEqual(applied(base, delta), target)).toBe(true);
      expect(delta.length / target.length).toBeLessThan(0.15);
    }
  });

  it('handles growth, truncation and shifted records compactly', () => {
    const base = generateSnapshot(1000, 5);
    const cases = [
      generateSnapshot(1100, 5), // 100 entities appended (different count in the header)
      base.slice(0, base.length - 3200), // truncated by 100 records
      removeEntities(base, [3, 400, 401, 998]),
      insertEntities(base, 250, 2),
    ];
    const limits = [3300, 40, 80, 140];
    cases.forEach((target, k) => {
      const delta = encodeDelta(base, target);
      expect(bytesEqual(applied(base, delta), target)).toBe(true);
      expect(delta.length).toBeLessThan(limits[k] as number);
    });
  });

  it('encodes empty bases and empty targets', () => {
    const some = Uint8Array.of(1, 2, 3);
    for (const [base, target] of [[new Uint8Array(0), some], [some, new Uint8Array(0)], [new Uint8Array(0), new Uint8Array(0)]] as const) {
      expect(applied(base, encodeDelta(base, target))).toEqual(target);
    }
  });

  it('writes a header naming both snapshots', () => {
    const base = Uint8Array.of(1, 2, 3, 4);
    const target = Uint8Array.of(1, 2, 3, 4, 5);
    expect(readDeltaHeader(encodeDelta(base, target))).toMatchObject({
      _tag: 'Right',
      right: { version: DELTA_FORMAT_VERSION, baseLength: 4, baseHash: fnv1a32(base), targetLength: 5, targetHash: fnv1a32(target), opsOffset: 11 },
    });
  });

  it('refuses a target over the limit, an unknown version and a tampered literal', () => {
    const base = generateSnapshot(100);
    const target = advanceSnapshot(base, 0.1);
    const delta = encodeDelta(base, target);
    expect(applyDelta(base, delta, target.length - 1)).toMatchObject({ _tag: 'Left', left: { kind: 'too-large', declared: target.length } });
    const future = delta.slice();
    future[0] = 2;
    expect(applyDelta(base, future)).toMatchObject({ _tag: 'Left', left: { kind: 'unsupported-version', version: 2 } });
    const tampered = delta.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 0x01;
    expect(applyDelta(base, tampered)).toMatchObject({ _tag: 'Left', left: { kind: 'corrupt' } });
    expect(applyDelta(base, delta.subarray(0, delta.length - 1))).toMatchObject({ _tag: 'Left' });
  });

  it('counts deltas made, applied and refused', () => {
    const codec = createDeltaCodec({ maxTargetBytes: 10_000 });
    const base = generateSnapshot(200);
    const target = advanceSnapshot(base, 0.05);
    const delta = codec.encode(base, target);
    codec.apply(base, delta);
    codec.apply(target, delta);
    expect(codec.stats()).toMatchObject({
      encode: { calls: 1, bytesIn: target.length, bytesOut: delta.length, ratio: target.length / delta.length },
      apply: { calls: 1, bytesIn: delta.length, bytesOut: target.length },
      errors: { 'wrong-base': 1 },
    });
    expect(() => createDeltaCodec({ maxTargetBytes: -1 })).toThrow(RangeError);
  });
});
