// Ghost traffic against the ring budget: how many GhostUpdates (and bytes) a neighbour gets
// per near-border player, by distance ring, and how long a move takes to reach it as a
// ghost. A node (its own process, default spatial settings: ghost distance 100, rings
// `0.25:0,0.6:0.1,1:0.25`) and two game servers sharing a border at x = 1000 (west owns the
// players, east sees their ghosts; @atlas/server-sdk in this process). Players stand at
// fixed distances from the border, one band per ring plus one outside the zone, and walk
// along it (parallel, so nobody crosses) at a fixed move rate. The budget of a ring is
// every move (interval 0) or at most one update per interval; the figure is measured/budget,
// counted by the move an update shows (so a window of N intervals may hold N + 1: 1.05 for
// 20 intervals). The spacing itself is checked with a fake clock in ghost-tracker.spec.ts.
// The delay is from the client's send to east's `ghost-move` for that position: transport
// plus the ring's hold-back, which is what a ring costs in freshness.
// Far from any border the ghost code must cost nothing worth measuring: the node's CPU per
// move is measured for the same number of players 500 units from the border and near it,
// and the ghost streams' own work on a far player's move is timed alone, in this process.
// Run: npm run bench -- ghost-traffic [--players=10] [--seconds=5] [--rates=10,60]
import * as E from 'fp-ts/lib/Either.js';
import { parseGhostRings } from '@atlas/config';
import { encodeServerMessage, type PlayerMove } from '@atlas/protocol';
import type { Region, TransferDecision } from '@atlas/spatial';
import { createGameServer, registerWithNode, type GameServer } from '@atlas/server-sdk';
import { GhostStreams } from '../src/routing/ghosts/ghost-streams';
import type { RoutedPlayer } from '../src/routing/ports';
import { connectClient, type TestClient } from '../test/support/test-client';
import { startBenchNode } from './bench-node';
import { shippedNodeFlags, spawnRole, type RoleProcess } from './role-process';

const arg = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const PLAYERS = Number(arg('players', '10'));
const SECONDS = Number(arg('seconds', '5'));
const RATES = arg('rates', '10,60').split(',').map(Number);
const RINGS_TEXT = '0.25:0,0.6:0.1,1:0.25';
const DISTANCE = 100;
const BORDER = 1000;
/** Distances from the border: two per ring (its inner and outer part) and one outside the zone. */
const BANDS = [5, 20, 30, 55, 65, 95, 150];
const SPEED = 20;
/** Where the far-from-border players walk: 500 units from the border, far outside the zone. */
const FAR = 500;

const rings = parseGhostRings(RINGS_TEXT) ?? [];
const ringOf = (d: number): number => {
  const i = rings.findIndex((r) => d <= r.upTo * DISTANCE);
  return i < 0 ? -1 : i;
};
const budgetPerS = (d: number, rate: number): number => {
  const r = rings[ringOf(d)];
  if (r === undefined) return 0;
  return r.intervalMs === 0 ? rate : Math.min(rate, 1000 / r.intervalMs);
};

async function serveNode(): Promise<void> {
  const port = await startBenchNode({ limits: { idle_timeout: 3600, max_messages_per_second: 10_000 }, spatial: { ghost_rings: RINGS_TEXT, preload_distance: DISTANCE } });
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.stdin.on('data', () => {
    const u = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpu: u.user + u.system })}\n`);
  });
}

async function gameServer(nodePort: number, name: string, x0: number): Promise<GameServer> {
  const server = createGameServer({ heartbeatMs: 500, loadReportMs: 1000 });
  const listened = await server.listen();
  if (E.isLeft(listened)) throw new Error(`listen: ${JSON.stringify(listened.left)}`);
  const bounds = { min: { x: x0, y: 0, z: -100 }, max: { x: x0 + 1000, y: 1e6, z: 100 } };
  const reg = await registerWithNode(`http://127.0.0.1:${nodePort}`, {
    name, address: server.url, regionCoord: { x: 0, y: 0, z: 0 }, center: { x: x0 + 500, y: 500, z: 0 }, bounds, capacity: 100_000, version: 'bench',
  }, { heartbeatIntervalMs: 500 });
  if (E.isLeft(reg)) throw new Error(`register: ${reg.left.message}`);
  return server;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

