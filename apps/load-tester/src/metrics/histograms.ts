// Latency histograms (HDR, microsecond resolution, 3 significant digits): one set per
// thread for the whole run and one for the current second. Sets travel between
// threads as hdr-histogram-js's compressed base64 and merge by addition.
import * as hdr from 'hdr-histogram-js';

/** The latencies a run records. */
export const HISTOGRAMS = ['connect', 'handshake', 'rtt', 'echo', 'gap', 'silence', 'xborder', 'xinner', 'resume'] as const;
/** One of the recorded latencies. */
export type HistogramName = (typeof HISTOGRAMS)[number];
/** A histogram set in transit: name -> compressed base64 (absent when empty). */
export type EncodedHistograms = Partial<Record<HistogramName, string>>;

/** Percentiles of one latency, milliseconds. */
export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** A summary of nothing. */
export const EMPTY_SUMMARY: Summary = { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };

function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
}

const ms = (us: number): number => Math.round(us) / 1000;

/** Percentiles of `h` in milliseconds. */
export function summarize(h: hdr.Histogram): Summary {
  if (h.totalCount === 0) return EMPTY_SUMMARY;
  return {
    count: h.totalCount,
    min: ms(h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : h.minNonZeroValue),
    mean: ms(h.mean),
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
  };
}

/** One histogram per latency. */
export class HistogramSet {
  private readonly h: Record<HistogramName, hdr.Histogram>;

  constructor() {
    this.h = Object.fromEntries(HISTOGRAMS.map((n) => [n, newHistogram()])) as Record<HistogramName, hdr.Histogram>;
  }

  /** Records a latency in milliseconds (negative clock glitches count as 0). */
  record(name: HistogramName, valueMs: number): void {
    this.h[name].recordValue(valueMs > 0 ? Math.round(valueMs * 1000) : 0);
  }

  /** The histogram of `name`. */
  get(name: HistogramName): hdr.Histogram {
    return this.h[name];
  }

  /** Samples recorded for `name`. */
  count(name: HistogramName): number {
    return this.h[name].totalCount;
  }

  /** Percentiles of every latency. */
  summaries(): Record<HistogramName, Summary> {
    return Object.fromEntries(HISTOGRAMS.map((n) => [n, summarize(this.h[n])])) as Record<HistogramName, Summary>;
  }

  /** The non-empty histograms, compressed for another thread. */
  encode(): EncodedHistograms {
    const out: EncodedHistograms = {};
    for (const n of HISTOGRAMS) if (this.h[n].totalCount > 0) out[n] = hdr.encodeIntoCompressedBase64(this.h[n]);
    return out;
  }

  /** Adds histograms encoded by `encode()`. */
  addEncoded(enc: EncodedHistograms): void {
    for (const n of HISTOGRAMS) {
      const text = enc[n];
      if (text === undefined) continue;
      const other = hdr.decodeFromCompressedBase64(text);
      this.h[n].add(other);
      other.destroy();
    }
  }

  /** Adds another set. */
  add(other: HistogramSet): void {
    for (const n of HISTOGRAMS) this.h[n].add(other.h[n]);
  }

  /** Empties every histogram. */
  reset(): void {
    for (const n of HISTOGRAMS) this.h[n].reset();
  }
}
