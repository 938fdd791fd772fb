import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { DeltaOp, readDeltaHeader, varintError } from './delta-format';
import { corrupt, tooLarge, truncated, type CompressionError } from './errors';
import { fnv1a32 } from './fnv1a';
import { readVarint, type Cursor } from './varint';

const cursor: Cursor = { offset: 0 };
// Bound once: global lookups are slow inside vm contexts such as Jest's.
const floor = Math.floor;

/**
 * Rebuilds the target snapshot from `base` and `delta`. Refuses a delta made against another
 * base (length or FNV-1a differ: `wrong-base`), a target over `maxTargetBytes` (before
 * allocating it), and ops that leave either snapshot or disagree with the target's hash
 * (`corrupt`). Work is bounded by the delta and target lengths. Never throws.
 */
export function applyDeltaWith(base: Uint8Array, delta: Uint8Array, maxTargetBytes: number): Either<CompressionError, Uint8Array> {
  const parsed = readDeltaHeader(delta);
  if (parsed._tag === 'Left') return parsed;
  const { baseLength, baseHash, targetLength, targetHash, opsOffset } = parsed.right;
  if (targetLength > maxTargetBytes) return left(tooLarge('delta', 1, targetLength, maxTargetBytes));
  const actualHash = base.length === baseLength ? fnv1a32(base) : 0;
  if (base.length !== baseLength || actualHash !== baseHash) {
    return left({
      kind: 'wrong-base',
      expectedLength: baseLength,
      actualLength: base.length,
      expectedHash: baseHash,
      actualHash,
      offset: 1,
      message: `delta: made against a ${baseLength}-byte base with hash ${baseHash}, applied to ${base.length} bytes${
        base.length === baseLength ? ` with hash ${actualHash}` : ''
      }`,
    });
  }
  let out: Uint8Array;
  try {
    out = new Uint8Array(targetLength);
  } catch {
    return left(tooLarge('delta', 1, targetLength, maxTargetBytes));
  }
  let i = 0;
  let j = 0;
  cursor.offset = opsOffset;
  while (cursor.offset < delta.length) {
    const at = cursor.offset;
    const header = readVarint(delta, cursor);
    if (header < 0) return left(varintError(header, at, 'an op header'));
    const op = header % 4;
    const value = floor(header / 4);
    if (op === DeltaOp.Seek) {
      j += value % 2 === 0 ? value / 2 : -(value + 1) / 2;
      continue;
    }
    if (value === 0 || op > DeltaOp.Seek) return left(corrupt('delta', at, `invalid op ${op} of length ${value}`));
    if (value > targetLength - i) return left(corrupt('delta', at, 'op runs past the end of the target'));
    if (op === DeltaOp.Copy) {
      if (j < 0 || value > baseLength - j) return left(corrupt('delta', at, 'copy reaches outside the base'));
      out.set(base.subarray(j, j + value), i);
    } else {
      const from = cursor.offset;
      if (value > delta.length - from) return left(truncated('delta', from, 'a literal'));
      out.set(delta.subarray(from, from + value), i);
      cursor.offset = from + value;
    }
    i += value;
    j += value;
  }
  if (i !== targetLength) return left(truncated('delta', delta.length, `the ops (${i} of ${targetLength} bytes)`));
  if (fnv1a32(out) !== targetHash) return left(corrupt('delta', 0, 'result does not match the target hash'));
  return right(out);
}
