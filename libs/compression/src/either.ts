// fp-ts's Either values, built here so that no runtime import of fp-ts is needed: fp-ts 2.x
// has no `exports` map, so Node's ESM loader cannot resolve `fp-ts/Either` from dist/*.mjs.
// The values are structurally fp-ts's own: every fp-ts function accepts them.
import type { Either } from 'fp-ts/Either';

/** fp-ts `left`. */
export function left<E, A = never>(error: E): Either<E, A> {
  return { _tag: 'Left', left: error };
}

/** fp-ts `right`. */
export function right<A, E = never>(value: A): Either<E, A> {
  return { _tag: 'Right', right: value };
}
