// The result type of every decoder. Structurally identical to fp-ts's Either (same
// `_tag`/`left`/`right` shape), so fp-ts functions (`isLeft`, `fold`, `pipe`, ...) work on
// it directly, while this package stays free of runtime dependencies (fp-ts's subpath
// modules cannot be imported from native ESM, and browsers need none of it).

/** A failure. */
export interface Left<E> {
  readonly _tag: 'Left';
  readonly left: E;
}

/** A success. */
export interface Right<A> {
  readonly _tag: 'Right';
  readonly right: A;
}

/** A failure or a success; the same shape as fp-ts's `Either`. */
export type Either<E, A> = Left<E> | Right<A>;

/** Wraps a failure. */
export const left = <E, A = never>(e: E): Either<E, A> => ({ _tag: 'Left', left: e });

/** Wraps a success. */
export const right = <A, E = never>(a: A): Either<E, A> => ({ _tag: 'Right', right: a });

/** True for a failure. */
export const isLeft = <E, A>(x: Either<E, A>): x is Left<E> => x._tag === 'Left';

/** True for a success. */
export const isRight = <E, A>(x: Either<E, A>): x is Right<A> => x._tag === 'Right';
