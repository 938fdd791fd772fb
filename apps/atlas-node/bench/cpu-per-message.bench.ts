// Server CPU per round trip: clients send 64-byte actions at a fixed rate; the node
// forwards them to a game server (its own process, echoing) and delivers the echoes.
// Baseline in the same run: a raw uWebSockets.js echo server. The figure is the server
// process's CPU time (user + system) per round trip; the node's includes decrypting,
// decoding, forwarding upstream, decoding the echo, encoding, sealing and writing.
// Run: npm run bench -- cpu-per-message [-- --players=200 --rate=20 --seconds=5 --reps=5]
import * as E from 'fp-ts/lib/Either.js';
import uWS from 'uWebSockets.js';
import WebSocket from 'ws';
import { ActionChannel, Codec } from '@atlas/protocol';
import { createGameServer, registerWithNode } from '@atlas/server-sdk';
import { connectClient, type TestClient } from '../test/support/test-client';
import { numberArg } from './bench-cli';
import { startBenchNode } from './bench-node';
import { shippedNodeFlags, spawnRole, type RoleProcess } from './role-process';

const PLAYERS = numberArg('players', 200);
const RATE = numberArg('rate', 20);
const SECONDS = numberArg('seconds', 5);
const REPS = numberArg('reps', 5);
type Kind = 'uws' | 'plain' | 'node';
const role = process.env['ATLAS_BENCH_ROLE'];

function cpu(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function serveNode(kind: Kind): Promise<number> {
  if (kind === 'uws') {
    const app = uWS.App();
    app.ws('/ws', { idleTimeout: 0, maxPayloadLength: 64 * 1024, message: (ws, m, b) => void ws.send(m, b) });
    return new Promise<number>((res) => app.listen('127.0.0.1', 0, (s) => res(s === false ? 0 : uWS.us_socket_local_port(s))));
  }
  return startBenchNode({ limits: { idle_timeout: 3600, max_messages_per_second: 10_000 }, security: { require_encryption: kind === 'node' } });
}

/** Child roles: a server under test (prints its port, answers "cpu" with its CPU time in us), or the echoing game server. */
async function serve(): Promise<void> {
  if (role === 'game') {
    const server = createGameServer({});
    server.on('action', (p, a) => server.send(p, a));
    await server.listen();
    const reg = await registerWithNode(process.env['ATLAS_NODE_HTTP'] ?? '', {
      name: 'bench', address: server.url, regionCoord: { x: 0, y: 0, z: 0 }, center: { x: 0, y: 0, z: 0 },
      bounds: { min: { x: -1e6, y: -1e6, z: -1e6 }, max: { x: 1e6, y: 1e6, z: 1e6 } }, capacity: 100_000, version: 'bench',
    });
    process.stdout.write(`${JSON.stringify({ ok: E.isRight(reg) })}\n`);
    return;
  }
  const port = await serveNode(role as Kind);
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.stdin.on('data', (d: Buffer) => {
    // A clean exit lets --cpu-prof (ATLAS_BENCH_PROFILE=<role>) write its profile.
    if (d.toString().includes('exit')) process.exit(0);
    process.stdout.write(`${JSON.stringify({ cpu: cpu() })}\n`);
  });
}

type Child = RoleProcess;

function child(r: string, env: Record<string, string> = {}): Child {
  const flags = process.env['ATLAS_BENCH_PROFILE'] === r ? ['--cpu-prof', '--cpu-prof-dir=tmp/prof'] : [];
  const shipped = r === 'plain' || r === 'node' ? shippedNodeFlags() : [];
  return spawnRole(__filename, r, [...shipped, ...flags], env);
}

async function cpuOf(c: Child): Promise<number> {
  c.proc.stdin?.write('cpu\n');
  return (await c.next())['cpu'] ?? NaN;
}

/** One repetition: µs of server CPU per round trip. */
async function run(kind: Kind): Promise<number> {
  const server = child(kind);
  const { port } = (await server.next()) as { port: number };
  const game = kind === 'uws' ? undefined : child('game', { ATLAS_NODE_HTTP: `http://127.0.0.1:${port}` });
  if (game !== undefined) await game.next();
  await new Promise((r) => setTimeout(r, 300));
  const url = `ws://127.0.0.1:${port}/ws`;
  const payload = new Uint8Array(64);
  let received = 0;
  const senders: Array<() => void> = [];
  for (let i = 0; i < PLAYERS; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, PLAYERS - i) }, async () => {
        if (kind === 'uws') {
          const ws = await new Promise<WebSocket>((res) => {
            const w = new WebSocket(url, { perMessageDeflate: false });
            w.on('open', () => res(w));
          });
          ws.on('message', () => received++);
          return () => ws.send(payload);
        }
        const c: TestClient = await connectClient(url, { codecs: kind === 'plain' ? [Codec.Raw, Codec.Plaintext] : undefined });
        let seq = 1;
        c.send({ type: 'PlayerMove', seq: seq++, timestamp: 0, position: { x: 0, y: 0, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
        c.ws.on('message', () => received++);
        return () => c.send({ type: 'PlayerAction', seq: seq++, channel: ActionChannel.Reliable, tag: 1, data: payload });
      }),
    );
    senders.push(...batch);
  }
  await new Promise((r) => setTimeout(r, 500));
  received = 0;
  const cpu0 = await cpuOf(server);
  let sent = 0;
  const ticks = SECONDS * RATE;
  for (let t = 0; t < ticks; t++) {
    for (const send of senders) send();
    sent += senders.length;
    await new Promise((r) => setTimeout(r, 1000 / RATE));
  }
  const deadline = Date.now() + 3000;
  while (received < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const cpu1 = await cpuOf(server);
  server.proc.stdin?.write('exit\n');
  setTimeout(() => server.proc.kill('SIGKILL'), 2000).unref();
  game?.proc.kill('SIGKILL');
  return (cpu1 - cpu0) / Math.max(1, received);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const results: Record<Kind, number[]> = { uws: [], plain: [], node: [] };
  for (let r = 0; r < REPS; r++) for (const k of ['uws', 'plain', 'node'] as const) results[k].push(await run(k));
  const base = median(results.uws);
  console.log(`${PLAYERS} clients x ${RATE} messages/s for ${SECONDS} s (64-byte payloads), median of ${REPS}; server CPU per round trip.\n`);
  console.log('| server | us CPU per round trip | ratio to raw uWS echo |');
  console.log('|---|---|---|');
  const row = (name: string, xs: number[]): void => console.log(`| ${name} | ${median(xs).toFixed(1)} | ${(median(xs) / base).toFixed(2)} |`);
  row('raw uWebSockets.js echo (baseline)', results.uws);
  row('atlas-node, plaintext (client -> node -> game server -> node -> client)', results.plain);
  row('atlas-node, encrypted (X25519 + AES-256-GCM)', results.node);
  console.log(`\nsamples (us): uws ${results.uws.map((x) => x.toFixed(1)).join(', ')}; plaintext ${results.plain.map((x) => x.toFixed(1)).join(', ')}; encrypted ${results.node.map((x) => x.toFixed(1)).join(', ')}`);
}

if (role !== undefined) void serve();
else void main().then(() => process.exit(0));
