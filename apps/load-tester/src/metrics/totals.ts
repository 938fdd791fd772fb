// Additive counters of a run. Players keep their own; each thread sums them (plus its
// event counters) every second, and the main thread sums the threads.

/** The counters, all additive across players and threads. */
export const TOTAL_KEYS = [
  'connectAttempts',
  'connectOk',
  'connectFailed',
  'reconnects',
  'unexpectedCloses',
  'inbandErrors',
  'badFrames',
  'messagesSent',
  'messagesReceived',
  'framesSent',
  'framesReceived',
  'bytesSent',
  'bytesReceived',
  'movesSent',
  'actionsSent',
  'actionsEchoed',
  'actionDuplicates',
  'actionsLate',
  'transfersStarted',
  'transfersCompleted',
  'transfersAborted',
  'seqInOrder',
  'seqGaps',
  'seqMissing',
  'seqLate',
  'seqDuplicates',
  /** The cross-border check (metrics/cross-border.ts: CrossBorderCounts). */
  'xborderSyncs',
  'xborderSamples',
  'xborderRecallSum',
  'xborderTruth',
  'xborderSeen',
  'xborderExtra',
  'xborderUnmatched',
  'xborderFull',
  /** Gauges: summed across threads but not across time. */
  'connected',
  'outstanding',
] as const;
/** One counter name. */
export type TotalKey = (typeof TOTAL_KEYS)[number];
/** A set of counters. */
export type Totals = Record<TotalKey, number>;

/** All zero. */
export function zeroTotals(): Totals {
  return Object.fromEntries(TOTAL_KEYS.map((k) => [k, 0])) as Totals;
}

/** Adds `b` into `a`. */
export function addTotals(a: Totals, b: Readonly<Totals>): Totals {
  for (const k of TOTAL_KEYS) a[k] += b[k];
  return a;
}

/** `a - b`, key by key. */
export function diffTotals(a: Readonly<Totals>, b: Readonly<Totals>): Totals {
  const out = zeroTotals();
  for (const k of TOTAL_KEYS) out[k] = a[k] - b[k];
  return out;
}
