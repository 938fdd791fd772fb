// The interleaved comparison: one sim-server (direct /ws and node links at once), nginx
// proxying to its /ws, and atlas-node linked to it. Each repetition runs every load
// against every configuration in turn (direct, nginx, atlas-node, atlas-node encrypted),
// so paired ratios compare runs minutes apart at most, never across repetitions.
import { cpuSeconds, cpuSecondsOf } from './proc';
import { freePort } from '@atlas/cluster/testing';
import type { Child } from './processes';
import { findNginx, NGINX_MISSING, startNginx, type Nginx } from './nginx';
import { startAtlas, type AtlasProcess } from './atlas';
import { startSim, WHOLE_WORLD, type Sim } from './sim';
import { measureWindow, type CpuProbe, type WindowResult } from './load';
import { startEcho } from './echo';
import type { Built } from './workspace';
import type { Mode } from '../../../apps/load-tester/src/index';

/** The configurations compared. */
export const Configs = { Direct: 'direct', Nginx: 'nginx', Atlas: 'atlas-node', AtlasEnc: 'atlas-node encrypted' } as const;
/** One of `Configs`. */
export type Config = (typeof Configs)[keyof typeof Configs];

/** The loads each configuration gets. */
export const Loads = { One: '1 client', Hundred: '100 clients', Thousand: '1,000 clients' } as const;
/** One of `Loads`. */
export type Load = (typeof Loads)[keyof typeof Loads];
const LOAD_CLIENTS: Readonly<Record<Load, number>> = { '1 client': 1, '100 clients': 100, '1,000 clients': 1000 };

/** Results: [load][config] -> one WindowResult per repetition (undefined when skipped or failed). */
export type CompareResults = Record<Load, Record<Config, (WindowResult | undefined)[]>>;

/** Shapes of the generator runs: 100 raw clients with 1 or 32 frames in flight each. */
export const GENERATOR_WINDOWS = [1, 32] as const;

/** The generator's own rate: raw echo frames against a bare uWS echo server, by frames in flight per client. */
export interface GeneratorResult {
  readonly runs: Record<number, WindowResult[]>;
}

/** What the comparison measured. */
export interface CompareOutcome {
  readonly results: CompareResults;
  readonly generator: GeneratorResult;
  readonly configs: readonly Config[];
  readonly notes: string[];
}

interface Target {
  readonly config: Config;
  readonly url: string;
  readonly mode: Mode;
  readonly encryption: boolean;
  readonly proxy: CpuProbe | undefined;
}

