/**
 * "Log once per source per interval": a flood of bad requests from one peer gives one log
 * line per interval (with how many were not logged), never one per request.
 */

/** Most sources remembered; past it the oldest is forgotten (a flood from many addresses stays bounded). */
const MAX_SOURCES = 4096;

/** Decides, per source key, whether this occurrence is logged. */
export class LogLimiter {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly intervalMs: number) {}

  /** The number of occurrences suppressed since the last logged one, or undefined to stay quiet. */
  take(source: string, now = Date.now()): number | undefined {
    const seen = this.last.get(source);
    if (seen !== undefined && now - seen.at < this.intervalMs) {
      seen.suppressed++;
      return undefined;
    }
    this.last.delete(source);
    if (this.last.size >= MAX_SOURCES) {
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
    this.last.set(source, { at: now, suppressed: 0 });
    return seen?.suppressed ?? 0;
  }
}
