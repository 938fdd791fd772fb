// The Redis-outage drill, shared by the e2e test and `npm run bench -- faults`: three
// atlas-node processes on a private redis-server, four sim-servers (a 2x2 world, each
// registered with one node), the load tester driving all three nodes. Mid-run Redis is
// frozen (SIGSTOP) for `freezeSeconds`, then killed and restarted empty. The drill
// measures what clients, game servers and operators see meanwhile and after.
import Redis from 'ioredis';
import { startRedisServer, type PrivateRedis } from '@atlas/cluster/testing';
import { bundleDrillApps, drillNodeArgs, loadReport, loadTargets, startedPort, startLoad, stopChildren, type DrillTimings } from './drill-cluster';
import { eventually } from './eventually';
import { spawnNode, type Child } from './processes';
import { connectClient } from './test-client';
import { sleep } from '@atlas/common/testing';

/** What the drill measured. */
export interface OutageFigures {
  readonly freezeSeconds: number;
  /** `id@name` of every server each node listed before the outage (sorted), by node. */
  readonly serversBefore: readonly string[];
  /** Slowest answer per endpoint during the outage (ms), and every status seen. */
  readonly http: Readonly<Record<string, EndpointSeen>>;
  /** The same, measured the same way for 2 s before the outage (what this machine's load costs alone). */
  readonly httpBefore: Readonly<Record<string, EndpointSeen>>;
  /** `/servers` marked stale on every node while Redis was frozen. */
  readonly staleSeen: boolean;
  /** New connections during the outage, dial to Welcome in ms: the first just after the freeze (before the store noticed), then one per probe round from 2 s in (up to 5 in all). */
  readonly handshakesMs: readonly number[];
  /** From the empty restart until every node lists the same servers (same ids, active, fresh) and Redis holds them again. */
  readonly recoveryMs: number;
  readonly serversAfter: readonly string[];
  /** The load tester's JSON report (integrity, errors, connections). */
  readonly report: LoadReport;
}

/** The parts of the load tester's report the drill reads. */
export interface LoadReport {
  readonly connections: { readonly established: number; readonly failed: number; readonly reconnects: number; readonly unexpectedCloses: number };
  readonly integrity: { readonly lost: number; readonly duplicated: number; readonly actions: { readonly sent: number; readonly echoed: number } };
  readonly errors: { readonly total: number; readonly byCloseCode: Record<string, number>; readonly inBand: Record<string, number> };
}

