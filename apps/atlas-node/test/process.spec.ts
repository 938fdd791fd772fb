// The node as an operator runs it: a real process from src/main.ts, answering /health,
// draining on SIGTERM (clients told to resume elsewhere) and exiting 0 in time.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloseCode } from '@atlas/protocol';
import { bundle, spawnNode } from './support/processes';
import { connectClient } from './support/test-client';

describe('the atlas-node process', () => {
  let script: string;

  beforeAll(async () => {
    script = await bundle(join(__dirname, '..', 'src', 'main.ts'));
  });

  it('serves, then drains on SIGTERM and exits 0 within the drain timeout', async () => {
    const child = spawnNode(script, [
      '--set', 'server.address=127.0.0.1', '--set', 'server.port=0', '--set', 'admin.enabled=false',
      '--set', 'logging.format=json', '--set', 'logging.level=info', '--set', 'server.drain_timeout=3',
    ], /"message":"node started"/);
    const started = JSON.parse(await child.ready) as { port: number };
    const health = await fetch(`http://127.0.0.1:${started.port}/health`);
    expect(await health.text()).toBe('OK');
    const c = await connectClient(`ws://127.0.0.1:${started.port}/ws`);
    const t0 = Date.now();
    child.process.kill('SIGTERM');
    const bye = await c.next('Disconnect');
    expect(bye.code).toBe(CloseCode.NodeShutdown);
    expect(bye.reason).toMatch(/resume/);
    expect(await child.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
  }, 20_000);

  it('re-reads its config file on SIGHUP, keeping flags on top', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-sighup-'));
    const file = join(dir, 'atlas.toml');
    writeFileSync(file, '[server]\nmax_connections = 1\n');
    const child = spawnNode(script, [
      '--config', file, '--set', 'server.address=127.0.0.1', '--set', 'server.port=0', '--set', 'admin.enabled=false',
      '--set', 'logging.format=json', '--set', 'logging.level=info',
    ], /"message":"node started"/);
    const { port } = JSON.parse(await child.ready) as { port: number };
    const url = `ws://127.0.0.1:${port}/ws`;
    const first = await connectClient(url);
    await expect(connectClient(url)).rejects.toMatchObject({ code: CloseCode.ServerFull });
    writeFileSync(file, '[server]\nmax_connections = 2\n');
    let log = '';
    child.process.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.process.kill('SIGHUP');
    const deadline = Date.now() + 5000;
    while (!log.includes('configuration reloaded') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(log).toContain('server.max_connections');
    const second = await connectClient(url);
    await Promise.all([first.close(), second.close()]);
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  }, 20_000);

  it('refuses an invalid configuration with exit code 1 and the reasons', async () => {
    const child = spawnNode(script, ['--set', 'server.port=99999']);
    expect(await child.exited).toBe(1);
  });
});
