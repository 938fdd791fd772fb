// fast-check arbitraries for compression tests: payloads from incompressible to highly
// redundant, so both the compressed and the raw fallback paths get exercised.
import fc from 'fast-check';
import { generateSnapshot } from './game-state';

/** Random bytes: LZ4 and deflate rarely gain, so frames go raw. */
export const randomBytes = (maxLength = 2048): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

/** Runs of a few short chunks repeated: compresses well. */
export const redundantBytes = (maxLength = 8192): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(fc.array(fc.uint8Array({ minLength: 1, maxLength: 24 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 600 }))
    .map(([chunks, picks]) => {
      const parts = picks.map((p) => chunks[p % chunks.length] as Uint8Array);
      const length = Math.min(maxLength, parts.reduce((n, c) => n + c.length, 0));
      const out = new Uint8Array(length);
      let at = 0;
      for (const part of parts) {
        if (at >= length) break;
        out.set(part.subarray(0, length - at), at);
        at += part.length;
      }
      return out;
    });

/** A generated game-state snapshot of 0..300 entities. */
export const snapshotBytes = (): fc.Arbitrary<Uint8Array> =>
  fc.tuple(fc.nat({ max: 300 }), fc.nat()).map(([entities, seed]) => generateSnapshot(entities, seed));

/** Any of the above. */
export const anyPayload = (): fc.Arbitrary<Uint8Array> => fc.oneof(randomBytes(), redundantBytes(), snapshotBytes());

/** An edit of a byte array: what tends to happen between two snapshots. */
export type Edit =
  | { readonly kind: 'set'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'remove'; readonly at: number; readonly length: number }
  | { readonly kind: 'truncate'; readonly length: number }
  | { readonly kind: 'append'; readonly bytes: Uint8Array };

/** Random edits. Positions are fractions of the length at the time of the edit, so they always fit. */
export const edits = (): fc.Arbitrary<Array<Edit>> =>
  fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 80 }) }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
      fc.record({ kind: fc.constant('truncate' as const), length: fc.nat() }),
      fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 200 }) }),
    ),
    { maxLength: 8 },
  );

/** Applies `list` to a copy of `bytes`. */
export function applyEdits(bytes: Uint8Array, list: readonly Edit[]): Uint8Array {
  let out = bytes.slice();
  for (const edit of list) {
    const n = out.length;
    switch (edit.kind) {
      case 'set': {
        if (n === 0) break;
        const at = edit.at % n;
        out.set(edit.bytes.subarray(0, n - at), at);
        break;
      }
      case 'insert': {
        const at = n === 0 ? 0 : edit.at % (n + 1);
        const next = new Uint8Array(n + edit.bytes.length);
        next.set(out.subarray(0, at));
        next.set(edit.bytes, at);
        next.set(out.subarray(at), at + edit.bytes.length);
        out = next;
        break;
      }
      case 'remove': {
        if (n === 0) break;
        const at = edit.at % n;
        const end = Math.min(n, at + edit.length);
        const next = new Uint8Array(n - (end - at));
        next.set(out.subarray(0, at));
        next.set(out.subarray(end), at);
        out = next;
        break;
      }
      case 'truncate':
        out = out.slice(0, n === 0 ? 0 : edit.length % (n + 1));
        break;
      case 'append': {
        const next = new Uint8Array(n + edit.bytes.length);
        next.set(out);
        next.set(edit.bytes, n);
        out = next;
        break;
      }
    }
  }
  return out;
}

/** Byte-wise equality; far faster than Jest's `toEqual` on typed arrays inside property runs. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
