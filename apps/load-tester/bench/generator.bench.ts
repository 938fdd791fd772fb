// How much load one generator thread produces per CPU-second, in raw mode against a
// uWebSockets.js echo server in its own process (so the generator's CPU is measured
// alone), against a baseline in the same run: bare `ws` clients sending the same frames
// from one setInterval each (what a generic WebSocket load tool does). Also the memory
// of idle connections. `npm run bench -- load-tester` (quick: --quick).
import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { runLoad } from '../src/run/run-load';

const quick = process.argv.includes('--quick');
const REPS = quick ? 1 : 5;
const SECONDS = quick ? 2 : 5;

const ECHO = `
const uWS = require('uWebSockets.js');
uWS.App().ws('/*', { maxPayloadLength: 1 << 20, idleTimeout: 0, maxBackpressure: 64 << 20, message: (ws, m, b) => { ws.send(m, b); } })
  .listen('127.0.0.1', 0, (s) => { console.log(uWS.us_socket_local_port(s)); });`;

async function echoServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', ECHO], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  return { url: `ws://127.0.0.1:${port}/`, stop: () => child.kill('SIGKILL') };
}

interface Sample {
  readonly sentPerS: number;
  readonly cores: number;
  readonly p50: number;
  readonly p99: number;
}

/** The load tester, raw mode. */
async function tester(url: string, clients: number, rate: number): Promise<Sample> {
  const r = await runLoad({ mode: 'raw', url, clients, ramp: '0', durationMs: SECONDS * 1000, actionRate: rate, payloadBytes: 64, settleMs: 1000 });
  return { sentPerS: r.throughput.sent.messagesPerS, cores: r.tester.cpuCoresMean, p50: r.latency.echo.p50, p99: r.latency.echo.p99 };
}

/** Baseline: `ws` clients, one setInterval each (10 ms at most often), fresh timestamped frames per tick. */
async function baseline(url: string, clients: number, rate: number): Promise<Sample> {
  const sockets = await Promise.all(
    Array.from({ length: clients }, () => new Promise<WebSocket>((resolve) => {
      const s = new WebSocket(url, { perMessageDeflate: false });
      s.once('open', () => resolve(s));
    })),
  );
  let sent = 0;
  const rtts: number[] = [];
  for (const s of sockets) s.on('message', (d: Buffer) => rtts.push(performance.now() - d.readDoubleLE(0)));
  const period = Math.max(10, 1000 / rate);
  const perTick = Math.max(1, Math.round((rate * period) / 1000));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const timers = sockets.map((s) =>
    setInterval(() => {
      for (let i = 0; i < perTick; i++) {
        const b = Buffer.alloc(64);
        b.writeDoubleLE(performance.now(), 0);
        s.send(b);
        sent++;
      }
    }, period),
  );
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  for (const t of timers) clearInterval(t);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 500));
  for (const s of sockets) s.terminate();
  rtts.sort((a, b) => a - b);
  return { sentPerS: (sent * 1000) / wall, cores: (cpu.user + cpu.system) / 1000 / wall, p50: rtts[Math.floor(rtts.length / 2)] ?? 0, p99: rtts[Math.floor(rtts.length * 0.99)] ?? 0 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function idleMemory(url: string, clients: number): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  const r = await runLoad({ mode: 'raw', url, clients, ramp: '5000/s', durationMs: 4000, scenario: 'idle', settleMs: 0 });
  return ((r.tester.rssMBMax * 1024 * 1024 - before) / clients) / 1024;
}

async function main(): Promise<void> {
  const echo = await echoServer();
  // First, while this process is still small: the memory of idle connections.
  const idle = quick ? 2000 : 10_000;
  const idleKiB = await idleMemory(echo.url, idle);
  const configs = [
    { name: '100 clients x 1000 frames/s', clients: 100, rate: 1000 },
    { name: '1000 clients x 50 frames/s', clients: 1000, rate: 50 },
  ];
  console.log(`| load (64 B frames, echo in another process) | generator | sent/s | CPU cores | sent per CPU-second | echo p50 / p99 ms | ratio vs baseline (per CPU-second) |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const c of configs) {
    const ours: Sample[] = [];
    const base: Sample[] = [];
    for (let i = 0; i < REPS; i++) {
      base.push(await baseline(echo.url, c.clients, c.rate));
      ours.push(await tester(echo.url, c.clients, c.rate));
    }
    const perCore = (s: Sample[]): number => median(s.map((x) => x.sentPerS / Math.max(x.cores, 0.01)));
    const ratios = ours.map((o, i) => o.sentPerS / Math.max(o.cores, 0.01) / ((base[i] as Sample).sentPerS / Math.max((base[i] as Sample).cores, 0.01)));
    const row = (who: string, s: Sample[], ratio: string): void =>
      console.log(`| ${c.name} | ${who} | ${fmt(median(s.map((x) => x.sentPerS)))} | ${median(s.map((x) => x.cores)).toFixed(2)} | ${fmt(perCore(s))} | ${median(s.map((x) => x.p50)).toFixed(2)} / ${median(s.map((x) => x.p99)).toFixed(2)} | ${ratio} |`);
    row('bare ws clients (baseline)', base, '1.00');
    row('load-tester raw mode', ours, `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}..${Math.max(...ratios).toFixed(2)})`);
  }
  console.log(`\nIdle raw connections: ${idle.toLocaleString('en-US')} held by one thread, ${idleKiB.toFixed(1)} KiB of tester RSS each.`);
  echo.stop();
  process.exit(0);
}

void main();
