// The compose cluster without Docker: the services of docker/compose.yaml as processes
// on this machine, with the same configuration file, environment and command lines
// (host names -> 127.0.0.1, fixed ports -> free ones, the compose Redis -> the local one).
// Three atlas-nodes share Redis (127.0.0.1:6379, database REDIS_DB: the config has no
// key prefix, so the test owns a database and flushes it), four sim-servers own the 2x2
// world. The load tester drives all three nodes; then node-1 is killed (SIGKILL) and
// its players resume on the other nodes with their tickets.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import WebSocket from 'ws';
import { AtlasClient, type WebSocketConstructor } from '@atlas/client';
import * as nodeCrypto from '@atlas/crypto/node';
import { ActionChannel, type PlayerAction } from '@atlas/protocol';
import { loadCompose, REPO, type ComposeService } from '../deploy/compose';
import { bundleOf, startApp, until, withArg, withoutArg, type AppProcess } from '../deploy/processes';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The Redis database this suite owns (flushed before and after). */
const REDIS_DB = 13;
const REDIS_URL = `redis://127.0.0.1:6379/${REDIS_DB}`;
const NODES = ['node-1', 'node-2', 'node-3'] as const;
/** Node ids get a per-run suffix: a node left over from an interrupted run must not pose as one of ours. */
const RUN = Math.random().toString(36).slice(2, 8);
const SIMS = ['sim-0-0', 'sim-0-1', 'sim-1-0', 'sim-1-1'] as const;

const { services } = loadCompose();
const svc = (name: string): ComposeService => services.get(name)!;

interface ServersView {
  servers: Array<{ name: string; status: string; link: string | null; players: number }>;
  players: number;
}

