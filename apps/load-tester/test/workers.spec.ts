// The built program as users run it: a real process (exit codes), and worker threads
// whose histograms and counters are merged into one report.
import { runLoad } from '../src/run/run-load';
import type { Report } from '../src/report/report';
import { startEchoServer, type EchoServer } from './support/echo-server';
import { bundle, removeBundles, spawnNode } from './support/processes';

describe('the load-tester program and its workers', () => {
  let main: string;
  let echo: EchoServer;
  beforeAll(async () => {
    [main, echo] = await Promise.all([bundle('apps/load-tester/src/main.ts'), startEchoServer()]);
  });
  afterAll(async () => {
    await echo.close();
    removeBundles();
  });

  const run = async (args: string[]): Promise<{ code: number | null; out: string; err: string }> => {
    const child = spawnNode(main, args, /^$/);
    const code = await child.exited;
    return { code, out: child.stdout(), err: child.stderr() };
  };
  const raw = (): string[] => ['--mode', 'raw', '--url', echo.url, '--ramp', '0', '--duration', '2s', '--action-rate', '25', '--settle', '1s', '--quiet'];

  it('splits the clients over worker threads and merges what they measured', async () => {
    const r = await run([...raw(), '--clients', '10', '--workers', '2', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    expect(report.tester.threads).toBe(2);
    expect(report.connections).toMatchObject({ attempts: 10, established: 10, peak: 10 });
    // 10 clients x 25/s x 2 s from two threads, every echo counted once.
    expect(report.integrity.actions.sent).toBeGreaterThan(300);
    expect(report.integrity.actions).toMatchObject({ echoed: report.integrity.actions.sent, lost: 0, duplicated: 0 });
    expect(report.latency.echo.count).toBe(report.integrity.actions.sent);
    expect(report.timeline.length).toBeGreaterThanOrEqual(2);
    expect(report.timeline.some((p) => p.connected === 10)).toBe(true);
  });

  it('runs workers from a harness through runLoad and workerScript', async () => {
    const report = await runLoad({ mode: 'raw', url: echo.url, clients: 4, workers: 2, ramp: '0', durationMs: 1000, actionRate: 20, settleMs: 500, workerScript: main });
    expect(report.connections.established).toBe(4);
    expect(report.integrity.actions.lost).toBe(0);
    expect(report.integrity.actions.sent).toBeGreaterThan(40);
  });

  it('exits 1 on a failed assertion, 2 on bad options, 0 with --help', async () => {
    expect((await run([...raw(), '--clients', '2', '--assert', 'p50<0.0001ms'])).code).toBe(1);
    const bad = await run(['--url', echo.url, '--workers', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('load-tester: --workers must be a number, got "many"\n');
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: load-tester --url');
  });

  it('needs a worker script for workers when not started from its own bundle', async () => {
    await expect(runLoad({ mode: 'raw', url: echo.url, clients: 2, workers: 2, durationMs: 100 })).rejects.toThrow('workers > 1 needs workerScript');
  });
});
