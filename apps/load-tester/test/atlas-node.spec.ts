// End to end against a real deployment: atlas-node and four sim-servers (each its own
// process, started through their command lines) owning a 2x2 world. 200 encrypted
// clients cross region borders for 10 s; the report must show transfers, their gaps,
// and nothing lost or doubled in either direction. Then direct mode against a
// sim-server's own endpoint (the benchmark baseline).
import { runLoad } from '../src/run/run-load';
import { applyAssertions, parseAssertions } from '../src/report/assertions';
import type { Report } from '../src/report/report';
import { useCluster } from './support/cluster';
import { bundle, removeBundles, spawnNode, type Child } from './support/processes';
import * as E from 'fp-ts/lib/Either.js';

const WORLD = 1000;

describe('load test against atlas-node', () => {
  // Heartbeats every 2 s (idle_timeout / 3), so RTT is sampled in a short run.
  const cluster = useCluster({ world: WORLD, grid: 2, set: ['limits.idle_timeout=6'] });

  it('200 border crossers for 10 s: transfers happen, nothing is lost or duplicated', async () => {
    const report: Report = await runLoad({
      url: cluster.url,
      clients: 200,
      ramp: '2s',
      durationMs: 10_000,
      scenario: 'border-crossers',
      world: { minX: 0, minY: 0, maxX: WORLD, maxY: WORLD, cols: 2, rows: 2 },
      moveRate: 10,
      actionRate: 5,
      settleMs: 3000,
      seed: 42,
    });
    const summary = (s: { count: number; p50: number; p99: number; max: number }) => s.count > 0 && s.p50 > 0 && s.p50 <= s.p99 && s.p99 <= s.max;
    expect(report.schema).toBe('atlas-load-report/1');
    expect(report.options).toMatchObject({ mode: 'atlas', scenario: 'border-crossers', encryption: true, urls: [cluster.url] });
    expect(report.connections).toMatchObject({ target: 200, attempts: 200, established: 200, failed: 0, peak: 200, reconnects: 0, unexpectedCloses: 0 });
    for (const s of [report.latency.connect, report.latency.handshake, report.latency.echo, report.latency.rtt, report.transfers.gap, report.transfers.silence]) expect(summary(s)).toBe(true);
    expect(report.latency.connect.count).toBe(200);
    // Transfers happened and none failed.
    expect(report.transfers.completed).toBeGreaterThan(100);
    expect(report.transfers.aborted).toBe(0);
    expect(report.transfers.gap.count).toBeGreaterThan(100);
    // Zero loss, duplication or reordering in either direction.
    expect(report.integrity.actions.sent).toBeGreaterThan(5000);
    expect(report.integrity.actions).toMatchObject({ echoed: report.integrity.actions.sent, lost: 0, duplicated: 0, reordered: 0 });
    expect(report.integrity.received).toMatchObject({ gaps: 0, missing: 0, late: 0, duplicates: 0 });
    expect(report.integrity).toMatchObject({ lost: 0, duplicated: 0, reordered: 0, lossRate: 0 });
    expect(report.errors).toMatchObject({ total: 0, byCloseCode: {}, inBand: {}, connect: {}, badFrames: 0 });
    expect(report.throughput.sent.messagesPerS).toBeGreaterThan(1000);
    expect(report.throughput.received.messages).toBeGreaterThan(report.integrity.actions.sent);
    expect(report.timeline.length).toBeGreaterThanOrEqual(9);
    expect(report.timeline.some((p) => p.transfers > 0)).toBe(true);
    expect(report.tester.cores).toBeGreaterThan(0);
    const checks = parseAssertions('loss=0,duplicates=0,transfers>0,errors<1%');
    expect(E.isRight(checks) && applyAssertions(report, checks.right).passed).toBe(true);
  }, 60_000);
});

describe('a closed deployment (pre-shared key)', () => {
  const psk = { secret: 'closed-deployment-psk-0123', salt: 'load-tester-salt-0123', iterations: 100_000 };
  const node = useCluster({ world: WORLD, grid: 0, set: [`security.psk=${psk.secret}`, 'security.psk_clients=true', `security.psk_salt=${psk.salt}`, `security.pbkdf2_iterations=${psk.iterations}`] });

  it('connects with the key and is refused without it', async () => {
    const base = { url: node.url, clients: 5, ramp: '0', durationMs: 1000, scenario: 'idle', settleMs: 0, reconnect: false } as const;
    const withKey = await runLoad({ ...base, psk });
    expect(withKey.connections).toMatchObject({ established: 5, failed: 0 });
    expect(withKey.options.psk).toBe(true);
    expect(JSON.stringify(withKey)).not.toContain(psk.secret);
    const without = await runLoad(base);
    expect(without.connections).toMatchObject({ established: 0, failed: 5 });
    expect(Object.keys(without.errors.connect)).toEqual([expect.stringMatching(/^handshake 4014: /)]);
  }, 30_000);
});

describe('direct mode against a sim-server', () => {
  const SECRET = 'load-tester-token-secret-0123456789abcdef';
  let sim: Child;
  let url: string;
  beforeAll(async () => {
    sim = spawnNode(await bundle('apps/sim-server/src/main.ts'), ['--direct', '--token-secret', SECRET, '--json'], /"event":"listening"/);
    url = (JSON.parse(await sim.ready) as { directUrl: string }).directUrl;
  }, 30_000);
  afterAll(async () => {
    await sim?.stop();
    removeBundles();
  });

  it('speaks the same client protocol straight to the game server', async () => {
    const report = await runLoad({ mode: 'direct', url, clients: 50, ramp: '0', durationMs: 3000, world: { minX: 0, minY: 0, maxX: 1000, maxY: 1000, cols: 1, rows: 1 }, settleMs: 2000, tokenSecret: SECRET });
    expect(report.connections).toMatchObject({ established: 50, failed: 0 });
    expect(report.latency.handshake.count).toBe(50);
    // --rtt-rate 1 (default): about one ping per client per second, though the game server heartbeats far less often.
    expect(report.latency.rtt.count).toBeGreaterThanOrEqual(100);
    expect(report.integrity.actions.sent).toBeGreaterThan(400);
    expect(report.integrity).toMatchObject({ lost: 0, duplicated: 0 });
    expect(report.transfers.completed).toBe(0);
    expect(report.errors.total).toBe(0);
  }, 30_000);

  it('reports refused tokens by close code', async () => {
    const report = await runLoad({ mode: 'direct', url, clients: 5, ramp: '0', durationMs: 500, settleMs: 0, tokenSecret: `${SECRET}-but-not-the-same` });
    expect(report.connections).toMatchObject({ attempts: 5, established: 0, failed: 5 });
    expect(Object.keys(report.errors.connect)).toEqual([expect.stringMatching(/^handshake 4002: /)]);
  }, 30_000);
});