/** Drill settings. */
export interface DrillOptions {
  readonly freezeSeconds: number;
  readonly clients: number;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/** How one endpoint answered over a period: every answer time (ms) and every status. */
export interface EndpointSeen {
  readonly ms: number[];
  readonly statuses: number[];
}

/** The `q` quantile (0..1) of answer times, nearest rank. */
export function quantile(seen: EndpointSeen | undefined, q: number): number {
  const sorted = [...(seen?.ms ?? [])].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

interface ServersDoc {
  readonly servers: ReadonlyArray<{ id: string; name: string; status: string; link: string | null }>;
  readonly stale?: boolean;
}

const NODES = 3;
const TIMINGS: DrillTimings = { healthCheckInterval: 0.5, heartbeatTimeout: 3, discoveryInterval: 2, serverHeartbeatInterval: 0.5 };

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  const body = await res.text();
  return { ms: performance.now() - started, status: res.status, body };
}

async function serversOf(port: number): Promise<ServersDoc | undefined> {
  try {
    const r = await timed(`http://127.0.0.1:${port}/servers`);
    return r.status === 200 ? (JSON.parse(r.body) as ServersDoc) : undefined;
  } catch {
    return undefined;
  }
}

const idsOf = (doc: ServersDoc | undefined): string => (doc?.servers.map((s) => `${s.id}@${s.name}:${s.status}`).sort().join(',') ?? '');

/** Runs the drill; everything it started is stopped before it returns or throws. */
export async function runOutageDrill(o: DrillOptions): Promise<OutageFigures> {
  const log = o.log ?? (() => undefined);
  const { nodeMain, simMain, loadMain } = await bundleDrillApps();
  const redis: PrivateRedis = await startRedisServer();
  const children: Child[] = [];
  try {
    const ports = await Promise.all(
      Array.from({ length: NODES }, async (_, i) => {
        const node = spawnNode(nodeMain, drillNodeArgs(redis.url, `outage-node-${i + 1}`, TIMINGS), /node started/);
        children.push(node);
        return startedPort(node);
      }),
    );
    const http = ports.map((p) => `http://127.0.0.1:${p}`);
    const sims = [0, 1].flatMap((i) => [0, 1].map((j) => ({ i, j })));
    // The id of one server registered with each node: the drill heartbeats it there itself, as its sim-server does.
    const ownedBy: string[] = [];
    await Promise.all(
      sims.map(async ({ i, j }, k) => {
        const args = ['--port', '0', '--grid', '2x2', '--cell', `${i},${j}`, '--world', '1000', '--register', http[k % NODES] ?? '', '--json'];
        const sim = spawnNode(simMain, args, /"event":"registered"/);
        children.push(sim);
        const registered = JSON.parse(await sim.ready) as { serverId: string };
        if (k < NODES) ownedBy[k] = registered.serverId;
      }),
    );
    for (const port of ports) {
      await eventually(`node on ${port} links every sim-server`, async () => (await serversOf(port))?.servers.filter((s) => s.status === 'active' && s.link === 'up').length === sims.length, 20_000, 100);
    }
    log('cluster up: 3 nodes, 4 sim-servers');

    // The load: every client on one of the three nodes, walking (and crossing borders) for the whole drill.
    const runSeconds = o.freezeSeconds + 16;
    const loadArgs = [...loadTargets(ports), '--clients', String(o.clients), '--ramp', '2s', '--duration', `${runSeconds}s`, '--settle', '3s', '--world', '0,0,1000,1000', '--grid', '2x2', '--json', '--quiet'];
    const load = startLoad(loadMain, loadArgs);
    children.push(load);
    await sleep(4000);
    const before = await Promise.all(ports.map(serversOf));
    const serversBefore = idsOf(before[0]).split(',');
    if (new Set(before.map(idsOf)).size !== 1) throw new Error(`nodes disagree before the outage: ${before.map(idsOf).join(' | ')}`);
    const owned = before[0]?.servers.map((s) => s.id) ?? [];

    // Every endpoint of every node, as an operator's probes and the game servers hit them.
    const probe = (into: Record<string, EndpointSeen>): Promise<boolean[]> => {
      const note = (what: string, r: { ms: number; status: number }): void => {
        const entry = (into[what] ??= { ms: [], statuses: [] });
        entry.ms.push(Math.round(r.ms));
        if (!entry.statuses.includes(r.status)) entry.statuses.push(r.status);
      };
      return Promise.all(
        http.map(async (base, n) => {
          for (const path of ['/health', '/ready', '/metrics']) note(path, await timed(`${base}${path}`));
          const servers = await timed(`${base}/servers`);
          note('/servers', servers);
          const id = ownedBy[n] ?? '';
          const body = { server_id: id, current_connections: 0, load: 0, accepting_connections: true };
          const beat = await timed(`${base}/api/v1/servers/${id}/heartbeat`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          note('PUT /api/v1/servers/{id}/heartbeat', beat);
          return servers.status === 200 && (JSON.parse(servers.body) as ServersDoc).stale === true;
        }),
      );
    };
    const httpBefore: Record<string, EndpointSeen> = {};
    for (const end = Date.now() + 2000; Date.now() < end; await sleep(200)) await probe(httpBefore);

    log(`freezing Redis for ${o.freezeSeconds} s`);
    const httpSeen: Record<string, EndpointSeen> = {};
    redis.freeze();
    const frozenAt = Date.now();
    const handshakes: number[] = [];
    const handshake = async (): Promise<void> => {
      const started = performance.now();
      const c = await connectClient(`ws://127.0.0.1:${ports[handshakes.length % NODES]}/ws`);
      handshakes.push(Math.round(performance.now() - started));
      await c.close();
    };
    await handshake(); // the first moments: the store has not noticed yet
    let staleSeen = false;
    while (Date.now() - frozenAt < o.freezeSeconds * 1000) {
      if (handshakes.length < 5 && Date.now() - frozenAt > 2000) await handshake();
      const stale = await probe(httpSeen);
      if (Date.now() - frozenAt > 2500 && stale.every(Boolean)) staleSeen = true;
      await sleep(200);
    }

    log('killing Redis and restarting it empty');
    await redis.stop('SIGKILL');
    await redis.start();
    const restartedAt = Date.now();
    const check = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    let serversAfter: string[] = [];
    let recoveryMs = Number.NaN; // NaN: not within 30 s
    try {
      while (Date.now() - restartedAt < 30_000) {
        const docs = await Promise.all(ports.map(serversOf));
        const inRedis = (await check.hkeys('{atlas}:servers:rec').catch(() => [] as string[])).sort().join();
        serversAfter = idsOf(docs[0]).split(',');
        // Every node lists the servers of before, fresh, and Redis holds them again.
        if (docs.every((d) => d !== undefined && d.stale !== true && idsOf(d) === serversBefore.join(',')) && inRedis === [...owned].sort().join()) {
          recoveryMs = Date.now() - restartedAt;
          break;
        }
        await sleep(100);
      }
    } finally {
      check.disconnect();
    }
    log(`recovered in ${recoveryMs} ms; waiting for the load tester`);

    const report = await loadReport<LoadReport>(load);
    return { freezeSeconds: o.freezeSeconds, serversBefore, http: httpSeen, httpBefore, staleSeen, handshakesMs: handshakes, recoveryMs, serversAfter, report };
  } finally {
    await stopChildren(children);
    await redis.stop('SIGKILL');
  }
}
