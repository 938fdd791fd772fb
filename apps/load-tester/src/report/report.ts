// The report of a load run: what was asked, what was measured, and how the tester
// itself fared. It is what `--out` writes as JSON and what the table, the HTML page
// and `--assert` read.
import type { Summary } from '../metrics/histograms';
import type { RebalanceReport } from '../metrics/rebalance';
import type { Mode } from '../options/load-options';

/** Version tag of the report's shape. */
export const REPORT_SCHEMA = 'atlas-load-report/1';

/** How a transfer's gaps are measured (also printed in the report and --help). */
export const GAP_DEFINITION =
  'gap: time between the ServerTransfer Started and Completed notices as the client receives them (the player is between servers; the node buffers its messages). ' +
  'silence: time from the last game message (action echo or state sync) received before Completed to the first one after it (includes the normal spacing of messages).';

/** The cross-border check's figures (`--cross-border`; see CROSS_BORDER_DEFINITION). */
export interface CrossBorderReport {
  /** Observer clients, and the settings the truth was computed with. */
  readonly observers: number;
  readonly ghostDistance: number;
  readonly syncRadius: number;
  readonly windowMs: number;
  /** Move sent -> first observer StateSync showing it (or a later move) as a ghost, ms. */
  readonly delay: Summary;
  /** The same for moves within `innerRing` units of the observer's region (the ring sent on every move). */
  readonly innerDelay: Summary;
  readonly innerRing: number;
  /** Observer StateSyncs received, and those with at least one player that should be listed (recall samples). */
  readonly syncs: number;
  readonly samples: number;
  /** Mean over the samples of listed / should-be-listed, 0..1 (0 without samples). */
  readonly recall: number;
  /** Σ listed / Σ should-be-listed over the samples, 0..1. */
  readonly recallPooled: number;
  /** Σ should-be-listed (truth) and Σ listed of those (seen). */
  readonly truth: number;
  readonly seen: number;
  /** Ghosts listed that were not in the truth (at the edge of range or in it for less than the window). */
  readonly extra: number;
  /** Ghost entries matching no move of the observer's thread (another thread's or another tester's players). */
  readonly unmatched: number;
  /** StateSyncs at the sim-server's limit of 32 entries (the truth may be more than one can list). */
  readonly full: number;
  readonly definition: string;
}

