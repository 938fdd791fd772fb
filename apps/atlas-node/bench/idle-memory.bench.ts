// Memory per idle player: a node (its own process) holding clients that completed the
// handshake (X25519 + AES-256-GCM, or plaintext) and then sit idle, against a plain
// uWebSockets.js server holding idle sockets, measured in the same run. The figure is
// the marginal RSS per connection between N and 3N open, in a fresh server process per
// repetition (one-off warm-up growth cancels out). It includes memory the allocator
// keeps after the handshakes' transient allocations; the live JS heap is shown apart,
// and the session channel alone is measured without any handshake garbage.
// Run: npm run bench -- idle-memory [-- --players=1000 --reps=5]
import { randomBytes } from 'node:crypto';
import { getHeapSpaceStatistics } from 'node:v8';
import uWS from 'uWebSockets.js';
import WebSocket from 'ws';
import { createNodeChannel } from '@atlas/crypto/node';
import { Codec } from '@atlas/protocol';
import { connectClient, type TestClient } from '../test/support/test-client';
import { numberArg } from './bench-cli';
import { startBenchNode } from './bench-node';
import { shippedNodeFlags, spawnRole, type RoleProcess } from './role-process';

const PLAYERS = numberArg('players', 1000);
const REPS = numberArg('reps', 5);
type Kind = 'node' | 'plain' | 'uws';
const role = process.env['ATLAS_BENCH_ROLE'] as Kind | 'channel' | undefined;

interface Sample {
  readonly rss: number;
  readonly heap: number;
  /** V8 heap committed (heapTotal): RSS above it is native (allocator, uWS, OpenSSL). */
  readonly committed: number;
  /** Memory V8 knows is held by native objects (ArrayBuffer backing stores, external strings). */
  readonly external: number;
  /** Resident V8 young generation: it grows with allocation throughput (bounded), not per player. */
  readonly young: number;
}

function measure(): Sample {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const young = getHeapSpaceStatistics()
    .filter((sp) => sp.space_name.startsWith('new_'))
    .reduce((sum, sp) => sum + sp.physical_space_size, 0);
  return { rss: m.rss, heap: m.heapUsed, committed: m.heapTotal, external: m.external, young };
}

/** Child: serve, answer each stdin line with a JSON measurement on stdout. */
async function serve(kind: Kind): Promise<void> {
  let port = 0;
  if (kind !== 'uws') {
    port = await startBenchNode({ limits: { idle_timeout: 3600, handshake_timeout: 60 }, security: { require_encryption: kind === 'node' }});
  } else {
    const app = uWS.App();
    app.ws('/ws', { idleTimeout: 0, maxPayloadLength: 64 * 1024, message: (ws, m, b) => void ws.send(m, b) });
    port = await new Promise<number>((res) => app.listen('127.0.0.1', 0, (s) => res(s === false ? 0 : uWS.us_socket_local_port(s))));
  }
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.stdin.on('data', () => {
    setTimeout(() => process.stdout.write(`${JSON.stringify(measure())}\n`), 300);
  });
}

type Child = RoleProcess;