interface Walker {
  readonly c: TestClient;
  readonly id: string;
  readonly band: number;
  readonly x: number;
  /** Where its walk along the border starts (y). */
  readonly lane: number;
  step: number;
  /** The first step of the measured window (updates showing an earlier one are warm-up). */
  firstStep: number;
  /** Send time (ms, performance.now) of each step, by step number. */
  readonly sentAt: Map<number, number>;
}

interface BandResult {
  updates: number;
  delays: number[];
}

interface RunResult {
  readonly bands: Map<number, BandResult>;
  /** The node's CPU per move over the measured window, microseconds. */
  readonly nodeUsPerMove: number;
}

async function runRate(node: RoleProcess, port: number, east: GameServer, rate: number, bands: readonly number[], perBand: number): Promise<RunResult> {
  const url = `ws://127.0.0.1:${port}/ws`;
  const walkers: Walker[] = [];
  for (const band of bands) {
    for (let i = 0; i < perBand; i++) {
      const c = await connectClient(url);
      walkers.push({ c, id: c.welcome.playerId, band, x: BORDER - band, lane: 1000 + walkers.length * 500, step: 0, firstStep: Number.POSITIVE_INFINITY, sentAt: new Map() });
    }
  }
  const byId = new Map(walkers.map((w) => [w.id, w]));
  const results = new Map<number, BandResult>(bands.map((b) => [b, { updates: 0, delays: [] }]));
  const seen = (g: { playerId: string; position: { y: number } }): void => {
    const w = byId.get(g.playerId);
    if (w === undefined) return;
    // Counted by the move it shows, not by when it arrives: a ring's held-back move from the
    // window's last interval arrives after the window but belongs to it.
    const step = Math.round((g.position.y - w.lane) / (SPEED / rate));
    if (step < w.firstStep) return;
    const r = results.get(w.band) as BandResult;
    r.updates++;
    const sent = w.sentAt.get(step);
    if (sent !== undefined) r.delays.push(performance.now() - sent);
  };
  const offs = [east.on('ghost-enter', seen), east.on('ghost-move', seen)];
  const send = (w: Walker): void => {
    const y = w.lane + w.step * (SPEED / rate);
    w.sentAt.set(w.step, performance.now());
    w.sentAt.delete(w.step - 4 * rate);
    w.c.send({ type: 'PlayerMove', seq: ++w.step, timestamp: Date.now(), position: { x: w.x, y, z: 0 }, velocity: { x: 0, y: SPEED, z: 0 } });
  };
  // One warm-up second (ghosts enter, rings settle), then the measured window.
  const ticks = (SECONDS + 1) * rate;
  const started = performance.now();
  let cpu0 = 0;
  for (let t = 0; t < ticks; t++) {
    if (t === rate) {
      for (const w of walkers) w.firstStep = w.step;
      cpu0 = await cpuOf(node);
    }
    for (const w of walkers) send(w);
    const next = started + ((t + 1) * 1000) / rate;
    await sleep(Math.max(0, next - performance.now()));
  }
  // The outermost ring holds a move for up to its interval: wait for the last ones.
  await sleep(Math.max(...rings.map((r) => r.intervalMs)) + 200);
  const cpu1 = await cpuOf(node);
  offs.forEach((off) => off());
  await Promise.all(walkers.map((w) => w.c.close()));
  await sleep(500);
  return { bands: results, nodeUsPerMove: (cpu1 - cpu0) / (walkers.length * SECONDS * rate) };
}

async function cpuOf(node: RoleProcess): Promise<number> {
  node.proc.stdin?.write('cpu\n');
  return (await node.next())['cpu'] ?? Number.NaN;
}