/** One second of the run. */
export interface TimelinePoint {
  /** Seconds since the start. */
  readonly t: number;
  readonly phase: string;
  readonly connected: number;
  readonly sentPerS: number;
  readonly receivedPerS: number;
  readonly bytesSentPerS: number;
  readonly bytesReceivedPerS: number;
  /** Action echo latency in this second (ms). */
  readonly echo: { readonly count: number; readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  /** Heartbeat RTT in this second (ms). */
  readonly rtt: { readonly count: number; readonly p50: number; readonly p99: number };
  /** Cross-border delay samples of this second (ms); only in runs with `--cross-border`, in seconds that had samples. */
  readonly xborder?: { readonly count: number; readonly p50: number; readonly p99: number; readonly max: number };
  readonly transfers: number;
  readonly errors: number;
  readonly outstanding: number;
  /** Tester CPU, cores. */
  readonly cpuCores: number;
  /** Busiest generator thread's event-loop utilisation, 0..1. */
  readonly elu: number;
  /** Whole machine busy, 0..1. */
  readonly machineCpu: number;
  readonly rssMB: number;
}

/** Options as run (secrets left out). */
export interface ReportOptions {
  readonly urls: readonly string[];
  readonly mode: Mode;
  readonly ramp: string;
  readonly scenario: string;
  readonly phases: ReadonlyArray<{ readonly name: string; readonly durationS: number; readonly clients: number; readonly moveRate: number; readonly actionRate: number | 'closed'; readonly mix: Readonly<Record<string, number>> }>;
  readonly world: { readonly min: readonly [number, number]; readonly max: readonly [number, number]; readonly grid: readonly [number, number] };
  readonly payloadBytes: number;
  readonly window: number;
  readonly encryption: boolean;
  readonly compression: boolean;
  readonly signedTokens: boolean;
  readonly psk: boolean;
  readonly workers: number;
  readonly settleS: number;
  readonly seed: number;
  /** The cross-border check was on. */
  readonly crossBorder: boolean;
}

/** One direction of traffic. */
export interface Traffic {
  readonly messages: number;
  readonly frames: number;
  readonly bytes: number;
  readonly messagesPerS: number;
  readonly bytesPerS: number;
}

/** The result of one `--assert` term. */
export interface AssertionResult {
  readonly expression: string;
  readonly passed: boolean;
  readonly actual: string;
}

/** Everything a run measured. */
export interface Report {
  readonly schema: typeof REPORT_SCHEMA;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Seconds with clients sending (the phases), and in all (with settle and shutdown). */
  readonly runS: number;
  readonly elapsedS: number;
  readonly aborted: boolean;
  readonly options: ReportOptions;
  readonly connections: {
    readonly target: number;
    readonly attempts: number;
    readonly established: number;
    readonly failed: number;
    readonly peak: number;
    readonly atEnd: number;
    readonly reconnects: number;
    readonly unexpectedCloses: number;
  };
  /**
   * Milliseconds. connect: dial to socket open; handshake: open to Welcome; rtt: heartbeat; echo: action sent to its echo;
   * resume: an unexpected close to the resumed Welcome (on whichever node), retries included.
   */
  readonly latency: { readonly connect: Summary; readonly handshake: Summary; readonly rtt: Summary; readonly echo: Summary; readonly resume: Summary };
  readonly throughput: { readonly sent: Traffic; readonly received: Traffic; readonly moves: number; readonly actions: number };
  readonly transfers: { readonly started: number; readonly completed: number; readonly aborted: number; readonly gap: Summary; readonly silence: Summary; readonly definition: string };
  readonly integrity: {
    /** Timed actions: sent, echoed exactly once, never echoed (lost), echoed twice, echoed out of order. */
    readonly actions: { readonly sent: number; readonly echoed: number; readonly lost: number; readonly duplicated: number; readonly reordered: number };
    /** Sequence numbers of what the server sent (atlas and direct modes). */
    readonly received: { readonly inOrder: number; readonly gaps: number; readonly missing: number; readonly late: number; readonly duplicates: number };
    readonly lost: number;
    readonly duplicated: number;
    readonly reordered: number;
    /** lost / (actions sent + messages received in sequence), 0..1. */
    readonly lossRate: number;
  };
  readonly errors: {
    /** Failed connection attempts + unexpected closes + in-band Error messages. */
    readonly total: number;
    /** total / connection attempts, in percent. */
    readonly percent: number;
    readonly byCloseCode: Readonly<Record<string, number>>;
    readonly inBand: Readonly<Record<string, number>>;
    readonly connect: Readonly<Record<string, number>>;
    readonly badFrames: number;
  };
  readonly tester: {
    readonly cores: number;
    readonly threads: number;
    readonly cpuCoresMean: number;
    readonly cpuCoresMax: number;
    readonly eluMax: number;
    readonly machineCpuMean: number;
    readonly rssMBMax: number;
    readonly heapMBMax: number;
    readonly saturatedSeconds: number;
    /** True when the tester itself ran out of CPU: its latencies then include its own queueing. */
    readonly saturated: boolean;
    readonly notes: readonly string[];
  };
  /** Present when the run had `--cross-border`. */
  readonly crossBorder?: CrossBorderReport;
  /** Present for the `crowd` scenario: the nodes' region splits and merges during the run. */
  rebalance?: RebalanceReport;
  readonly timeline: readonly TimelinePoint[];
  assertions: AssertionResult[];
  passed: boolean;
}
