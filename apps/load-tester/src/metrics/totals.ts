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

/** The counters one connection keeps of its own traffic (the client SDK's stats name them so too). */
const TRAFFIC_KEYS = ['messagesSent', 'messagesReceived', 'framesSent', 'framesReceived', 'bytesSent', 'bytesReceived', 'reconnects'] as const satisfies readonly TotalKey[];
/** A connection's traffic counters. */
export type Traffic = Record<(typeof TRAFFIC_KEYS)[number], number>;

/** Adds a connection's traffic counters into `t` (every mode's player keeps the same ones). */
export function addTraffic(t: Totals, traffic: Readonly<Traffic>): void {
  for (const k of TRAFFIC_KEYS) t[k] += traffic[k];
}

/** `a - b`, key by key. */
export function diffTotals(a: Readonly<Totals>, b: Readonly<Totals>): Totals {
  const out = zeroTotals();
  for (const k of TOTAL_KEYS) out[k] = a[k] - b[k];
  return out;
}
