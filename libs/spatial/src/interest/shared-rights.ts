import * as E from 'fp-ts/lib/Either.js';

/** The shared success-without-value: moves and inserts return it, so success never allocates. Internal. */
export const RIGHT_VOID: E.Either<never, void> = Object.freeze(E.right(undefined));

/** Frozen success values for small counts, so most queries return without allocating. Internal. */
const SMALL: readonly E.Either<never, number>[] = Array.from({ length: 256 }, (_, n) => Object.freeze(E.right(n)));

/** `E.right(n)`, shared for n < 256. */
export function rightCount(n: number): E.Either<never, number> {
  return SMALL[n] ?? E.right(n);
}
