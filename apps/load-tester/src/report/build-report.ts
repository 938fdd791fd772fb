// Assembles the Report from the merged totals, histograms and timeline.
import { CloseCode, ErrorCode } from '@atlas/protocol';
import { formatRamp } from '../cli/units';
import { fdLimitWarning } from '../metrics/fd-limit';
import type { LoadOptions } from '../options/load-options';
import { peakClients } from '../scenario/scenario';
import type { Aggregator } from '../run/aggregator';
import { round } from '../run/aggregator';
import { CROSS_BORDER_DEFINITION, recallOf } from '../metrics/cross-border';
import { GAP_DEFINITION, REPORT_SCHEMA, type CrossBorderReport, type Report, type ReportOptions, type Traffic } from './report';

const MB = 1024 * 1024;
const STANDARD_CLOSES: Readonly<Record<number, string>> = { 1000: 'Normal', 1001: 'GoingAway', 1002: 'ProtocolError', 1005: 'NoStatus', 1006: 'Abnormal', 1009: 'TooBig', 1011: 'ServerError' };
const closeNames = new Map<number, string>([...Object.entries(STANDARD_CLOSES).map(([k, v]) => [Number(k), v] as const), ...Object.entries(CloseCode).map(([k, v]) => [v as number, k] as const)]);
const errorNames = new Map<number, string>([...Object.entries(CloseCode), ...Object.entries(ErrorCode)].map(([k, v]) => [v as number, k] as const));

/** "4006 RateLimited" for a known close code, the number otherwise. */
export function closeCodeLabel(code: number): string {
  const name = closeNames.get(code);
  return name === undefined ? String(code) : `${code} ${name}`;
}

function labelled(map: ReadonlyMap<number, number>, names: ReadonlyMap<number, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, n] of [...map].sort((a, b) => b[1] - a[1])) out[names.has(code) ? `${code} ${names.get(code)}` : String(code)] = n;
  return out;
}

/** The options as reported (no secrets). */
export function reportOptions(o: LoadOptions): ReportOptions {
  const w = o.scenario.world;
  return {
    urls: o.urls,
    mode: o.mode,
    ramp: formatRamp(o.ramp),
    scenario: o.scenario.name,
    phases: o.scenario.phases.map((p) => ({ name: p.name, durationS: p.durationMs / 1000, clients: p.clients, moveRate: p.moveRate, actionRate: p.actionRate, mix: { ...p.mix } as Record<string, number> })),
    world: { min: [w.minX, w.minY], max: [w.maxX, w.maxY], grid: [w.cols, w.rows] },
    payloadBytes: o.payloadBytes,
    window: o.window,
    encryption: o.encryption,
    compression: o.compression,
    signedTokens: o.tokenSecret !== undefined,
    psk: o.psk !== undefined,
    workers: o.workers,
    settleS: o.settleMs / 1000,
    seed: o.seed,
    crossBorder: o.crossBorder !== undefined,
  };
}

/** What the run needs to know besides the aggregate. */
export interface RunFacts {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly runMs: number;
  readonly aborted: boolean;
  readonly cores: number;
}

