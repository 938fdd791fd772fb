// Per-player, per-direction sequence numbers (u32, wrapping). The sender stamps every
// game-data message with `SequenceCounter.next()`; the receiver runs `SequenceTracker`,
// which tells loss, duplication and reordering apart (a 64-wide window, as in DTLS
// anti-replay), so a transfer that lost or doubled a message is detectable.

/** Hands out consecutive u32 sequence numbers, wrapping after 2^32 - 1. */
export class SequenceCounter {
  private n: number;

  /** `first` is the number the first `next()` returns (default 1). */
  constructor(first = 1) {
    this.n = first >>> 0;
  }

  /** The next sequence number. */
  next(): number {
    const v = this.n;
    this.n = (this.n + 1) >>> 0;
    return v;
  }

  /** The number `next()` will return, without consuming it. */
  peek(): number {
    return this.n;
  }

  /** The last number handed out (`first - 1` before any). */
  last(): number {
    return (this.n - 1) >>> 0;
  }
}

/** What the receiver learns from one sequence number. */
export type SeqVerdict =
  /** Exactly the expected number. */
  | { readonly kind: 'in-order' }
  /** Ahead of the expected number: `missing` messages were skipped (lost or still in flight). */
  | { readonly kind: 'gap'; readonly missing: number }
  /** Behind, but never seen: it fills an earlier gap (reordered). */
  | { readonly kind: 'late' }
  /** Seen before. */
  | { readonly kind: 'duplicate' }
  /** Too far behind to tell (outside the window); treat as a duplicate. */
  | { readonly kind: 'stale' };

const IN_ORDER: SeqVerdict = { kind: 'in-order' };
const LATE: SeqVerdict = { kind: 'late' };
const DUPLICATE: SeqVerdict = { kind: 'duplicate' };
const STALE: SeqVerdict = { kind: 'stale' };
const WINDOW = 64;

/** Classifies received sequence numbers against what was received before. */
export class SequenceTracker {
  private expected: number;
  // Bit i set: (expected - 1 - i) was received. Two 32-bit halves, to stay in Smi arithmetic.
  private lo = 0;
  private hi = 0;
  private counts = { inOrder: 0, gaps: 0, missing: 0, late: 0, duplicates: 0 };

  /** `firstExpected` is the first number the sender will use (default 1). */
  constructor(firstExpected = 1) {
    this.expected = firstExpected >>> 0;
  }

  /** The highest sequence number received so far (`firstExpected - 1` before any): what Resume reports. */
  lastReceived(): number {
    return (this.expected - 1) >>> 0;
  }

  /** Totals since creation, for metrics and tests. */
  stats(): { readonly inOrder: number; readonly gaps: number; readonly missing: number; readonly late: number; readonly duplicates: number } {
    return { ...this.counts };
  }

  /** Records `seq` and says how it relates to the numbers seen before. */
  observe(seq: number): SeqVerdict {
    const ahead = (seq - this.expected) >>> 0;
    if (ahead === 0) {
      this.shift(1);
      this.expected = (this.expected + 1) >>> 0;
      this.counts.inOrder++;
      return IN_ORDER;
    }
    if (ahead < 0x80000000) {
      this.shift(ahead + 1);
      this.expected = (seq + 1) >>> 0;
      this.counts.gaps++;
      this.counts.missing += ahead;
      return { kind: 'gap', missing: ahead };
    }
    const behind = (this.expected - 1 - seq) >>> 0; // 0 = the last one received
    if (behind >= WINDOW) {
      this.counts.duplicates++;
      return STALE;
    }
    if (this.has(behind)) {
      this.counts.duplicates++;
      return DUPLICATE;
    }
    this.mark(behind);
    this.counts.late++;
    this.counts.missing--;
    return LATE;
  }

  /** Moves the window forward by `n` and marks the newest number as received. */
  private shift(n: number): void {
    if (n >= WINDOW) {
      this.lo = 0;
      this.hi = 0;
    } else if (n >= 32) {
      this.hi = this.lo << (n - 32);
      this.lo = 0;
    } else {
      this.hi = (this.hi << n) | (n === 0 ? 0 : this.lo >>> (32 - n));
      this.lo = this.lo << n;
    }
    this.lo |= 1;
  }

  private has(i: number): boolean {
    return i < 32 ? (this.lo & (1 << i)) !== 0 : (this.hi & (1 << (i - 32))) !== 0;
  }

  private mark(i: number): void {
    if (i < 32) this.lo |= 1 << i;
    else this.hi |= 1 << (i - 32);
  }
}

/** True when u32 `a` comes after `b` in serial-number order (RFC 1982): equal is not newer, and the wrap is handled. */
export function seqNewer(a: number, b: number): boolean {
  const d = (a - b) >>> 0;
  return d !== 0 && d < 0x8000_0000;
}
