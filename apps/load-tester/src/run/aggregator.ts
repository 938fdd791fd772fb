// Merges what the threads report. Second k of the timeline is built once every thread
// has sent its k-th tick (their one-second timers start together), with the tester's
// CPU and memory sampled at that moment. At the end the threads' final accounts are
// summed into the report.
import { HistogramSet } from '../metrics/histograms';
import { addTotals, diffTotals, zeroTotals, type Totals } from '../metrics/totals';
import type { UsageMeter } from '../metrics/usage';
import type { EngineFinal, EngineTick } from '../engine/messages';
import type { TimelinePoint } from '../report/report';

const MB = 1024 * 1024;

/** Timeline and totals across threads. */
export class Aggregator {
  private readonly queues: EngineTick[][];
  private readonly latest: (EngineTick | undefined)[];
  private previous = zeroTotals();
  readonly timeline: TimelinePoint[] = [];
  readonly histograms = new HistogramSet();
  private readonly second = new HistogramSet();
  private readonly maps = { closeCodes: new Map<number, number>(), errorCodes: new Map<number, number>(), connectErrors: new Map<string, number>() };
  readonly totals = zeroTotals();
  peakConnected = 0;
  outstandingAtEnd = 0;
  rssMax = 0;
  heapMax = 0;

  constructor(
    sources: number,
    private readonly meter: UsageMeter,
    private readonly onPoint: (p: TimelinePoint) => void,
  ) {
    this.queues = Array.from({ length: sources }, () => []);
    this.latest = Array.from({ length: sources }, () => undefined);
  }

  /** A thread's tick. */
  tick(source: number, t: EngineTick): void {
    this.queues[source]?.push(t);
    while (this.queues.every((q) => q.length > 0)) this.emit(this.queues.map((q) => q.shift() as EngineTick));
  }

  /** Emits what is left (threads may end a tick apart). */
  flush(): void {
    while (this.queues.some((q) => q.length > 0)) this.emit(this.queues.map((q) => q.shift()));
  }

  /** A thread's final account. */
  final(f: EngineFinal): void {
    addTotals(this.totals, f.totals);
    this.histograms.addEncoded(f.histograms);
    for (const [k, v] of f.closeCodes) this.maps.closeCodes.set(k, (this.maps.closeCodes.get(k) ?? 0) + v);
    for (const [k, v] of f.errorCodes) this.maps.errorCodes.set(k, (this.maps.errorCodes.get(k) ?? 0) + v);
    for (const [k, v] of f.connectErrors) this.maps.connectErrors.set(k, (this.maps.connectErrors.get(k) ?? 0) + v);
    this.peakConnected += f.peakConnected;
    this.outstandingAtEnd += f.outstandingAtEnd;
  }

  /** Close codes, error codes and connect errors, merged. */
  get codes(): { closeCodes: Map<number, number>; errorCodes: Map<number, number>; connectErrors: Map<string, number> } {
    return this.maps;
  }

  private emit(ticks: (EngineTick | undefined)[]): void {
    const sum = zeroTotals();
    let elu = 0;
    let phase = '';
    let atMs = 0;
    let intervalMs = 0;
    this.second.reset();
    ticks.forEach((t, i) => {
      const tick = t ?? this.latest[i];
      if (tick === undefined) return;
      if (t !== undefined) {
        this.latest[i] = t;
        this.second.addEncoded(t.interval);
        elu = Math.max(elu, t.elu);
        atMs = Math.max(atMs, t.atMs);
        intervalMs = Math.max(intervalMs, t.intervalMs);
      }
      addTotals(sum, tick.totals);
      if (phase === '') phase = tick.phase;
    });
    const d: Totals = diffTotals(sum, this.previous);
    this.previous = sum;
    const usage = this.meter.sample();
    this.rssMax = Math.max(this.rssMax, usage.rssBytes);
    this.heapMax = Math.max(this.heapMax, usage.heapUsedBytes);
    const s = this.second.summaries();
    // Rates per real second: a tick delayed by a busy loop covers more than one.
    const perS = (n: number): number => (intervalMs > 0 ? round((n * 1000) / intervalMs, 1) : n);
    const point: TimelinePoint = {
      t: round(atMs / 1000, 1),
      phase,
      connected: sum.connected,
      sentPerS: perS(d.messagesSent),
      receivedPerS: perS(d.messagesReceived),
      bytesSentPerS: perS(d.bytesSent),
      bytesReceivedPerS: perS(d.bytesReceived),
      echo: { count: s.echo.count, p50: s.echo.p50, p90: s.echo.p90, p99: s.echo.p99, max: s.echo.max },
      rtt: { count: s.rtt.count, p50: s.rtt.p50, p99: s.rtt.p99 },
      ...(s.xborder.count > 0 ? { xborder: { count: s.xborder.count, p50: s.xborder.p50, p99: s.xborder.p99, max: s.xborder.max } } : {}),
      transfers: d.transfersCompleted,
      errors: d.connectFailed + d.unexpectedCloses + d.inbandErrors,
      outstanding: sum.outstanding,
      cpuCores: round(usage.cpuCores, 3),
      elu: round(elu, 3),
      machineCpu: round(usage.machineCpu, 3),
      rssMB: round(usage.rssBytes / MB, 1),
    };
    this.timeline.push(point);
    this.onPoint(point);
  }
}

/** Rounds to `digits` decimals. */
export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