/** Nanoseconds the ghost streams spend on one move of a player far from any border, with `near` players ghosted. */
function ghostCostOfFarMove(near: number): number {
  const streams = new GhostStreams({
    links: { send: () => true, carriesGhosts: () => true },
    settings: () => ({ distance: DISTANCE, rings }),
    endOfTurn: () => undefined,
  });
  const player = (handle: number, x: number): RoutedPlayer => ({ handle, playerId: `p${handle}`, server: 'west', x, y: 0, z: 0 }) as unknown as RoutedPlayer;
  const move = (x: number): PlayerMove => ({ type: 'PlayerMove', seq: 1, timestamp: 0, position: { x, y: 0, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
  const east = { owner: 'east', bounds: { min: { x: BORDER, y: 0, z: -100 }, max: { x: 2 * BORDER, y: 1e6, z: 100 } } } as unknown as Region;
  const preload: TransferDecision = { kind: 'preload', regions: [east] };
  for (let h = 1; h <= near; h++) streams.moved(player(h, BORDER - 10), move(BORDER - 10), preload);
  const far = player(near + 1, FAR);
  const farMove = move(FAR);
  const stay: TransferDecision = { kind: 'stay' };
  const n = 2_000_000;
  for (let i = 0; i < n; i++) streams.moved(far, farMove, stay);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) streams.moved(far, farMove, stay);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  streams.close();
  return ns;
}

async function main(): Promise<void> {
  const node = spawnRole(__filename, 'node', shippedNodeFlags());
  const { port } = (await node.next()) as { port: number };
  const west = await gameServer(port, 'west', 0);
  const east = await gameServer(port, 'east', BORDER);
  const deadline = Date.now() + 10_000;
  while ((west.links.length === 0 || east.links.length === 0) && Date.now() < deadline) await sleep(50);
  const sample = encodeServerMessage({ type: 'GhostUpdate', handle: 1, playerId: 'p-0000000000', ownerServer: 'srv-00000000', position: { x: 0, y: 0, z: 0 }, velocity: { x: 0, y: 0, z: 0 }, counter: 1 });
  console.log(`${PLAYERS} players per band walking along the border at ${SPEED} u/s; ghost distance ${DISTANCE}, rings \`${RINGS_TEXT}\`; ${SECONDS} s measured after 1 s of warm-up; load average at start ${(await import('node:os')).loadavg()[0]?.toFixed(2)}.`);
  console.log(`A GhostUpdate is ${sample.length} bytes alone on the link (with a 10-character player id and a 12-character server id); in a link Batch it costs about the same.\n`);
  console.log('| moves/s | distance | ring (interval) | budget /s | measured /s per player | measured / budget | bytes/s per player | delay p50 | delay p99 |');
  console.log('|---:|---:|---|---:|---:|---:|---:|---:|---:|');
  // A run to warm the node's JIT, so the first measured run is not charged for compiling.
  await runRate(node, port, east, Math.max(...RATES), BANDS, PLAYERS);
  const cpu: string[] = [];
  for (const rate of RATES) {
    const near = await runRate(node, port, east, rate, BANDS, PLAYERS);
    const far = await runRate(node, port, east, rate, [FAR], PLAYERS * BANDS.length);
    cpu.push(`| ${rate} | ${PLAYERS * BANDS.length} | ${far.nodeUsPerMove.toFixed(1)} us | ${near.nodeUsPerMove.toFixed(1)} us |`);
    for (const band of BANDS) {
      const r = near.bands.get(band) as BandResult;
      const perS = r.updates / PLAYERS / SECONDS;
      const budget = budgetPerS(band, rate);
      const ring = rings[ringOf(band)];
      const ringText = ring === undefined ? 'outside' : `${ringOf(band)} (${ring.intervalMs === 0 ? 'every move' : `${ring.intervalMs} ms`})`;
      const ratio = budget === 0 ? (perS === 0 ? 'none sent' : 'OVER') : (perS / budget).toFixed(2);
      const delay = (q: number): string => (r.delays.length === 0 ? '-' : `${quantile(r.delays, q).toFixed(1)} ms`);
      console.log(`| ${rate} | ${band} | ${ringText} | ${budget.toFixed(1)} | ${perS.toFixed(2)} | ${ratio} | ${Math.round(perS * sample.length)} | ${delay(0.5)} | ${delay(0.99)} |`);
    }
  }
  console.log('\nThe node\'s CPU per move (its process, user + system, over the window; every move is also decided for transfer and forwarded to west):\n');
  console.log('| moves/s | players | all 500 units from the border | spread over the bands above |');
  console.log('|---:|---:|---:|---:|');
  for (const line of cpu) console.log(line);
  const alone = [0, PLAYERS * BANDS.length].map((n) => `${ghostCostOfFarMove(n).toFixed(1)} ns with ${n} players ghosted`);
  console.log(`\nThe ghost streams' own work on one far player's move, timed alone: ${alone.join(', ')}.`);
  await west.close();
  await east.close();
  node.proc.kill('SIGKILL');
}

if (process.env['ATLAS_BENCH_ROLE'] === 'node') void serveNode();
else void main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