async function serversOf(port: number): Promise<ServersView | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/servers`, { signal: AbortSignal.timeout(2000) });
    return r.ok ? ((await r.json()) as ServersView) : undefined;
  } catch {
    return undefined;
  }
}

async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? Number.NaN : Number(line.split(' ').at(-1));
}

/**
 * A player that dials node-1 first and, like a client behind a load balancer, another
 * node on every reconnect. Like a game client it reports its position ten times a second
 * (a resumed session is routed by position: after a hard kill the directory may not hold
 * the latest one yet, and the next move places the player again).
 */
class FailoverPlayer {
  readonly client: AtlasClient;
  private walk: ReturnType<typeof setInterval> | undefined;
  readonly dialed: string[] = [];
  readonly echoes: number[] = [];
  readonly welcomes: Array<{ playerId: string; sessionId: string; resumed: boolean }> = [];
  /** The close code after which the client stopped reconnecting, if it did. */
  gaveUp: number | undefined;
  /** Every socket's close, as `code@ms since the first dial`, so a stalled resume says what the survivors answered and when. */
  readonly closes: string[] = [];
  /** Reconnection attempts the client scheduled, and the error codes it reported, for the same reason. */
  attempts = 0;
  readonly errors: number[] = [];

  /** Dials before this time (ms) fail as if the network were down; the client retries. */
  static offlineUntil = 0;

  constructor(first: string, others: readonly string[], index: number) {
    const { dialed, closes } = this;
    const born = Date.now();
    const Dial = function (this: unknown) {
      if (Date.now() < FailoverPlayer.offlineUntil) throw new Error('offline');
      const target = dialed.length === 0 ? first : others[(dialed.length + index) % others.length]!;
      dialed.push(target);
      const socket = new WebSocket(target, { perMessageDeflate: false });
      socket.on('close', (code) => closes.push(`${code}@${Date.now() - born}`));
      return socket;
    } as unknown as WebSocketConstructor;
    this.client = new AtlasClient({
      url: first,
      token: '',
      WebSocket: Dial,
      syncCrypto: nodeCrypto,
      // Tickets of node-1's sessions get 4019 (retry) until node-1 is declared dead, up to
      // heartbeat_timeout + health_check_interval = 10 s after the kill: keep trying past that.
      // Each 4019 costs an attempt (about 15 in the 9 s a quiet resume takes): allow far more
      // than the test waits, so a slow machine cannot exhaust them first.
      reconnect: { maxAttempts: 300, baseDelayMs: 100, maxDelayMs: 500 },
    });
    this.client.on('welcome', (info) => this.welcomes.push({ playerId: info.playerId, sessionId: info.sessionId, resumed: info.resumed }));
    this.client.on('action', (a: PlayerAction) => this.echoes.push(a.data[0] ?? -1));
    this.client.on('close', (c: { code: number; willReconnect: boolean }) => void (c.willReconnect || (this.gaveUp = c.code)));
    this.client.on('reconnecting', () => void this.attempts++);
    this.client.on('error', (e: { code: number }) => void this.errors.push(e.code));
  }

  /** Starts moving around (x, y), ten moves a second while the session is open. */
  walkAround(x: number, y: number): void {
    let t = 0;
    this.client.move({ x, y, z: 0 });
    this.walk = setInterval(() => {
      t += 0.1;
      if (this.client.state === 'open') this.client.move({ x: x + 20 * Math.cos(t), y: y + 20 * Math.sin(t), z: 0 });
    }, 100);
  }

  async close(): Promise<void> {
    clearInterval(this.walk);
    await this.client.close();
  }

  /** Sends action `n` and waits for its echo. */
  async roundTrip(n: number, ms = 10_000): Promise<void> {
    this.client.action(1, Uint8Array.of(n), ActionChannel.Reliable);
    await until(() => this.echoes.includes(n), ms, `echo of action ${n}`);
  }
}

describe('the compose cluster as processes', () => {
  const nodes = new Map<string, { proc: AppProcess; port: number }>();
  /** Every process started, ready or not, so afterAll stops them all. */
  const procs: AppProcess[] = [];
  let redis: Redis;
  const url = (node: string): string => `ws://127.0.0.1:${nodes.get(node)!.port}/ws`;

  beforeAll(async () => {
    for (const app of ['atlas-node', 'sim-server', 'load-tester']) {
      if (!existsSync(bundleOf(app))) throw new Error(`${bundleOf(app)} is missing: build the apps first (npx nx run-many -t build)`);
    }
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect().catch((e: unknown) => {
      throw new Error(`this test needs Redis on 127.0.0.1:6379 (${String(e)})`);
    });
    await redis.flushdb();

    // The nodes: compose's environment and mounted file; loopback, free ports, the local Redis.
    await Promise.all(
      NODES.map(async (name) => {
        const s = svc(name);
        const mount = s.volumes[0]!.split(':')[0]!;
        const proc = startApp(name, 'atlas-node', s.command ?? [], {
          ...s.environment,
          ATLAS_CONFIG: join(REPO, 'docker', mount),
          ATLAS_CLUSTER_REDIS_URL: REDIS_URL,
          ATLAS_SERVER_ADDRESS: '127.0.0.1',
          ATLAS_SERVER_PORT: '0',
          ATLAS_CLUSTER_ADVERTISE_ADDRESS: '',
          ATLAS_ADMIN_ENABLED: 'false',
          ATLAS_CLUSTER_NODE_ID: `${s.environment['ATLAS_CLUSTER_NODE_ID']}-${RUN}`,
          ATLAS_LOGGING_LEVEL: 'info',
        });
        procs.push(proc);
        const ready = JSON.parse(await proc.waitFor(/"message":"node started"/)) as { port: number };
        nodes.set(name, { proc, port: ready.port });
      }),
    );

    // The sim-servers: compose's command lines. They register with node-2 and node-3 (in
    // compose: the "atlas-node" alias, any live node), so killing node-1 leaves them registered.
    await Promise.all(
      SIMS.map(async (name, i) => {
        let args = withArg(svc(name).command ?? [], '--host', '127.0.0.1');
        args = withArg(args, '--port', '0');
        args = withArg(args, '--register', `http://127.0.0.1:${nodes.get(i % 2 === 0 ? 'node-2' : 'node-3')!.port}`);
        const proc = startApp(name, 'sim-server', args, {});
        procs.push(proc);
        await proc.waitFor(/"event":"registered"/);
      }),
    );

    // Every node links every game server, whichever node it registered with.
    for (const name of NODES) {
      const port = nodes.get(name)!.port;
      await until(
        async () => {
          const view = await serversOf(port);
          return view !== undefined && view.servers.filter((s) => s.status === 'active' && s.link === 'up').length === SIMS.length;
        },
        20_000,
        `${name} links the four sim-servers`,
      );
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 10_000)));
    if (redis !== undefined) {
      await redis.flushdb().catch(() => undefined);
      redis.disconnect();
    }
  }, 40_000);

  it('serves load spread over all three nodes, with transfers and no loss', async () => {
    let args = withoutArg(svc('load').command ?? [], '--url');
    for (const name of NODES) args.push('--url', url(name));
    args = withArg(args, '--clients', '60');
    args = withArg(args, '--ramp', '2s');
    args = withArg(args, '--duration', '8s');
    args = withArg(args, '--settle', '2s');
    args.push('--json', '--quiet');
    // Exit 0: every --assert held; 1: one failed (the report says which); anything else: no report.
    const run = await promisify(execFile)(process.execPath, [bundleOf('load-tester'), ...args], { cwd: REPO, maxBuffer: 64 << 20, timeout: 60_000 }).catch(
      (e: { stdout?: string; stderr?: string; code?: number }) => {
        if (e.code === 1 && e.stdout !== undefined) return { stdout: e.stdout };
        throw new Error(`load tester failed (${e.code}): ${e.stderr ?? ''}\n${(e.stdout ?? '').slice(0, 3000)}`);
      },
    );
    const report = JSON.parse(run.stdout) as {
      passed: boolean;
      connections: { established: number; failed: number };
      transfers: { completed: number; aborted: number };
      integrity: { lost: number; duplicated: number };
      assertions: Array<{ expression: string; passed: boolean; actual: string }>;
    };
    expect(report.assertions.filter((a) => !a.passed)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.connections.established).toBeGreaterThanOrEqual(60);
    expect(report.transfers.completed).toBeGreaterThan(0);
    expect(report.integrity).toMatchObject({ lost: 0, duplicated: 0 });
    // Each node took its third of the players.
    for (const name of NODES) expect(await metric(nodes.get(name)!.port, 'atlas_connections_total')).toBeGreaterThanOrEqual(20);
  }, 90_000);

  it('resumes the players of a killed node on the other nodes, same player and session', async () => {
    const survivors = [url('node-2'), url('node-3')];
    const players = Array.from({ length: 6 }, (_, i) => new FailoverPlayer(url('node-1'), survivors, i));
    try {
      for (const [i, p] of players.entries()) {
        const opened = await p.client.connect();
        if (opened._tag === 'Left') throw new Error(`connect: ${opened.left.message}`);
        // One player per quadrant and then some, so every sim-server has players of node-1.
        p.walkAround(250 + 1000 * (i % 2), 250 + 1000 * (Math.floor(i / 2) % 2));
        await p.roundTrip(1);
      }
      const before = players.map((p) => p.client.session!);
      expect(before.every((s) => !s.resumed)).toBe(true);

      // The players come back only after node-1's session records would have expired under the
      // old TTL (10 s from node-1's last refresh, before or at the kill): a node's records must
      // outlive its failure detection and the resume window, whatever the players' timing.
      FailoverPlayer.offlineUntil = Date.now() + 11_000;
      expect(await nodes.get('node-1')!.proc.stop('SIGKILL')).toBe('SIGKILL');

      // A survivor takes a ticket of node-1's only once it has seen node-1 die (cluster.toml:
      // heartbeat_timeout 8 s, checked every 2 s); until then it answers 4019 ResumeLater and the
      // client retries. About 9 s on a quiet machine, here 11 s (the players' outage above).
      for (const p of players) {
        await until(() => p.welcomes.length === 2, 45_000, () => `a resumed Welcome from another node (client ${p.client.state}, ${p.dialed.length} dials, ${p.attempts} attempts, errors ${p.errors.slice(-8).join(' ') || '-'}, gave up with ${p.gaveUp ?? '-'}, last closes ${p.closes.slice(-8).join(' ')})`);
      }
      for (const [i, p] of players.entries()) {
        expect(p.welcomes[1]).toEqual({ playerId: before[i]!.playerId, sessionId: before[i]!.sessionId, resumed: true });
        expect(p.dialed.at(-1)).not.toBe(url('node-1'));
        await p.roundTrip(2);
        expect(p.client.stats().sequence.duplicates).toBe(0);
      }
      // The survivors now route all six to the game servers.
      await until(
        async () => {
          const views = await Promise.all(['node-2', 'node-3'].map((n) => serversOf(nodes.get(n)!.port)));
          return views.reduce((sum, v) => sum + (v?.servers.reduce((s, x) => s + x.players, 0) ?? 0), 0) === players.length;
        },
        10_000,
        'node-2 and node-3 route the six resumed players',
      );
    } finally {
      await Promise.all(players.map((p) => p.close()));
    }
  }, 90_000);
});
