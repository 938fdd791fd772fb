/** Calls every listener; a throwing listener is reported and never reaches the caller's event loop. */
export function emitSafely<T>(listeners: Iterable<(value: T) => void>, value: T, onError: (error: unknown) => void): void {
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch (error) {
      try {
        onError(error);
      } catch {
        // An error hook that throws has nowhere left to report to.
      }
    }
  }
}

/** Default hook for listener errors: ignore (callers pass their logger). */
export const ignoreError = (_error: unknown): void => undefined;
