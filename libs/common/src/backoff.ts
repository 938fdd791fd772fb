/**
 * Exponential backoff with equal jitter: half of `min(maxMs, baseMs * 2^attempt)` is fixed,
 * half random, so a crowd that lost the same peer does not come back in one wave.
 * `attempt` counts from 0.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
