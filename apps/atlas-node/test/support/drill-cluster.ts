// What the fault drills (outage-drill.ts, node-kill-drill.ts) share: the three apps
// bundled, node settings for a cluster on a private Redis, the load tester's run, and a
// teardown that stops every process a drill started.
import { resolve } from 'node:path';
import { bundle, root, spawnNode, type Child } from './processes';

/** The token secret every node of a drill and its load tester share (tickets resume across nodes). */
export const DRILL_TOKEN_SECRET = 'a shared token secret of at least 32 chars';

/** The node, the sim-server and the load tester, bundled. */
export interface DrillBundles {
  readonly nodeMain: string;
  readonly simMain: string;
  readonly loadMain: string;
}

/** Bundles the three apps a drill runs. */
export async function bundleDrillApps(): Promise<DrillBundles> {
  const [nodeMain, simMain, loadMain] = await Promise.all(
    ['apps/atlas-node/src/main.ts', 'apps/sim-server/src/main.ts', 'apps/load-tester/src/main.ts'].map((entry) => bundle(resolve(root, entry))),
  );
  return { nodeMain: nodeMain as string, simMain: simMain as string, loadMain: loadMain as string };
}

/** A drill node's failure-detection timings (seconds). */
export interface DrillTimings {
  readonly healthCheckInterval: number;
  readonly heartbeatTimeout: number;
  readonly discoveryInterval: number;
  readonly serverHeartbeatInterval: number;
}

/** `--set` arguments for a drill node: loopback, port 0, info logs, the Redis store, the shared token secret and `timings`. */
export function drillNodeArgs(redisUrl: string, nodeId: string, timings: DrillTimings): string[] {
  return [
    'server.address=127.0.0.1',
    'server.port=0',
    'admin.enabled=false',
    'logging.level=info',
    'cluster.store=redis',
    `cluster.redis_url=${redisUrl}`,
    `cluster.node_id=${nodeId}`,
    `cluster.health_check_interval=${timings.healthCheckInterval}`,
    `cluster.heartbeat_timeout=${timings.heartbeatTimeout}`,
    `cluster.discovery_interval=${timings.discoveryInterval}`,
    `game_servers.heartbeat_interval=${timings.serverHeartbeatInterval}`,
    `security.token_secret=${DRILL_TOKEN_SECRET}`,
    'server.drain_timeout=2',
  ].flatMap((s) => ['--set', s]);
}

/** The port a node reports in its `node started` line. */
export const startedPort = async (node: Child): Promise<number> => Number(/"port":(\d+)/.exec(await node.ready)?.[1]);

/** Load-tester arguments: every node's `/ws` endpoint (dialled in this order) and the shared token secret. */
export const loadTargets = (ports: readonly number[]): string[] => [...ports.flatMap((p) => ['--url', `ws://127.0.0.1:${p}/ws`]), '--token-secret', DRILL_TOKEN_SECRET];

/** Waits for the load tester to exit, then reads its JSON report; exit 1 (a failed verdict) still reports. */
export async function loadReport<Report>(load: Child): Promise<Report> {
  const code = await load.exited;
  if (code !== 0 && code !== 1) throw new Error(`load tester exited ${code}: ${load.stderr().slice(-2000)}`);
  return JSON.parse(load.stdout()) as Report;
}

/** Stops every child (SIGTERM, SIGKILL after 5 s) and waits for each to exit. */
export async function stopChildren(children: readonly Child[]): Promise<void> {
  await Promise.all(
    children.map(async (c) => {
      if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGTERM');
      const killer = setTimeout(() => c.process.kill('SIGKILL'), 5000);
      await c.exited;
      clearTimeout(killer);
    }),
  );
}

/** Starts the load tester with `args` (add it to the drill's children, so that a failed drill stops it); {@link loadReport} reads its report. */
export const startLoad = (loadMain: string, args: readonly string[]): Child => spawnNode(loadMain, args, /^\{/);
