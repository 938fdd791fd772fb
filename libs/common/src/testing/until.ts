// Waiting in tests: poll a condition every 5 ms (sockets and world ticks answer within a
// few), failing with a plain error once the time is up.

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves once `check()` holds; rejects after `timeoutMs`, naming `what` it waited for. */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not met in time`);
    await sleep(5);
  }
}
