// Loads driven through the load tester's programmatic runLoad, with a measured window:
// a warm-up phase opens the clients (handshakes are not counted), then a measure phase
// sends; CPU of the watched processes and the tester's own CPU are read at the first
// and the last progress tick of the measure phase, and the messages between those ticks
// are what the CPU is divided by (progress points carry rates per real second, so
// each is weighted by the time since the previous one).
import { performance } from 'node:perf_hooks';
import { runLoad, type LoadInput, type Mode, type Report, type ScenarioSpec, type TimelinePoint } from '../../../apps/load-tester/src/index';

/** A load with a measured window. */
export interface WindowedLoad {
  readonly url: string | readonly string[];
  readonly mode: Mode;
  readonly clients: number;
  readonly encryption: boolean;
  /** Seconds to open the clients before measuring. */
  readonly warmS: number;
  /** Seconds of the measure phase (the window is about one second shorter: it runs tick to tick). */
  readonly measureS: number;
  /** Actions in flight per client (closed loop). */
  readonly window?: number;
  readonly payloadBytes?: number;
  /** Connections opened per second (default 2000). */
  readonly rampPerS?: number;
}

/** What a windowed load measured. */
export interface WindowResult {
  readonly clients: number;
  readonly connected: number;
  readonly windowS: number;
  /** One-way messages the clients sent and received in the window (each passes the proxy once). */
  readonly messages: number;
  readonly sent: number;
  /** One-way messages per second. */
  readonly messagesPerS: number;
  /** CPU seconds in the window, by watched process label. */
  readonly cpuS: Readonly<Record<string, number>>;
  /** The tester's own CPU seconds in the window (this process, all threads). */
  readonly testerCpuS: number;
  /** Action echo latency, milliseconds (the measure phase: the warm-up sends no actions). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly lost: number;
}

/** Reads a process's (or several processes') CPU seconds. */
export type CpuProbe = () => number;

/** Runs `load` and measures the `watch` processes over its window. */
export async function measureWindow(load: WindowedLoad, watch: Readonly<Record<string, CpuProbe>>): Promise<WindowResult> {
  const scenario: ScenarioSpec = {
    name: 'bench-window',
    phases: [
      { name: 'warm', duration: load.warmS, clients: load.clients, move_rate: 0, action_rate: 0, mix: { idle: 1 } },
      { name: 'measure', duration: load.measureS, clients: load.clients, move_rate: 0, action_rate: 'closed', mix: { 'random-walk': 1 } },
    ],
  };
  const snap = (): { at: number; cpu: Record<string, number>; tester: number } => {
    const cpu: Record<string, number> = {};
    for (const [k, probe] of Object.entries(watch)) cpu[k] = probe();
    const u = process.cpuUsage();
    return { at: performance.now(), cpu, tester: (u.user + u.system) / 1e6 };
  };
  let first: ReturnType<typeof snap> | undefined;
  let last: ReturnType<typeof snap> | undefined;
  let messages = 0;
  let sent = 0;
  let connected = 0;
  const onProgress = (p: TimelinePoint): void => {
    if (p.phase !== 'measure') return;
    const s = snap();
    if (first === undefined) first = s;
    else {
      // Points carry rates per real second over the interval since the previous point.
      const dt = (s.at - (last ?? first).at) / 1000;
      messages += (p.sentPerS + p.receivedPerS) * dt;
      sent += p.sentPerS * dt;
      last = s;
    }
    connected = Math.max(connected, p.connected);
  };
  const input: LoadInput = {
    url: load.url,
    mode: load.mode,
    scenario,
    encryption: load.encryption,
    compression: false,
    window: load.window ?? 1,
    payloadBytes: load.payloadBytes ?? 64,
    ramp: { kind: 'rate', perSecond: load.rampPerS ?? 2000 },
    settleMs: 1000,
    reconnect: false,
    seed: 1,
  } as LoadInput;
  const report: Report = await runLoad(input, { onProgress });
  if (first === undefined || last === undefined) throw new Error(`the ${load.mode} load on ${String(load.url)} had no measured window (phase too short?)`);
  const windowS = (last.at - first.at) / 1000;
  const cpuS: Record<string, number> = {};
  for (const k of Object.keys(watch)) cpuS[k] = (last.cpu[k] as number) - (first.cpu[k] as number);
  return {
    clients: load.clients,
    connected,
    windowS,
    messages,
    sent,
    messagesPerS: messages / windowS,
    cpuS,
    testerCpuS: last.tester - first.tester,
    p50Ms: report.latency.echo.p50,
    p99Ms: report.latency.echo.p99,
    errors: report.errors.total,
    lost: report.integrity.lost,
  };
}

/** Runs the load tester with `input` as is (idle and border-crossers runs) and returns its report. */
export function runPlain(input: LoadInput, onProgress?: (p: TimelinePoint) => void, signal?: AbortSignal): Promise<Report> {
  return runLoad(input, { onProgress, signal });
}
