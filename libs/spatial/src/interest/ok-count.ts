import type { Result } from '../result';

/** Frozen success values for small counts, so most queries return without allocating. Internal. */
const SMALL: readonly { readonly ok: true; readonly value: number }[] = Array.from({ length: 256 }, (_, value) =>
  Object.freeze({ ok: true, value } as const),
);

/** `ok(n)`, shared for n < 256. */
export function okCount(n: number): Result<number, never> {
  return SMALL[n] ?? { ok: true, value: n };
}
