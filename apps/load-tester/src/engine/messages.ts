// What a thread's engine reports: a tick every second (running totals and the
// latencies of that second) and a final account. Plain data: it crosses threads.
import type { EncodedHistograms } from '../metrics/histograms';
import type { Totals } from '../metrics/totals';

/** Once a second from each thread. */
export interface EngineTick {
  /** Counters since the start (gauges: now). */
  readonly totals: Totals;
  /** Latencies recorded since the previous tick. */
  readonly interval: EncodedHistograms;
  /** The phase in force ('settle' after the last one). */
  readonly phase: string;
  /** Event-loop utilisation of the thread over the last second (0..1). */
  readonly elu: number;
  /** Milliseconds since this thread started, and since its previous tick (timers drift on a busy loop). */
  readonly atMs: number;
  readonly intervalMs: number;
}

/** At the end, from each thread. */
export interface EngineFinal {
  readonly totals: Totals;
  /** Latencies of the whole run. */
  readonly histograms: EncodedHistograms;
  readonly closeCodes: ReadonlyArray<readonly [number, number]>;
  readonly errorCodes: ReadonlyArray<readonly [number, number]>;
  readonly connectErrors: ReadonlyArray<readonly [string, number]>;
  /** Most sessions open at once in this thread. */
  readonly peakConnected: number;
  /** Actions still unanswered when the settle period ended. */
  readonly outstandingAtEnd: number;
}
