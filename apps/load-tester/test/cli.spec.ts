// The command line in-process: help, usage errors (exit 2), assertions (exit 0 / 1),
// the JSON and HTML files, and the progress line on a terminal and in a pipe.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/run-cli';
import type { Report } from '../src/report/report';
import { startEchoServer, type EchoServer } from './support/echo-server';

class Sink {
  text = '';
  constructor(
    readonly isTTY = false,
    readonly columns = 200,
  ) {}
  write(t: string): boolean {
    this.text += t;
    return true;
  }
}

async function cli(argv: string[], err = new Sink()): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const code = await runCli(argv, { out, err });
  return { code, out: out.text, err: err.text };
}

describe('load-tester CLI', () => {
  let echo: EchoServer;
  beforeAll(async () => {
    echo = await startEchoServer();
  });
  afterAll(() => echo.close());
  const raw = (): string[] => ['--mode', 'raw', '--url', echo.url, '--clients', '5', '--ramp', '0', '--duration', '1200ms', '--action-rate', '20', '--settle', '500ms'];

  it('explains every option with an example', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const option of ['--url', '--clients', '--ramp', '--duration', '--scenario', '--move-rate', '--action-rate', '--payload', '--encryption', '--compression', '--token-secret', '--workers', '--assert', '--out', '--html', '--mode', '--cross-border', '--observers', '--ghost-distance', '--sync-radius', '--cross-border-window', '--inner-ring', '--local-address']) {
      expect(r.out).toContain(option);
    }
    expect((r.out.match(/Example: /g) ?? []).length).toBeGreaterThanOrEqual(15);
  });

  it.each([
    [['--clients', '10'], 'load-tester: --url is required (example: --url ws://127.0.0.1:8080/ws) (see --help)'],
    [['--url', 'ws://x/ws', '--clients', 'ten'], 'load-tester: --clients must be a number, got "ten"'],
    [['--url', 'ws://x/ws', '--clients', '0'], 'load-tester: --clients must be an integer 1..1000000, got 0 (see --help)'],
    [['--url', 'ws://x/ws', '--frobnicate'], 'load-tester: unknown option --frobnicate (see --help)'],
    [['--url', 'ws://x/ws', '--client', '5'], 'load-tester: unknown option --client; did you mean --clients? (see --help)'],
    [['--url', 'ws://x/ws', 'stray'], 'load-tester: unexpected argument "stray"'],
    [['--url', 'ws://x/ws', '--duration', 'forever'], 'load-tester: --duration: "forever" is not a duration'],
    [['--url', 'ws://x/ws', '--scenario', 'stampede'], 'load-tester: --scenario "stampede" is not built in'],
    [['--url', 'ws://x/ws', '--scenario', '/nonexistent/s.toml'], 'load-tester: scenario file /nonexistent/s.toml: cannot read (ENOENT)'],
    [['--url', 'ws://x/ws', '--assert', 'p99<fast'], 'load-tester: assertion "p99<fast" must look like'],
    [['--url', 'ws://x/ws', '--encryption', 'maybe'], 'load-tester: --encryption must be on or off, got "maybe"'],
    [['--url', 'ws://x/ws', '--payload', '4'], 'load-tester: --payload must be an integer 12..1048576, got 4'],
    [['--url', 'ws://x/ws', '--clients', '5', '--clients', '6'], 'load-tester: --clients given twice'],
    [['--url', 'ws://x/ws', '--psk-salt', 'salty-salty-salty'], 'load-tester: --psk-salt and --pbkdf2-iterations need --psk'],
    [['--url', 'ws://x/ws', '--psk', 'short'], 'load-tester: --psk must be at least 16 characters'],
    [['--url', 'ws://x/ws', '--psk', 'long-enough-secret'], 'load-tester: --psk needs --psk-salt, the node\'s security.psk_salt'],
    [['--url', 'ws://x/ws', '--psk', 'long-enough-secret', '--psk-salt', 'salty'], 'load-tester: --psk needs --psk-salt'],
    [['--url', 'ws://x/ws', '--psk', 'long-enough-secret', '--psk-salt', 'a-deployment-salt-1', '--pbkdf2-iterations', '10'], 'load-tester: --pbkdf2-iterations must be an integer 100000..10000000, got 10'],
    [['--mode', 'raw', '--url', 'ws://x/', '--psk', 'long-enough-secret'], 'load-tester: --psk applies to the Atlas protocol'],
    [['--url', 'ws://x/ws', '--observers', '4'], 'load-tester: --observers need --cross-border'],
    [['--url', 'ws://x/ws', '--cross-border', '--cross-border-window', 'soon'], 'load-tester: --cross-border-window: "soon" is not a duration'],
    [['--url', 'ws://x/ws', '--cross-border', '--grid', '1x1'], 'load-tester: --cross-border needs a world of two regions or more'],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(message)).toBe(true);
    expect(r.out).toBe('');
  });

  it('exits 0 when every assertion holds and writes the JSON and HTML reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'load-cli-'));
    const r = await cli([...raw(), '--assert', 'p99<10s,loss=0', '--assert', 'errors<1%', '--out', join(dir, 'out/report.json'), '--html', join(dir, 'report.html')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('PASS  p99<10s');
    expect(r.out).toContain('All assertions passed.');
    const report = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')) as Report;
    expect(report.passed).toBe(true);
    expect(report.assertions.map((a) => a.expression)).toEqual(['p99<10s', 'loss=0', 'errors<1%']);
    expect(report.connections.established).toBe(5);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(readdirSync(dir).sort()).toEqual(['out', 'report.html']);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/(src|href)\s*=|https?:\/\//);
  });

  it('exits 1 when an assertion fails, and says which', async () => {
    const r = await cli([...raw(), '--assert', 'p99<0.001ms,loss=0']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL {2}p99<0\.001ms {2}\(echo\.p99=[\d.]+ms\)/);
    expect(r.out).toContain('PASS  loss=0');
  });

  it('prints one progress line per second when piped, and rewrites one line on a terminal', async () => {
    const piped = await cli(raw());
    const lines = piped.err.split('\n').filter((l) => l.startsWith('['));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(/^\[ {3}1s\] random-walk {2}clients \d+\/5 {2}sent [\d,]+\/s {2}recv [\d,]+\/s {2}echo p50 [\d.]+ p99 [\d.]+ ms/);
    expect(piped.err).not.toContain('\r');
    const tty = await cli(raw(), new Sink(true, 80));
    expect(tty.err).toContain('\r\x1b[2K[   1s]');
    expect(tty.err.split('\r\x1b[2K').slice(1).every((l) => (l.split('\n')[0] ?? '').length <= 79)).toBe(true);
  });

  it('prints the report as JSON with --json', async () => {
    const r = await cli([...raw(), '--json', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out) as Report;
    expect(report.schema).toBe('atlas-load-report/1');
    expect(report.options.mode).toBe('raw');
  });

  it('exits 3 when no connection could be established, naming why', async () => {
    const dead = await startEchoServer();
    const url = dead.url;
    await dead.close();
    const r = await cli(['--mode', 'raw', '--url', url, '--clients', '2', '--duration', '300ms', '--settle', '0', '--no-reconnect', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.err).toBe('load-tester: no connection could be established (ECONNREFUSED)\n');
    expect(r.out).toContain('connect failures: ECONNREFUSED x2');
  });
});
