/**
 * A tiny Either-like result. spatial has zero dependencies, so it cannot use fp-ts;
 * `{ ok, value } | { ok, error }` converts to an fp-ts Either in one line at the caller.
 */
export type Result<A, E> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: E };

/** Wraps a success value. */
export function ok<A>(value: A): { readonly ok: true; readonly value: A } {
  return { ok: true, value };
}

/** Wraps a failure. */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

/** The shared success-without-value: returned by hot paths (moves) so success never allocates. */
export const OK_VOID: { readonly ok: true; readonly value: undefined } = Object.freeze({ ok: true, value: undefined });
