// Cluster store throughput and failure-detection latency, against the local Redis (REDIS_URL,
// default redis://127.0.0.1:6379) with the in-memory store as the baseline in the same run.
// Run: npm run bench -- cluster
import * as E from 'fp-ts/lib/Either.js';
import { ClusterMember, MemoryBackend, type ClusterStore, type MemberEvent, type StoreTimings } from '../src/index';
import { deleteKeys, openRedisStore, randomPrefix, testRedisUrl } from '../src/testing/index';

const REPS = 7;
const url = testRedisUrl();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function must<T>(result: E.Either<unknown, T>, what: string): T {
  if (E.isLeft(result)) throw new Error(`${what}: ${JSON.stringify(result.left)}`);
  return result.right;
}

/** Runs `total` calls with `inFlight` outstanding; returns calls per second. */
async function throughput(total: number, inFlight: number, call: (i: number) => Promise<E.Either<unknown, unknown>>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) must(await call(next++), 'call');
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

interface Stores {
  readonly name: string;
  open(timings?: Partial<StoreTimings>): Promise<ClusterStore>;
  cleanup(): Promise<void>;
}

function memoryStores(): Stores {
  const backend = new MemoryBackend();
  return { name: 'MemoryStore', open: async (t) => backend.createStore(t), cleanup: async () => undefined };
}

function redisStores(prefix: string): Stores {
  const opened: ClusterStore[] = [];
  return {
    name: 'RedisStore',
    open: async (t = {}) => {
      const store = await openRedisStore({ url, keyPrefix: prefix, ...t });
      opened.push(store);
      return store;
    },
    cleanup: async () => {
      await Promise.all(opened.map((s) => s.close()));
      await deleteKeys(url, prefix);
    },
  };
}

const LOAD = { connections: 120, load: 0.42, accepting: true, avgTickMs: 16.4, memoryBytes: 512e6 };

async function storeThroughput(stores: Stores): Promise<Record<string, number>> {
  const store = await stores.open();
  const quiet = await stores.open({ publishHeartbeats: false });
  for (let i = 0; i < 20; i += 1) must(await store.nodes.register({ id: `n${i}`, address: `ws://n${i}`, status: 'active' }), 'node');
  for (let i = 0; i < 100; i += 1) {
    const x = i * 100;
    const region = { min: { x, y: 0, z: 0 }, max: { x: x + 100, y: 100, z: 0 } };
    must(await store.servers.register({ id: `s${i}`, name: `s${i}`, address: 'x', region, capacity: 500, version: '1', nodeId: `n${i % 20}` }), 'server');
  }
  const rows: Record<string, number[]> = { hb: [], hbQuiet: [], hbSeq: [], list: [], get: [] };
  for (let rep = 0; rep < REPS; rep += 1) {
    rows['hb']?.push(await throughput(5000, 64, (i) => store.nodes.heartbeat(`n${i % 20}`, { connections: i, load: 0.5 })));
    rows['hbQuiet']?.push(await throughput(5000, 64, (i) => quiet.servers.heartbeat(`s${i % 100}`, LOAD)));
    rows['hbSeq']?.push(await throughput(1000, 1, (i) => store.nodes.heartbeat(`n${i % 20}`, { connections: i, load: 0.5 })));
    rows['list']?.push(await throughput(1000, 16, () => store.servers.list()));
    rows['get']?.push(await throughput(5000, 64, (i) => store.servers.get(`s${i % 100}`)));
  }
  await stores.cleanup();
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)]));
}

async function detection(stores: Stores, intervalMs: number, timeoutMs: number): Promise<{ fromDeath: number[]; overTimeout: number[] }> {
  const timings = { heartbeatTimeoutMs: timeoutMs, serverTimeoutMs: timeoutMs, retentionMs: 60_000 };
  const observers: ClusterMember[] = [];
  for (let i = 0; i < 3; i += 1) {
    const m = new ClusterMember(await stores.open(timings), { node: { id: `obs${i}`, address: 'x' }, heartbeatIntervalMs: intervalMs });
    must(await m.start(), 'observer');
    observers.push(m);
  }
  const fromDeath: number[] = [];
  const overTimeout: number[] = [];
  for (let trial = 0; trial < REPS; trial += 1) {
    const id = `victim${trial}`;
    const victim = new ClusterMember(await stores.open(timings), { node: { id, address: 'x' }, heartbeatIntervalMs: intervalMs });
    must(await victim.start(), 'victim');
    await sleep(3 * intervalMs + Math.random() * intervalMs);
    const known = observers.map(
      (o) =>
        new Promise<number>((resolve) => {
          const stop = o.on((e: MemberEvent) => {
            if (e.type === 'node' && e.change === 'failed' && e.node.id === id) {
              stop();
              resolve(Date.now());
            }
          });
        }),
    );
    await victim.stop({ leave: false });
    const diedAt = Date.now();
    const lastHeartbeat = observers[0]?.view.node(id)?.lastHeartbeat ?? diedAt;
    const allKnow = Math.max(...(await Promise.all(known)));
    fromDeath.push(allKnow - diedAt);
    overTimeout.push(allKnow - lastHeartbeat - timeoutMs);
  }
  await Promise.all(observers.map((o) => o.stop({ leave: false })));
  await stores.cleanup();
  return { fromDeath, overTimeout };
}

async function main(): Promise<void> {
  // Member timers are unref'd (they never hold a process open); the benchmark must, while it waits.
  const keepAlive = setInterval(() => undefined, 1000);
  const memory = await storeThroughput(memoryStores());
  const redis = await storeThroughput(redisStores(randomPrefix('bench')));
  const ratio = (k: string) => `${((redis[k] ?? 0) / (memory[k] ?? 1)).toFixed(4)}x`;
  console.log(`Node ${process.version}, Redis at ${url}, median of ${REPS} runs\n`);
  console.log('| operation | MemoryStore ops/s | RedisStore ops/s | Redis / Memory |');
  console.log('|---|---:|---:|---:|');
  const label: Record<string, string> = {
    hb: 'node heartbeat, pushed to subscribers (64 in flight)',
    hbQuiet: 'server heartbeat with load, not pushed (64 in flight)',
    hbSeq: 'node heartbeat, one at a time (round trip)',
    list: 'registry read: list 100 servers (16 in flight)',
    get: 'registry read: get one server (64 in flight)',
  };
  for (const k of Object.keys(label)) console.log(`| ${label[k]} | ${fmt(memory[k] ?? 0)} | ${fmt(redis[k] ?? 0)} | ${ratio(k)} |`);

  const interval = 100;
  const timeout = 500;
  console.log(`\nFailure detection: 3 observers, heartbeat every ${interval} ms, timeout ${timeout} ms, ${REPS} trials.`);
  console.log('"over timeout" = (all observers know) - (last heartbeat) - timeout; the detector bound is 1 interval + push.\n');
  console.log('| store | death -> all observers know: median (min-max) ms | over timeout: median (max) ms |');
  console.log('|---|---:|---:|');
  for (const stores of [memoryStores(), redisStores(randomPrefix('bench'))]) {
    const { fromDeath, overTimeout } = await detection(stores, interval, timeout);
    console.log(
      `| ${stores.name} | ${fmt(median(fromDeath))} (${fmt(Math.min(...fromDeath))}-${fmt(Math.max(...fromDeath))}) | ${fmt(median(overTimeout))} (${fmt(Math.max(...overTimeout))}) |`,
    );
  }
  clearInterval(keepAlive);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
