// Raw mode against a real `ws` echo server: RTT percentiles, throughput, and loss,
// duplication and reordering counted exactly from the frames' ids.
import { runLoad } from '../src/run/run-load';
import { startEchoServer, type EchoServer } from './support/echo-server';

const base = { mode: 'raw', clients: 20, ramp: '0', durationMs: 1500, actionRate: 50, payloadBytes: 32, settleMs: 500, seed: 1 } as const;

describe('raw WebSocket echo mode', () => {
  let servers: EchoServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  const server = async (faults = {}): Promise<EchoServer> => {
    const s = await startEchoServer(faults);
    servers.push(s);
    return s;
  };

  it('measures echo RTT and throughput with nothing lost', async () => {
    const s = await server();
    const progress: number[] = [];
    const r = await runLoad({ ...base, url: s.url }, { onProgress: (p) => progress.push(p.sentPerS) });
    expect(r.connections).toMatchObject({ target: 20, attempts: 20, established: 20, failed: 0, peak: 20 });
    // 20 clients x 50 frames/s x 1.5 s, less the time to connect on a busy machine.
    expect(r.integrity.actions.sent).toBeGreaterThan(900);
    expect(r.integrity.actions.sent).toBeLessThan(1700);
    expect(r.integrity.actions).toMatchObject({ echoed: r.integrity.actions.sent, lost: 0, duplicated: 0, reordered: 0 });
    expect(s.received()).toBe(r.integrity.actions.sent);
    expect(r.latency.echo.count).toBe(r.integrity.actions.sent);
    expect(r.latency.echo.p50).toBeGreaterThan(0);
    expect(r.latency.echo.p50).toBeLessThanOrEqual(r.latency.echo.p99);
    expect(r.latency.connect.count).toBe(20);
    expect(r.throughput.sent.bytes).toBe(r.integrity.actions.sent * 32);
    expect(r.throughput.sent.messagesPerS).toBeGreaterThan(500);
    expect(r.errors.total).toBe(0);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(r.timeline.length).toBe(progress.length);
    expect(r.tester.rssMBMax).toBeGreaterThan(10);
  });

  it('connects from the local addresses given, client i from the i-th', async () => {
    const s = await server();
    const r = await runLoad({ ...base, url: s.url, clients: 6, localAddresses: ['127.0.0.2', '127.0.0.3'] });
    expect(r.connections).toMatchObject({ established: 6, failed: 0 });
    expect([...s.peers()].sort()).toEqual(['127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.3', '127.0.0.3', '127.0.0.3']);
    expect(r.integrity.actions).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it('counts every dropped frame as lost', async () => {
    const s = await server({ dropEvery: 10 });
    const r = await runLoad({ ...base, url: s.url, clients: 5 });
    const sent = r.integrity.actions.sent;
    // Each connection drops its 10th, 20th, ... frame.
    expect(r.integrity.actions.lost).toBeGreaterThan(Math.floor(sent / 10) - 6);
    expect(r.integrity.actions.lost).toBeLessThanOrEqual(Math.ceil(sent / 10));
    expect(r.integrity.lost).toBe(r.integrity.actions.lost);
    expect(r.integrity.lossRate).toBeCloseTo(r.integrity.actions.lost / sent, 6);
  });

  it('counts duplicates and reordering', async () => {
    const dup = await server({ duplicateEvery: 5 });
    const d = await runLoad({ ...base, url: dup.url, clients: 4 });
    expect(d.integrity.actions.duplicated).toBeGreaterThan(Math.floor(d.integrity.actions.sent / 5) - 5);
    expect(d.integrity.actions.lost).toBe(0);
    const swap = await server({ swapEvery: 7 });
    const s = await runLoad({ ...base, url: swap.url, clients: 4 });
    // A frame held when its connection's traffic ends is never sent: lost, not late.
    expect(s.integrity.actions.reordered).toBeGreaterThan(Math.floor(s.integrity.actions.sent / 7) - 9);
    expect(s.integrity.actions.duplicated).toBe(0);
  });

  it('closed loop keeps exactly the window in flight', async () => {
    const s = await server();
    const r = await runLoad({ ...base, url: s.url, clients: 2, actionRate: 'closed', window: 3, durationMs: 1000 });
    expect(r.integrity.actions.sent).toBeGreaterThan(100);
    expect(r.integrity.actions.lost).toBe(0);
    expect(r.timeline.every((p) => p.outstanding <= 6)).toBe(true);
  });

  it('reports refused connections by reason, not as a crash', async () => {
    const s = await server();
    const url = s.url;
    await s.close();
    servers = [];
    const r = await runLoad({ ...base, url, clients: 3, durationMs: 500, reconnect: false });
    expect(r.connections).toMatchObject({ attempts: 3, established: 0, failed: 3 });
    expect(r.errors.connect).toEqual({ ECONNREFUSED: 3 });
    expect(r.errors.percent).toBe(100);
  });

  it('runs the phases of a scenario: clients come and go, behaviours change', async () => {
    const s = await server();
    const r = await runLoad({
      mode: 'raw',
      url: s.url,
      ramp: '0',
      actionRate: 40,
      settleMs: 300,
      scenario: {
        name: 'phased',
        phases: [
          { name: 'busy', duration: 1.2, clients: 6, mix: { 'random-walk': 1 } },
          { name: 'quiet', duration: 1.2, clients: 3, mix: { idle: 1 } },
          { name: 'back', duration: 1.2, clients: 8 },
        ],
      },
    });
    expect(r.options.phases.map((p) => [p.name, p.clients])).toEqual([
      ['busy', 6],
      ['quiet', 3],
      ['back', 8],
    ]);
    // 6 opened, 3 closed on purpose (not errors), 5 more opened for the last phase.
    expect(r.connections).toMatchObject({ target: 8, attempts: 11, established: 11, unexpectedCloses: 0 });
    expect(r.errors.total).toBe(0);
    const byPhase = (name: string) => r.timeline.filter((p) => p.phase === name);
    expect(byPhase('busy').length + byPhase('quiet').length + byPhase('back').length).toBeGreaterThanOrEqual(2);
    expect(r.timeline.some((p) => p.connected === 3)).toBe(true);
    expect(r.timeline.at(-1)?.connected).toBe(8);
    expect(r.integrity.actions.lost).toBe(0);
  });

  it('a phase that lets clients go waits for their echoes in flight: none is counted lost', async () => {
    const slow = await startEchoServer({ delayMs: 150 });
    try {
      const r = await runLoad({
        mode: 'raw',
        url: slow.url,
        ramp: '0',
        actionRate: 40,
        settleMs: 1000,
        scenario: { name: 'leaving', phases: [{ name: 'all', duration: 1, clients: 6 }, { name: 'few', duration: 1, clients: 2 }] },
      });
      expect(r.integrity.actions.sent).toBeGreaterThan(200);
      expect(r.integrity.actions).toMatchObject({ lost: 0, duplicated: 0 });
      expect(r.connections.unexpectedCloses).toBe(0);
    } finally {
      await slow.close();
    }
  });
});
