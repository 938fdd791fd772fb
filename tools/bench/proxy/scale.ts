// The scale run (`--scale`): how many idle encrypted players one atlas-node holds on this
// machine, and what each costs, as a curve from 2,000 to the open-file limit. Each step is
// a fresh node and one sim-server; the players come from tester processes of at most
// PER_TESTER each (a process's open files bound it; they share none of the node's), each
// connecting from its own loopback address so no step runs out of ephemeral ports or
// meets the previous step's TIME_WAIT sockets. At each step: the node's RSS as held (from
// /proc, no forced GC) three quiet seconds after the last handshake, the connect rate,
// heartbeat RTT p99 over the whole run (the ramp's handshakes included) and in the worst
// second while everyone is connected, the node's CPU over ten of those seconds and the
// testers' over all of them, and handshake failures. A straight line
// through the steps' RSS is the memory model that says what 100,000 players would need.
import type { LoadInput, Report } from '../../../apps/load-tester/src/index';
import { runLoad } from '../../../apps/load-tester/src/index';
import { startAtlas } from './atlas';
import { cpuSeconds, rssBytes } from './proc';
import { freePort } from '@atlas/cluster/testing';
import { sleep, spawnChild } from './processes';
import { startSim, WHOLE_WORLD } from './sim';
import type { Built } from './workspace';

/** Players per tester process (its own open files stay well under 20,000). */
const PER_TESTER = 9_000;
/** Connections opened per second over all testers. */
const RAMP_PER_S = 1_000;
/** How long everyone stays connected after the last handshake (RTT samples keep coming). */
const HOLD_S = 15;
/** Seconds of the hold over which the node's CPU is read. */
const CPU_WINDOW_S = 10;

/** One step of the curve. */
export interface ScaleStep {
  readonly players: number;
  readonly connected: number;
  readonly testers: number;
  /** RSS before the players and with them, MB. */
  readonly rss0MB: number;
  readonly rssMB: number;
  readonly mbPer1000: number;
  /** Players connected per second, from the first dial to the last handshake. */
  readonly connectPerS: number;
  /** Heartbeat RTT p99 over the whole run, ramp included, ms (the worst tester's). */
  readonly rttP99Ms: number;
  readonly rttSamples: number;
  /** The worst per-second heartbeat RTT p99 while all of a tester's players were connected, ms. */
  readonly heldRttP99Ms: number;
  /** The node's CPU while everyone was connected, cores. */
  readonly nodeCores: number;
  /** The testers' CPU together while all their players were connected, cores. */
  readonly testerCores: number;
  /** Handshakes that failed or timed out, and other errors, over all testers. */
  readonly errors: number;
}

/** What a tester child is told (JSON on its command line). */
interface TesterJob {
  readonly url: string;
  readonly clients: number;
  readonly localAddress: string;
  readonly rampPerS: number;
  readonly durationMs: number;
  /** Also names the players (load-<seed>-<i>): testers of one step need different ones. */
  readonly seed: number;
}

/** The step sizes: 2,000 up to `limit`. */
export function scaleSteps(limit: number): number[] {
  return [2_000, 5_000, 10_000, 15_000, limit].filter((n, i, all) => n <= limit && all.indexOf(n) === i);
}

/** Tester child role: runs one idle load and prints its report's figures as one JSON line. */
export async function runScaleTester(job: TesterJob): Promise<void> {
  const input: LoadInput = {
    url: job.url,
    localAddresses: [job.localAddress],
    mode: 'atlas',
    scenario: 'idle',
    clients: job.clients,
    encryption: true,
    compression: true,
    ramp: { kind: 'rate', perSecond: job.rampPerS },
    durationMs: job.durationMs,
    // One heartbeat RTT sample per client every 10 s (the node's own heartbeats besides).
    rttRate: 0.1,
    settleMs: 0,
    reconnect: false,
    seed: job.seed,
  } as LoadInput;
  const report: Report = await runLoad(input);
  const e = report.errors;
  // The ramp's handshakes hold heartbeats up on both ends; the seconds after it say what holding costs.
  const held = report.timeline.filter((p) => p.connected >= job.clients && p.rtt.count > 0);
  const heldRttP99 = held.length === 0 ? Number.NaN : Math.max(...held.map((p) => p.rtt.p99));
  const heldCores = held.length === 0 ? Number.NaN : held.reduce((sum, p) => sum + p.cpuCores, 0) / held.length;
  const summary = { connected: report.connections.established, errors: e.total, rttP99: report.latency.rtt.p99, rttCount: report.latency.rtt.count, heldRttP99, heldCores, why: { ...e.byCloseCode, ...e.inBand, ...e.connect }, cpu: report.tester.cpuCoresMean };
  process.stdout.write(`SCALE ${JSON.stringify(summary)}\n`);
}