/** Builds the report (assertions are added by the caller). */
export function buildReport(o: LoadOptions, agg: Aggregator, facts: RunFacts): Report {
  const t = agg.totals;
  const runS = Math.max(facts.runMs / 1000, 0.001);
  const traffic = (messages: number, frames: number, bytes: number): Traffic => ({
    messages,
    frames,
    bytes,
    messagesPerS: round(messages / runS, 1),
    bytesPerS: round(bytes / runS, 1),
  });
  const lostActions = Math.max(0, t.actionsSent - t.actionsEchoed);
  const lost = lostActions + t.seqMissing;
  const duplicated = t.actionDuplicates + t.seqDuplicates;
  const reordered = t.actionsLate + t.seqLate;
  const seqReceived = t.seqInOrder + t.seqGaps + t.seqLate;
  const errorsTotal = t.connectFailed + t.unexpectedCloses + t.inbandErrors;
  const h = agg.histograms.summaries();
  const sending = agg.timeline.filter((p) => p.phase !== 'settle');
  const points = sending.length > 0 ? sending : agg.timeline;
  const threads = o.workers;
  const usable = Math.min(threads, facts.cores);
  const saturatedSeconds = points.filter((p) => p.cpuCores > 0.9 * usable || p.elu > 0.9).length;
  const saturated = saturatedSeconds >= Math.max(2, Math.ceil(points.length * 0.1));
  const machineCpuMean = mean(points.map((p) => p.machineCpu));
  const notes: string[] = [];
  if (saturated) notes.push(`the tester was CPU-bound in ${saturatedSeconds} of ${points.length} s: latencies include its own queueing; add --workers or a machine`);
  if (machineCpuMean > 0.9) notes.push(`the machine was ${Math.round(machineCpuMean * 100)}% busy on average: tester and server compete for its ${facts.cores} cores`);
  if (threads > facts.cores) notes.push(`${threads} workers on ${facts.cores} cores: threads share cores`);
  const fd = fdLimitWarning(peakClients(o.scenario));
  if (fd !== undefined) notes.push(fd);
  return {
    schema: REPORT_SCHEMA,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    runS: round(runS, 3),
    elapsedS: round((facts.finishedAt.getTime() - facts.startedAt.getTime()) / 1000, 3),
    aborted: facts.aborted,
    options: reportOptions(o),
    connections: {
      target: peakClients(o.scenario),
      attempts: t.connectAttempts,
      established: t.connectOk,
      failed: t.connectFailed,
      peak: agg.peakConnected,
      atEnd: t.connected,
      reconnects: t.reconnects,
      unexpectedCloses: t.unexpectedCloses,
    },
    latency: { connect: h.connect, handshake: h.handshake, rtt: h.rtt, echo: h.echo, resume: h.resume },
    throughput: {
      sent: traffic(t.messagesSent, t.framesSent, t.bytesSent),
      received: traffic(t.messagesReceived, t.framesReceived, t.bytesReceived),
      moves: t.movesSent,
      actions: t.actionsSent,
    },
    transfers: { started: t.transfersStarted, completed: t.transfersCompleted, aborted: t.transfersAborted, gap: h.gap, silence: h.silence, definition: GAP_DEFINITION },
    integrity: {
      actions: { sent: t.actionsSent, echoed: t.actionsEchoed, lost: lostActions, duplicated: t.actionDuplicates, reordered: t.actionsLate },
      received: { inOrder: t.seqInOrder, gaps: t.seqGaps, missing: t.seqMissing, late: t.seqLate, duplicates: t.seqDuplicates },
      lost,
      duplicated,
      reordered,
      lossRate: t.actionsSent + seqReceived > 0 ? lost / (t.actionsSent + seqReceived + t.seqMissing) : 0,
    },
    errors: {
      total: errorsTotal,
      percent: t.connectAttempts > 0 ? round((errorsTotal / t.connectAttempts) * 100, 3) : 0,
      byCloseCode: labelled(agg.codes.closeCodes, closeNames),
      inBand: labelled(agg.codes.errorCodes, errorNames),
      connect: Object.fromEntries([...agg.codes.connectErrors].sort((a, b) => b[1] - a[1])),
      badFrames: t.badFrames,
    },
    tester: {
      cores: facts.cores,
      threads,
      cpuCoresMean: round(mean(points.map((p) => p.cpuCores)), 3),
      cpuCoresMax: round(Math.max(0, ...points.map((p) => p.cpuCores)), 3),
      eluMax: round(Math.max(0, ...points.map((p) => p.elu)), 3),
      machineCpuMean: round(machineCpuMean, 3),
      rssMBMax: round(agg.rssMax / MB, 1),
      heapMBMax: round(agg.heapMax / MB, 1),
      saturatedSeconds,
      saturated,
      notes,
    },
    ...(o.crossBorder === undefined ? {} : { crossBorder: crossBorderReport(o, agg) }),
    timeline: agg.timeline,
    assertions: [],
    passed: true,
  };
}

function crossBorderReport(o: LoadOptions, agg: Aggregator): CrossBorderReport {
  const t = agg.totals;
  const c = o.crossBorder as NonNullable<LoadOptions['crossBorder']>;
  const r = recallOf({ samples: t.xborderSamples, recallSum: t.xborderRecallSum, truth: t.xborderTruth, seen: t.xborderSeen });
  return {
    observers: c.observers,
    ghostDistance: c.ghostDistance,
    syncRadius: c.syncRadius,
    windowMs: c.windowMs,
    delay: agg.histograms.summaries().xborder,
    innerDelay: agg.histograms.summaries().xinner,
    innerRing: c.innerRing,
    syncs: t.xborderSyncs,
    samples: t.xborderSamples,
    recall: round(r.recall, 4),
    recallPooled: round(r.pooled, 4),
    truth: t.xborderTruth,
    seen: t.xborderSeen,
    extra: t.xborderExtra,
    unmatched: t.xborderUnmatched,
    full: t.xborderFull,
    definition: CROSS_BORDER_DEFINITION,
  };
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
