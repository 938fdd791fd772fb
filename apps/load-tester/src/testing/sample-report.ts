// A small, complete Report for tests of the renderers and assertions.
import type { Summary } from '../metrics/histograms';
import { GAP_DEFINITION, REPORT_SCHEMA, type Report, type TimelinePoint } from '../report/report';

function summary(p50: number, p99: number, count = 100): Summary {
  return { count, min: p50 / 2, mean: p50, p50, p90: (p50 + p99) / 2, p99, p999: p99, max: p99 * 1.5 };
}

/** A passing 5-second run of 100 clients with transfers. */
export function sampleReport(): Report {
  const timeline: TimelinePoint[] = Array.from({ length: 5 }, (_, i) => ({
    t: i + 1,
    phase: i < 4 ? 'border-crossers' : 'settle',
    connected: 100,
    sentPerS: 1500,
    receivedPerS: 1400 + i,
    bytesSentPerS: 90_000,
    bytesReceivedPerS: 80_000,
    echo: { count: 500, p50: 2 + i, p90: 4, p99: 9 + i, max: 14 },
    rtt: { count: i === 0 ? 0 : 30, p50: 1, p99: 3 },
    transfers: 10,
    errors: i === 2 ? 1 : 0,
    outstanding: 0,
    cpuCores: 0.4,
    elu: 0.5,
    machineCpu: 0.6,
    rssMB: 80,
  }));
  return {
    schema: REPORT_SCHEMA,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:06.000Z',
    runS: 4,
    elapsedS: 6,
    aborted: false,
    options: {
      urls: ['ws://127.0.0.1:8080/ws'],
      mode: 'atlas',
      ramp: '1000/s',
      scenario: 'border-crossers',
      phases: [{ name: 'border-crossers', durationS: 4, clients: 100, moveRate: 10, actionRate: 5, mix: { 'border-crossers': 1 } }],
      world: { min: [0, 0], max: [2000, 2000], grid: [2, 2] },
      payloadBytes: 64,
      window: 1,
      encryption: true,
      compression: true,
      signedTokens: false,
      psk: false,
      workers: 1,
      settleS: 3,
      seed: 1,
      crossBorder: false,
    },
    connections: { target: 100, attempts: 200, established: 100, failed: 0, peak: 100, atEnd: 100, reconnects: 0, unexpectedCloses: 1 },
    latency: { connect: summary(1, 4), handshake: summary(2, 6), rtt: summary(1, 3), echo: summary(3, 12, 2000), resume: summary(0, 0, 0) },
    throughput: {
      sent: { messages: 6000, frames: 5000, bytes: 360_000, messagesPerS: 1500, bytesPerS: 90_000 },
      received: { messages: 5600, frames: 5000, bytes: 320_000, messagesPerS: 1400, bytesPerS: 80_000 },
      moves: 4000,
      actions: 2000,
    },
    transfers: { started: 40, completed: 40, aborted: 0, gap: summary(3, 8, 40), silence: summary(60, 120, 40), definition: GAP_DEFINITION },
    integrity: {
      actions: { sent: 2000, echoed: 2000, lost: 0, duplicated: 0, reordered: 0 },
      received: { inOrder: 3600, gaps: 0, missing: 0, late: 0, duplicates: 0 },
      lost: 0,
      duplicated: 0,
      reordered: 0,
      lossRate: 0,
    },
    errors: { total: 1, percent: 0.5, byCloseCode: { '4006 RateLimited': 1 }, inBand: {}, connect: {}, badFrames: 0 },
    tester: {
      cores: 2,
      threads: 1,
      cpuCoresMean: 0.4,
      cpuCoresMax: 0.5,
      eluMax: 0.5,
      machineCpuMean: 0.6,
      rssMBMax: 80,
      heapMBMax: 30,
      saturatedSeconds: 0,
      saturated: false,
      notes: [],
    },
    timeline,
    assertions: [],
    passed: true,
  };
}
