import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, isRetryable, type ClusterError } from '../model/errors';
import { backoffDelay } from '@atlas/common';

/** Options of a {@link RetryQueue}. */
export interface RetryQueueOptions {
  /** Most pending writes; the oldest is dropped (and reported) when a new one arrives. Default 1000. */
  readonly maxSize: number;
  /** Default 50 ms. */
  readonly baseDelayMs: number;
  /** Default 2000 ms. */
  readonly maxDelayMs: number;
  readonly random?: () => number;
}

/** Defaults of {@link RetryQueueOptions}. */
export const DEFAULT_RETRY: RetryQueueOptions = { maxSize: 1000, baseDelayMs: 50, maxDelayMs: 2000 };

type Write = () => Promise<E.Either<ClusterError, unknown>>;

interface Entry {
  readonly write: Write;
  attempt: number;
  dueAt: number;
}

/**
 * Writes that failed because the store was unreachable, retried with backoff until they
 * succeed or fail for a logical reason. Keyed: a newer write for the same key (say,
 * `session:p1`) replaces the pending one, because only the latest intent matters.
 */
export class RetryQueue {
  private readonly entries = new Map<string, Entry>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private stopped = false;

  constructor(
    private readonly options: RetryQueueOptions,
    /** Told about writes given up on: a logical error, or dropped for space (`queue_full`). */
    private readonly onGiveUp: (key: string, error: ClusterError) => void,
  ) {}

  /** Pending writes. */
  get size(): number {
    return this.entries.size;
  }

  /** Queues a write (first try after the base delay). */
  enqueue(key: string, write: Write): void {
    if (this.stopped) return;
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxSize) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) {
        this.entries.delete(oldest);
        this.onGiveUp(oldest, ClusterErrors.queueFull(oldest));
      }
    }
    this.entries.set(key, { write, attempt: 0, dueAt: Date.now() + this.delay(0) });
    this.schedule();
  }

  /** Drops a pending write (its intent was superseded, e.g. a session was claimed again). */
  cancel(key: string): void {
    this.entries.delete(key);
  }

  /** Tries every pending write now (the store just came back). */
  async flush(): Promise<void> {
    for (const entry of this.entries.values()) entry.dueAt = 0;
    await this.drain();
  }

  /** Stops retrying and forgets everything pending. */
  stop(): void {
    this.stopped = true;
    this.entries.clear();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private delay(attempt: number): number {
    return backoffDelay(attempt, this.options.baseDelayMs, this.options.maxDelayMs, this.options.random);
  }

  private schedule(): void {
    if (this.stopped || this.running || this.timer !== null || this.entries.size === 0) return;
    let due = Infinity;
    for (const entry of this.entries.values()) due = Math.min(due, entry.dueAt);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, Math.max(0, due - Date.now()));
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const now = Date.now();
      for (const [key, entry] of [...this.entries]) {
        if (entry.dueAt > now) continue;
        const result = await entry.write().catch((error: unknown) => E.left(ClusterErrors.unavailable(String(error))));
        if (this.entries.get(key) !== entry) continue; // replaced or cancelled meanwhile
        if (E.isRight(result)) {
          this.entries.delete(key);
        } else if (isRetryable(result.left)) {
          entry.attempt += 1;
          entry.dueAt = Date.now() + this.delay(entry.attempt);
        } else {
          this.entries.delete(key);
          this.onGiveUp(key, result.left);
        }
      }
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