function child(kind: Kind | 'channel'): Child {
  // ATLAS_BENCH_NODE_FLAGS: extra node/V8 flags for the measured processes (e.g. --always-compact).
  const flags = (process.env['ATLAS_BENCH_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
  const shipped = kind === 'node' || kind === 'plain' ? shippedNodeFlags() : [];
  return spawnRole(__filename, kind, [...shipped, '--expose-gc', ...flags]);
}

async function ask(c: Child): Promise<Sample> {
  c.proc.stdin?.write('measure\n');
  return (await c.next()) as unknown as Sample;
}

async function connectAll(kind: Kind, port: number, n: number): Promise<Array<TestClient | WebSocket>> {
  const out: Array<TestClient | WebSocket> = [];
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, () =>
      kind !== 'uws'
        ? connectClient(`ws://127.0.0.1:${port}/ws`, { codecs: kind === 'plain' ? [Codec.Raw, Codec.Plaintext] : undefined })
        : new Promise<WebSocket>((res, rej) => {
            const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { perMessageDeflate: false });
            ws.on('open', () => res(ws));
            ws.on('error', rej);
          }),
    );
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

async function closeAll(list: Array<TestClient | WebSocket>): Promise<void> {
  await Promise.all(
    list.map((c) =>
      c instanceof WebSocket
        ? new Promise<void>((r) => {
            c.once('close', () => r());
            c.close();
          })
        : c.close().then(() => undefined),
    ),
  );
}

interface PerConnection {
  readonly rss: number[];
  readonly heap: number[];
  readonly committed: number[];
  readonly external: number[];
  readonly rssLessYoung: number[];
}

async function perConnection(kind: Kind): Promise<PerConnection> {
  const rss: number[] = [];
  const heap: number[] = [];
  const committed: number[] = [];
  const external: number[] = [];
  const rssLessYoung: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const c = child(kind);
    const { port } = (await c.next()) as { port: number };
    const first = await connectAll(kind, port, PLAYERS);
    const low = await ask(c);
    const more = await connectAll(kind, port, 2 * PLAYERS);
    const high = await ask(c);
    rss.push((high.rss - low.rss) / (2 * PLAYERS));
    heap.push((high.heap - low.heap) / (2 * PLAYERS));
    committed.push((high.committed - low.committed) / (2 * PLAYERS));
    external.push((high.external - low.external) / (2 * PLAYERS));
    rssLessYoung.push((high.rss - high.young - (low.rss - low.young)) / (2 * PLAYERS));
    await closeAll([...first, ...more]);
    c.proc.kill('SIGKILL');
  }
  return { rss, heap, committed, external, rssLessYoung };
}

/** Live cost of the session channel alone: RSS per SyncChannel with 20,000 held (no handshake garbage). */
function channelCost(): number {
  const n = 20_000;
  const keys = new Uint8Array(randomBytes(64 * n));
  const before = measure().rss;
  const keep: unknown[] = [];
  for (let i = 0; i < n; i++) {
    keep.push(createNodeChannel({ keys: { suite: 1, clientToServer: keys.slice(i * 64, i * 64 + 32), serverToClient: keys.slice(i * 64 + 32, i * 64 + 64) }, role: 'server' }));
  }
  const after = measure().rss;
  return keep.length === n ? (after - before) / n : NaN;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const uws = await perConnection('uws');
  const plain = await perConnection('plain');
  const node = await perConnection('node');
  const channelChild = child('channel');
  const channel = (await channelChild.next())['bytes'] ?? NaN;
  const kib = (b: number): string => (b / 1024).toFixed(2);
  const row = (name: string, m: PerConnection): string =>
    `| ${name} | ${kib(median(m.rss))} | ${((median(m.rss) * 1000) / 1048576).toFixed(2)} | ${kib(median(m.heap))} | ${kib(median(m.committed))} | ${kib(median(m.external))} | ${kib(median(m.rssLessYoung))} |`;
  console.log(`Idle connections: marginal RSS of the server process per connection between ${PLAYERS} and ${3 * PLAYERS} open, median of ${REPS} fresh processes.\n`);
  console.log('| server | KiB RSS per connection | MiB per 1,000 | KiB JS heap (live) per connection | KiB V8 heap committed per connection | KiB external (native-backed) per connection | KiB RSS less V8 young generation per connection |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(row('raw uWebSockets.js (baseline)', uws));
  console.log(row('atlas-node, plaintext players (encryption off)', plain));
  console.log(row('atlas-node, encrypted players (X25519 + AES-256-GCM)', node));
  console.log(`\nThe session channel alone (SyncChannel over node:crypto, 20,000 held): ${kib(channel)} KiB RSS each.`);
  console.log(`samples, KiB RSS per connection: uws ${uws.rss.map(kib).join(', ')}; plaintext ${plain.rss.map(kib).join(', ')}; encrypted ${node.rss.map(kib).join(', ')}`);
}

if (role === 'channel') process.stdout.write(`${JSON.stringify({ bytes: channelCost() })}\n`);
else if (role !== undefined) void serve(role);
else void main().then(() => process.exit(0));
