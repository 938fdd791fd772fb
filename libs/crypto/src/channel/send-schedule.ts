/**
 * Send-side counters and the re-key trigger. Counters run on across epochs (they never
 * repeat in a direction); the epoch moves on after `maxMessagesPerKey` frames or
 * `intervalMs` milliseconds, whichever comes first, at the next seal.
 */
export class SendSchedule {
  private nextCounter = 0;
  private currentEpoch = 0;
  private epochMessages = 0;
  private epochStartedAt: number;

  constructor(
    private readonly intervalMs: number,
    private readonly maxMessagesPerKey: number,
    private readonly now: () => number,
  ) {
    this.epochStartedAt = now();
  }

  /** The epoch of the last sealed frame. */
  get epoch(): number {
    return this.currentEpoch;
  }

  /** Frames sealed so far in this direction. */
  get sealed(): number {
    return this.nextCounter;
  }

  /** Reserves the next counter; returns true if this frame starts a new epoch. */
  advance(): boolean {
    let rotated = false;
    if (this.epochMessages >= this.maxMessagesPerKey || this.now() - this.epochStartedAt >= this.intervalMs) {
      this.currentEpoch += 1;
      this.epochMessages = 0;
      this.epochStartedAt = this.now();
      rotated = true;
    }
    this.epochMessages += 1;
    this.nextCounter += 1;
    return rotated;
  }

  /** The counter reserved by the last advance(). */
  get counter(): number {
    return this.nextCounter - 1;
  }
}
