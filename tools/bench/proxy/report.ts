// The markdown the proxy benchmark prints: setup, efficiency (CPU per message), added
// latency, throughput, idle memory, transfers, the tester's own rate, and the targets.
import { cpus, loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import { Configs, Loads, perMessageUs, type CompareOutcome, type Config, type Load } from './compare';
import type { WindowResult } from './load';
import type { IdleResult, TransferResult } from './side';
import { fmt, median, pairedDiffs, pairedRatios, spread } from './stats';
import { findNginx } from './nginx';
import { heapTable, type HeapDiff } from './heap';
import { allocTable, type AllocProfile } from './alloc';
import { scaleTable, type ScaleStep } from './scale';

/** The machine as the report states it. */
export interface MachineFacts {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly nginx: string;
  readonly loadavg: readonly number[];
}

/** Facts about this machine now. */
export function machineFacts(): MachineFacts {
  const bin = findNginx();
  let nginx = 'not installed';
  if (bin !== undefined) {
    try {
      nginx = execFileSync(bin, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() || 'nginx';
    } catch (e) {
      nginx = String((e as { stderr?: string }).stderr ?? 'nginx').trim();
    }
    const out = (() => {
      try {
        return execFileSync('sh', ['-c', `${bin} -v 2>&1`], { encoding: 'utf8' }).trim();
      } catch {
        return nginx;
      }
    })();
    nginx = out.replace('nginx version: ', '');
  }
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, nginx, loadavg: loadavg().map((l) => Math.round(l * 10) / 10) };
}

/** Everything one run measured. */
export interface BenchResults {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly argv: readonly string[];
  /** The V8 flags every atlas-node of the run started with: the shipped ones, then --node-flags. */
  readonly nodeFlags: readonly string[];
  readonly machine: { readonly before: MachineFacts; readonly after: MachineFacts };
  readonly compare: CompareOutcome | undefined;
  readonly idle: readonly IdleResult[];
  readonly transfers: readonly TransferResult[];
  /** The heap diff between N and 2N idle encrypted players (with --heap). */
  readonly heap: HeapDiff | undefined;
  /** What the node allocates per message (with --only=alloc): plaintext, then encrypted. */
  readonly alloc: readonly AllocProfile[];
  /** The scale curve's steps (empty without --scale) and the players the open-file limit allows. */
  readonly scale: readonly ScaleStep[];
  readonly scaleLimit: number;
}

type Runs = (WindowResult | undefined)[];
const us = (r: WindowResult | undefined, label: string): number => perMessageUs(r, label);
const col = <T>(runs: Runs, f: (r: WindowResult | undefined) => T): T[] => runs.map(f);

function runsOf(c: CompareOutcome, load: Load, config: Config): Runs {
  return c.results[load][config];
}

function efficiency(c: CompareOutcome): string[] {
  const loads = Object.values(Loads);
  const lines = [
    '| configuration | ' + loads.map((l) => `proxy @ ${l}`).join(' | ') + ' | ' + loads.map((l) => `sim-server @ ${l}`).join(' | ') + ' | ' + loads.map((l) => `proxy + sim-server @ ${l}`).join(' | ') + ' |',
    '|---|' + '---:|'.repeat(loads.length * 3),
  ];
  for (const config of c.configs) {
    const proxy = loads.map((l) => (config === Configs.Direct ? '-' : spread(col(runsOf(c, l, config), (r) => us(r, 'proxy')), 2)));
    const sim = loads.map((l) => spread(col(runsOf(c, l, config), (r) => us(r, 'sim')), 2));
    const both = loads.map((l) => spread(col(runsOf(c, l, config), (r) => (config === Configs.Direct ? us(r, 'sim') : us(r, 'proxy') + us(r, 'sim'))), 2));
    lines.push(`| ${config} | ${proxy.join(' | ')} | ${sim.join(' | ')} | ${both.join(' | ')} |`);
  }
  if (c.configs.includes(Configs.Nginx)) {
    lines.push('', '| paired ratio of proxy CPU per message | ' + loads.join(' | ') + ' |', '|---|' + '---:|'.repeat(loads.length));
    for (const config of [Configs.Atlas, Configs.AtlasEnc]) {
      const cells = loads.map((l) => {
        const nginx = col(runsOf(c, l, Configs.Nginx), (r) => us(r, 'proxy'));
        return spread(pairedRatios(col(runsOf(c, l, config), (r) => us(r, 'proxy')), nginx), 2, 'x');
      });
      lines.push(`| ${config} / nginx | ${cells.join(' | ')} |`);
    }
  }
  return lines;
}

function generatorTable(c: CompareOutcome): string[] {
  const lines = [
    '### The load tester itself (raw mode, 100 clients, against a bare uWebSockets.js echo server)',
    '',
    '| frames in flight per client | sent/s per tester core | sent+received/s per tester core | vs artillery ws (~36k sent/s per core) | tester cores busy | echo server CPU per message (us) |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [window, g] of Object.entries(c.generator.runs)) {
    if (g.length === 0) continue;
    lines.push(
      `| ${window} | ${spread(g.map((r) => r.sent / r.testerCpuS))} | ${spread(g.map((r) => r.messages / r.testerCpuS))} | ${spread(g.map((r) => r.sent / r.testerCpuS / 36_000), 2, 'x')} | ${spread(g.map((r) => r.testerCpuS / r.windowS), 2)} | ${spread(g.map((r) => us(r, 'echo')), 2)} |`,
    );
  }
  return lines;
}

function latency(c: CompareOutcome): string[] {
  const load = Loads.One;
  const direct = col(runsOf(c, load, Configs.Direct), (r) => (r === undefined ? Number.NaN : r.p50Ms * 1000));
  const lines = ['| configuration | echo p50 (us) | added p50 vs direct (us, paired) | echo p99 (us) | round trips/s |', '|---|---:|---:|---:|---:|'];
  for (const config of c.configs) {
    const runs = runsOf(c, load, config);
    const p50 = col(runs, (r) => (r === undefined ? Number.NaN : r.p50Ms * 1000));
    const p99 = col(runs, (r) => (r === undefined ? Number.NaN : r.p99Ms * 1000));
    const rts = col(runs, (r) => (r === undefined ? Number.NaN : r.messagesPerS / 2));
    lines.push(`| ${config} | ${spread(p50)} | ${config === Configs.Direct ? '-' : spread(pairedDiffs(p50, direct))} | ${spread(p99)} | ${spread(rts)} |`);
  }
  return lines;
}

function throughput(c: CompareOutcome, load: Load): string[] {
  const base = runsOf(c, load, Configs.Direct);
  const pick = (f: (r: WindowResult) => number) => (r: WindowResult | undefined) => (r === undefined ? Number.NaN : f(r));
  const lines = [
    `| configuration @ ${load} | one-way msgs/s | vs direct | echo p50 (ms) | vs direct | echo p99 (ms) | vs direct | tester sent/s per core |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const config of c.configs) {
    const runs = runsOf(c, load, config);
    const cells = [pick((r) => r.messagesPerS), pick((r) => r.p50Ms), pick((r) => r.p99Ms)].map((f, i) => {
      const v = col(runs, f);
      const ratio = config === Configs.Direct ? '1.00x' : spread(pairedRatios(v, col(base, f)), 2, 'x');
      return `${spread(v, i === 0 ? 0 : 2)} | ${ratio}`;
    });
    const gen = spread(col(runs, pick((r) => r.sent / r.testerCpuS)));
    lines.push(`| ${config} | ${cells.join(' | ')} | ${gen} |`);
  }
  return lines;
}

function idleTable(idle: readonly IdleResult[]): string[] {
  const v = (f: (r: IdleResult) => number, d = 1): string => spread(idle.map(f), d);
  const holdS = idle[0]?.held?.seconds;
  const hold = holdS === undefined ? ['', '', ''] : [` held ${holdS} s more: lowest | highest | last |`, '---:|---:|---:|', ` ${v((r) => r.held?.minMbPer1000 ?? Number.NaN, 2)} | ${v((r) => r.held?.maxMbPer1000 ?? Number.NaN, 2)} | ${v((r) => r.held?.lastMbPer1000 ?? Number.NaN, 2)} |`];
  return [
    `| players | connected in (s) | node RSS at 0 (MB) | with players (MB) | **MB per 1,000** |${hold[0]} after a forced GC: MB per 1,000 | of it V8 heap | of it external | tester RSS (MB) | errors |`,
    `|---:|---:|---:|---:|---:|${hold[1]}---:|---:|---:|---:|---:|`,
    `| ${v((r) => r.connected, 0)} | ${v((r) => r.connectS)} | ${v((r) => r.rss0MB)} | ${v((r) => r.rssMB)} | ${v((r) => r.mbPer1000, 2)} |${hold[2]} ${v((r) => r.gcMbPer1000, 2)} | ${v((r) => r.heapMbPer1000, 2)} | ${v((r) => r.externalMbPer1000, 2)} | ${v((r) => r.testerRssMB, 0)} | ${v((r) => r.errors, 0)} |`,
  ];
}

function transferTable(t: readonly TransferResult[]): string[] {
  const v = (f: (r: TransferResult) => number, d = 0): string => spread(t.map(f), d);
  return [
    '| clients | transfers completed | aborted | gap p50 (ms) | gap p99 (ms) | gap max (ms) | node p50 / p99 (ms, bucket bound) | silence p99 (ms) | echo p99 (ms) | lost | duplicated | reordered | errors |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${t[0]?.clients ?? 0} | ${v((r) => r.completed)} | ${v((r) => r.aborted)} | ${v((r) => r.gapP50Ms, 2)} | ${v((r) => r.gapP99Ms, 2)} | ${v((r) => r.gapMaxMs, 2)} | <= ${v((r) => r.nodeP50Ms, 1)} / <= ${v((r) => r.nodeP99Ms, 1)} | ${v((r) => r.silenceP99Ms, 1)} | ${v((r) => r.echoP99Ms, 2)} | ${v((r) => r.lost)} | ${v((r) => r.duplicated)} | ${v((r) => r.reordered)} | ${v((r) => r.errors)} |`,
  ];
}

/** The whole markdown report. */
export function renderReport(b: BenchResults): string {
  const m = b.machine.before;
  const out: string[] = [
    `Date: ${b.startedAt.toISOString()} (${Math.round((b.finishedAt.getTime() - b.startedAt.getTime()) / 1000)} s). Machine: ${m.cores} x ${m.cpu}, Node ${m.node}, nginx ${m.nginx}; load average ${m.loadavg.join(' ')} before, ${b.machine.after.loadavg.join(' ')} after.`,
    `Command: \`npm run bench -- proxy${b.argv.length > 0 ? ' ' + b.argv.join(' ') : ''}\`; atlas-node's V8 flags: ${b.nodeFlags.length > 0 ? b.nodeFlags.map((f) => `\`${f}\``).join(' ') : 'none'}.`,
    '',
    'A message is one 64-byte action or its echo crossing the proxy once (one-way). Figures are medians (min..max) over the repetitions; ratios are paired within one repetition.',
    '',
  ];
  const c = b.compare;
  if (c !== undefined) {
    const reps = c.results[Loads.One][Configs.Direct].length;
    out.push(`### CPU per message (us, /proc utime+stime over the window), ${reps} repetitions`, '', ...efficiency(c), '');
    out.push('### Latency on one connection (one action in flight)', '', ...latency(c), '');
    out.push('### Throughput and latency under load (closed loop, one action in flight per client)', '', ...throughput(c, Loads.Hundred), '', ...throughput(c, Loads.Thousand), '');
    out.push(...generatorTable(c), '');
    if (c.notes.length > 0) out.push('Notes:', ...c.notes.map((n) => `- ${n}`), '');
  }
  if (b.idle.length > 0) out.push(`### atlas-node memory per idle encrypted player (${b.idle.length} runs, fresh node each)`, '', ...idleTable(b.idle), '');
  if (b.heap !== undefined) out.push('### Heap per idle encrypted player, by kind of object', '', ...heapTable(b.heap), '');
  if (b.alloc.length > 0) out.push('### What the node allocates per message', '', ...b.alloc.flatMap((p) => [...allocTable(p), '']));
  if (b.scale.length > 0) out.push('### Scale: idle encrypted players on one node', '', ...scaleTable(b.scale, b.scaleLimit), '');
  if (b.transfers.length > 0) out.push(`### Transfers under border-crossers (2x2 sim-servers, encrypted, ${b.transfers.length} runs, fresh node each)`, '', ...transferTable(b.transfers), '');
  out.push(...targets(b));
  return `${out.join('\n')}\n`;
}

