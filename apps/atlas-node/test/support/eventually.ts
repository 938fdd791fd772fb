// Polling for tests and drills that wait on other processes, HTTP answers or the node's state.

/**
 * Calls `probe` every `everyMs` until it yields a value (anything but `undefined` or `false`)
 * and resolves with that value; throws once `ms` have passed without one.
 */
export async function eventually<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
