// What one thread records as it runs: latencies (whole run and current second), event
// counters players bump, and errors by code. Players call it directly; the engine
// reads it once a second.
import { HistogramSet, type EncodedHistograms, type HistogramName } from './histograms';

/** Counters of events (not derivable from the players' own statistics). */
export interface EventCounts {
  connectAttempts: number;
  connectOk: number;
  connectFailed: number;
  unexpectedCloses: number;
  inbandErrors: number;
}

/** Adds one to `key` of a count map. */
export function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** One thread's recordings. */
export class Recorder {
  readonly total = new HistogramSet();
  readonly interval = new HistogramSet();
  readonly events: EventCounts = { connectAttempts: 0, connectOk: 0, connectFailed: 0, unexpectedCloses: 0, inbandErrors: 0 };
  /** Unexpected WebSocket closes by close code. */
  readonly closeCodes = new Map<number, number>();
  /** In-band Error messages by error code. */
  readonly errorCodes = new Map<number, number>();
  /** Failed connection attempts by reason. */
  readonly connectErrors = new Map<string, number>();

  /** Records a latency sample (milliseconds) into the current second. */
  record(name: HistogramName, ms: number): void {
    this.interval.record(name, ms);
  }

  /** Ends the current second: its latencies, encoded, are added to the run's and returned. */
  rollInterval(): EncodedHistograms {
    const encoded = this.interval.encode();
    this.total.add(this.interval);
    this.interval.reset();
    return encoded;
  }

  /** A connection attempt failed for `reason`. */
  connectFailed(reason: string): void {
    this.events.connectFailed++;
    bump(this.connectErrors, reason.length > 80 ? `${reason.slice(0, 77)}...` : reason);
  }

  /** An open connection closed without the tester asking. */
  closedUnexpectedly(code: number): void {
    this.events.unexpectedCloses++;
    bump(this.closeCodes, code);
  }

  /** The server sent an in-band Error. */
  inbandError(code: number): void {
    this.events.inbandErrors++;
    bump(this.errorCodes, code);
  }
}