function targets(b: BenchResults): string[] {
  const rows: string[] = [];
  const c = b.compare;
  const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'n/a' : ok ? 'met' : '**missed**');
  if (c !== undefined && c.configs.includes(Configs.Nginx)) {
    for (const [config, limit] of [
      [Configs.Atlas, 1],
      [Configs.AtlasEnc, 2],
    ] as const) {
      const ratioAt = (load: Load): number => median(pairedRatios(col(runsOf(c, load, config), (r) => us(r, 'proxy')), col(runsOf(c, load, Configs.Nginx), (r) => us(r, 'proxy'))));
      const ratio = ratioAt(Loads.Thousand);
      rows.push(
        `| ${config} CPU per message <= ${limit}x nginx's (at 1,000 clients; 100 clients and 1 client in brackets) | ${fmt(ratio, 2)}x (${fmt(ratioAt(Loads.Hundred), 2)}x, ${fmt(ratioAt(Loads.One), 2)}x) | ${verdict(Number.isFinite(ratio) ? ratio <= limit : undefined)} |`,
      );
    }
    const p50 = (config: Config) => col(runsOf(c, Loads.One, config), (r) => (r === undefined ? Number.NaN : r.p50Ms * 1000));
    const atlasAdded = median(pairedDiffs(p50(Configs.Atlas), p50(Configs.Direct)));
    const nginxAdded = median(pairedDiffs(p50(Configs.Nginx), p50(Configs.Direct)));
    rows.push(`| added p50 latency at one connection <= nginx's | atlas-node ${fmt(atlasAdded)} us, nginx ${fmt(nginxAdded)} us | ${verdict(Number.isFinite(atlasAdded) ? atlasAdded <= nginxAdded : undefined)} |`);
  }
  if (b.idle.length > 0) {
    const mb = median(b.idle.map((r) => r.mbPer1000));
    const gc = median(b.idle.map((r) => r.gcMbPer1000));
    rows.push(`| <= 2 MB per 1,000 idle encrypted players | ${fmt(mb, 2)} MB as the process holds it, ${fmt(gc, 2)} MB after a forced GC | ${verdict(mb <= 2)} |`);
  }
  if (b.transfers.length > 0) {
    const p99 = b.transfers.map((r) => r.gapP99Ms);
    const lost = b.transfers.reduce((s, r) => s + r.lost, 0);
    rows.push(`| transfer gap p99 <= 20 ms with zero loss | p99 ${spread(p99, 1, ' ms')} over ${b.transfers.length} runs, ${lost} lost | ${verdict(median(p99) <= 20 && lost === 0)} |`);
  }
  for (const [window, g] of Object.entries(c?.generator.runs ?? {})) {
    if (g.length === 0) continue;
    const rate = median(g.map((r) => r.sent / r.testerCpuS));
    rows.push(`| load tester >= 3x artillery's ~36k sent messages/s per core (raw, ${window} in flight per client) | ${fmt(rate)} sent/s per core (${fmt(rate / 36_000, 1)}x) | ${verdict(rate >= 108_000)} |`);
  }
  return rows.length === 0 ? [] : ['### Targets (issue 7)', '', '| target | measured (median) | |', '|---|---|---|', ...rows, ''];
}