/** Runs the comparison for `reps` repetitions; `log` reports progress on stderr. */
export async function runCompare(built: Built, dir: string, reps: number, measureS: number, profile: string[], links: 'server-dials' | 'node-dials', log: (s: string) => void): Promise<CompareOutcome> {
  const notes: string[] = [links === 'server-dials' ? 'Game-server link: the sim-server dials the node (uWebSockets.js on the node).' : 'Game-server link: the node dials the sim-server (ws on the node).'];
  const nodePort = await freePort();
  const started: { stop(): Promise<void> }[] = [];
  try {
    const dials = links === 'server-dials';
    const atlas: AtlasProcess = await startAtlas(built.atlasNode, dir, nodePort, profile, dials ? await freePort() : 0);
    started.push(atlas);
    const sim: Sim = await startSim({ script: built.simServer, name: 'sim-bench', area: WHOLE_WORLD, direct: true, register: atlas.http, dialNodes: dials });
    started.push(sim.child);
    await atlas.linked(1);
    const nginxBin = findNginx();
    let nginx: Nginx | undefined;
    if (nginxBin === undefined) {
      notes.push(NGINX_MISSING);
      log(NGINX_MISSING);
    }
    else {
      nginx = await startNginx(nginxBin, `${dir}/nginx`, await freePort(), sim.directPort as number);
      started.push(nginx);
    }
    const echoPort = await freePort();
    const echo: Child = await startEcho(echoPort);
    started.push(echo);
    const nginxPids = nginx?.pids() ?? [];
    const targets: Target[] = [
      { config: Configs.Direct, url: sim.directUrl as string, mode: 'direct', encryption: false, proxy: undefined },
      ...(nginx === undefined ? [] : [{ config: Configs.Nginx, url: `ws://127.0.0.1:${nginx.port}/ws`, mode: 'direct' as Mode, encryption: false, proxy: () => cpuSecondsOf(nginxPids) }]),
      { config: Configs.Atlas, url: atlas.url, mode: 'atlas', encryption: false, proxy: () => cpuSeconds(atlas.child.pid) },
      { config: Configs.AtlasEnc, url: atlas.url, mode: 'atlas', encryption: true, proxy: () => cpuSeconds(atlas.child.pid) },
    ];
    const results = emptyResults();
    const generator: GeneratorResult = { runs: Object.fromEntries(GENERATOR_WINDOWS.map((w) => [w, []])) };
    // Warm-up (not reported): every process JIT-compiles its hot paths before repetition 1.
    for (const t of targets) {
      await measureWindow({ url: t.url, mode: t.mode, clients: 100, encryption: t.encryption, warmS: 1.5, measureS: 2.5 }, {}).catch(() => undefined);
    }
    for (let rep = 0; rep < reps; rep++) {
      for (const load of Object.values(Loads)) {
        for (const t of targets) {
          const clients = LOAD_CLIENTS[load];
          const watch: Record<string, CpuProbe> = { sim: () => cpuSeconds(sim.child.pid) };
          if (t.proxy !== undefined) watch['proxy'] = t.proxy;
          try {
            const r = await measureWindow(
              { url: t.url, mode: t.mode, clients, encryption: t.encryption, warmS: clients >= 1000 ? 2.5 : 1.5, measureS: clients === 1 ? measureS - 1 : measureS },
              watch,
            );
            results[load][t.config][rep] = r;
            log(`rep ${rep + 1}/${reps} ${load} ${t.config}: ${Math.round(r.messagesPerS)} msg/s, p50 ${r.p50Ms} ms, proxy ${perMessageUs(r, 'proxy')} us/msg, sim ${perMessageUs(r, 'sim')} us/msg`);
            if (r.errors > 0 || r.lost > 0 || r.connected < clients) notes.push(`rep ${rep + 1} ${load} ${t.config}: ${r.errors} errors, ${r.lost} lost, ${r.connected}/${clients} connected`);
          } catch (e) {
            notes.push(`rep ${rep + 1} ${load} ${t.config} failed: ${(e as Error).message}`);
            log(`rep ${rep + 1} ${load} ${t.config} FAILED: ${(e as Error).message}`);
          }
        }
      }
      for (const window of GENERATOR_WINDOWS) {
        const g = await measureWindow(
          { url: `ws://127.0.0.1:${echoPort}/`, mode: 'raw', clients: 100, encryption: false, warmS: 1.5, measureS, window },
          { echo: () => cpuSeconds(echo.pid) },
        );
        generator.runs[window]?.push(g);
        log(`rep ${rep + 1}/${reps} generator (raw echo, ${window} in flight per client): ${Math.round(g.sent / g.testerCpuS)} sent/s per tester core`);
      }
    }
    return { results, generator, configs: targets.map((t) => t.config), notes };
  } finally {
    for (const s of started.reverse()) await s.stop();
  }
}

/** CPU microseconds per one-way message of a watched process in `r` (NaN when not watched). */
export function perMessageUs(r: WindowResult | undefined, label: string): number {
  const cpu = r?.cpuS[label];
  if (r === undefined || cpu === undefined || r.messages === 0) return Number.NaN;
  return Math.round(((cpu * 1e6) / r.messages) * 100) / 100;
}

function emptyResults(): CompareResults {
  const out = {} as CompareResults;
  for (const load of Object.values(Loads)) {
    out[load] = {} as Record<Config, (WindowResult | undefined)[]>;
    for (const c of Object.values(Configs)) out[load][c] = [];
  }
  return out;
}
