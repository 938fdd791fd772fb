// A real Atlas deployment for end-to-end tests: one atlas-node (in-memory store, port
// 0) and a grid of sim-servers (each on a fixed port, as deployed servers are) registered
// with it, each its own process, started from the apps' sources (bundled) through their
// command lines, the contract users run.
import { createServer } from 'node:net';
import { bundle, removeBundles, spawnNode, type Child } from './processes';

/**
 * A free port below the kernel's ephemeral range (32768 and up on Linux), as a deployed game
 * server has: a killed server's port from that range can be taken meanwhile as the source
 * port of some outgoing connection, and its restart could not listen on it again.
 */
async function freeFixedPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** A running node and its sim-servers. */
export interface Cluster {
  readonly nodePort: number;
  readonly url: string;
  /** kill -9 the sim-server of grid cell (i, j). */
  kill(i: number, j: number): void;
  /**
   * Starts the sim-server of cell (i, j) again, as a supervisor would: a fresh process on the
   * port the killed one had, so its registration (same address) replaces the dead one at
   * once. Started again if it fails (e.g. the port is not free yet); resolves once registered.
   */
  restart(i: number, j: number): Promise<void>;
  stop(): Promise<void>;
}

/** Settings of the test deployment. */
export interface ClusterOptions {
  /** World edge (sim-servers own a `grid` x `grid` split of 0..world). */
  readonly world: number;
  readonly grid: number;
  /** Extra `--set section.key=value` flags for the node. */
  readonly set?: readonly string[];
}

async function json(url: string): Promise<unknown> {
  const res = await fetch(url);
  return res.json();
}

/** Starts the node, then the sim-servers, and waits until the node links every one. */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const [nodeMain, simMain] = await Promise.all([bundle('apps/atlas-node/src/main.ts'), bundle('apps/sim-server/src/main.ts')]);
  const sets = ['server.address=127.0.0.1', 'server.port=0', 'admin.enabled=false', 'logging.level=info', 'cluster.health_check_interval=0.5', ...(o.set ?? [])];
  const node = spawnNode(nodeMain, sets.flatMap((s) => ['--set', s]), /node started/);
  const children: Child[] = [node];
  const stop = async (): Promise<void> => {
    await Promise.all(children.slice(1).map((c) => c.stop()));
    await node.stop(5000);
    removeBundles();
  };
  try {
    const line = await node.ready;
    const nodePort = Number(/"port":(\d+)/.exec(line)?.[1]);
    if (!(nodePort > 0)) throw new Error(`no port in the node's start line: ${line}`);
    const http = `http://127.0.0.1:${nodePort}`;
    const cells = new Map<string, Child>();
    const ports = new Map<string, number>();
    const startSim = (i: number, j: number, port: number): Child => {
      const args = ['--port', String(port), '--grid', `${o.grid}x${o.grid}`, '--cell', `${i},${j}`, '--world', String(o.world), '--register', http, '--json'];
      const child = spawnNode(simMain, args, /"event":"registered"/);
      children.push(child);
      cells.set(`${i},${j}`, child);
      return child;
    };
    for (let i = 0; i < o.grid; i++) for (let j = 0; j < o.grid; j++) ports.set(`${i},${j}`, await freeFixedPort());
    for (let i = 0; i < o.grid; i++) for (let j = 0; j < o.grid; j++) startSim(i, j, ports.get(`${i},${j}`) as number);
    await Promise.all(children.slice(1).map((c) => c.ready));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const view = (await json(`${http}/servers`)) as { servers: Array<{ link: string | null }> };
      if (view.servers.filter((s) => s.link === 'up').length >= o.grid * o.grid) break;
      if (Date.now() > deadline) throw new Error(`links not up: ${JSON.stringify(view)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      nodePort,
      url: `ws://127.0.0.1:${nodePort}/ws`,
      kill: (i, j) => void cells.get(`${i},${j}`)?.process.kill('SIGKILL'),
      restart: async (i, j) => {
        const port = ports.get(`${i},${j}`) ?? 0;
        const deadline = Date.now() + 30_000;
        for (;;) {
          try {
            await startSim(i, j, port).ready;
            return;
          } catch (e) {
            if (Date.now() > deadline) throw e;
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A cluster for one describe block: started before its tests, stopped after them. The
 * returned object reads through to the running cluster (it exists once `beforeAll` ran).
 */
export function useCluster(o: ClusterOptions): Cluster {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(o);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  const running = (): Cluster => {
    if (cluster === undefined) throw new Error('the test cluster is not running (used outside a test?)');
    return cluster;
  };
  return {
    get nodePort() {
      return running().nodePort;
    },
    get url() {
      return running().url;
    },
    kill: (i, j) => running().kill(i, j),
    restart: (i, j) => running().restart(i, j),
    stop: () => running().stop(),
  };
}