/** One step: a fresh node holding `players` idle encrypted players. */
export async function runScaleStep(built: Built, dir: string, bundle: string, players: number, step: number, nodeFlags: readonly string[], log: (s: string) => void): Promise<ScaleStep> {
  const atlas = await startAtlas(built.atlasNode, dir, await freePort(), nodeFlags);
  const sim = await startSim({ script: built.simServer, name: 'sim-scale', area: WHOLE_WORLD, register: atlas.http });
  try {
    await atlas.linked(1);
    await sleep(2000);
    const rss0 = rssBytes(atlas.child.pid);
    const testers = Math.ceil(players / PER_TESTER);
    const connectS = players / RAMP_PER_S;
    const durationMs = Math.ceil(connectS + HOLD_S + 30) * 1000;
    const t0 = Date.now();
    const children = Array.from({ length: testers }, (_, k) => {
      const clients = Math.floor(players / testers) + (k < players % testers ? 1 : 0);
      // 127.0.0.<2 + ...>: a fresh source address for every tester of every step.
      const job: TesterJob = { url: atlas.url, clients, localAddress: `127.0.${10 + step}.${2 + k}`, rampPerS: RAMP_PER_S / testers, durationMs, seed: 1000 * (step + 1) + k };
      const child = spawnChild(`tester-${k}`, process.execPath, [bundle, '--role', 'tester', JSON.stringify(job)], { cwd: dir });
      return { child, summary: child.waitForLine((l) => l.startsWith('SCALE '), durationMs + 60_000) };
    });
    // Once a second: /servers lists every player, and asking often would load the node it measures.
    let seen = 0;
    for (const end = Date.now() + (connectS + 30) * 1000; (seen = await atlas.players()) < players; await sleep(1000)) {
      if (Date.now() > end) {
        const tails = children.map((c) => `${c.child.name}: ${c.child.tail.slice(-3).join(' | ')}`).join('\n  ');
        throw new Error(`only ${seen} of ${players} players connected to atlas-node\n  ${tails}`);
      }
    }
    const connectedAt = Date.now();
    await sleep(3000);
    const rss = rssBytes(atlas.child.pid);
    const cpu0 = cpuSeconds(atlas.child.pid);
    await sleep(CPU_WINDOW_S * 1000);
    const nodeCores = (cpuSeconds(atlas.child.pid) - cpu0) / CPU_WINDOW_S;
    log(`scale: ${players} players in ${((connectedAt - t0) / 1000).toFixed(1)} s over ${testers} testers, node RSS ${(rss0 / 2 ** 20).toFixed(1)} -> ${(rss / 2 ** 20).toFixed(1)} MB, node CPU while held ${nodeCores.toFixed(2)} cores`);
    const summaries = (await Promise.all(children.map((c) => c.summary))).map((line) => JSON.parse(line.slice('SCALE '.length)) as { connected: number; errors: number; rttP99: number; rttCount: number; heldRttP99: number | null; heldCores: number | null });
    await Promise.all(children.map((c) => c.child.stop('SIGKILL', 0)));
    const connected = summaries.reduce((n, s) => n + s.connected, 0);
    return {
      players,
      connected,
      testers,
      rss0MB: rss0 / 2 ** 20,
      rssMB: rss / 2 ** 20,
      mbPer1000: ((rss - rss0) / 2 ** 20 / players) * 1000,
      connectPerS: players / ((connectedAt - t0) / 1000),
      rttP99Ms: Math.max(...summaries.map((s) => s.rttP99)),
      rttSamples: summaries.reduce((n, s) => n + s.rttCount, 0),
      // NaN goes through JSON as null.
      heldRttP99Ms: Math.max(...summaries.map((s) => s.heldRttP99 ?? Number.NaN)),
      nodeCores,
      testerCores: summaries.reduce((n, s) => n + (s.heldCores ?? Number.NaN), 0),
      errors: summaries.reduce((n, s) => n + s.errors, 0),
    };
  } finally {
    await atlas.stop();
    await sim.child.stop();
  }
}

/** Least-squares line through (players, RSS MB): intercept (MB) and slope (MB per 1,000 players). */
export function memoryModel(steps: readonly ScaleStep[]): { baseMB: number; mbPer1000: number } {
  const xs = steps.map((s) => s.players / 1000);
  const ys = steps.map((s) => s.rssMB);
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { baseMB: my - slope * mx, mbPer1000: slope };
}

/** The scale section's markdown. */
export function scaleTable(steps: readonly ScaleStep[], limit: number): string[] {
  const rows = [
    `Idle encrypted players (X25519 + AES-256-GCM, compression offered) on one node, a fresh node per step; the players come from tester processes of at most ${PER_TESTER.toLocaleString('en-US')}, each from its own loopback address. The node's open-file limit here allows ${limit.toLocaleString('en-US')}.`,
    '',
    '| players | connected | testers | node RSS at 0 (MB) | with players, as held (MB) | MB per 1,000 | connect rate (/s) | heartbeat RTT p99, whole run (ms) | worst second\'s RTT p99, all connected (ms) | node CPU, all connected (cores) | testers\' CPU, all connected (cores) | RTT samples | errors |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...steps.map(
      (s) =>
        `| ${s.players.toLocaleString('en-US')} | ${s.connected.toLocaleString('en-US')} | ${s.testers} | ${s.rss0MB.toFixed(1)} | ${s.rssMB.toFixed(1)} | ${s.mbPer1000.toFixed(2)} | ${Math.round(s.connectPerS).toLocaleString('en-US')} | ${s.rttP99Ms.toFixed(1)} | ${s.heldRttP99Ms.toFixed(1)} | ${s.nodeCores.toFixed(2)} | ${s.testerCores.toFixed(2)} | ${s.rttSamples.toLocaleString('en-US')} | ${s.errors} |`,
    ),
  ];
  if (steps.length >= 2) {
    const m = memoryModel(steps);
    rows.push(
      '',
      `Memory model (least squares over the steps): RSS = ${m.baseMB.toFixed(0)} MB + ${m.mbPer1000.toFixed(2)} MB per 1,000 players, so 100,000 idle encrypted players would need about ${(m.baseMB + 100 * m.mbPer1000).toFixed(0)} MB of node RSS, plus the kernel's socket memory (not in RSS) and an open-file limit above 100,000 (this machine's hard limit is 20,000, so 100,000 is modelled here, not measured).`,
    );
  }
  return rows;
}
