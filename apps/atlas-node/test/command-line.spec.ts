// Every app's command line as an operator types it: a misspelt option or a stray argument
// is a usage error (exit 2) that suggests the option meant, never a default start.
import { join } from 'node:path';
import { bundle, spawnNode } from './support/processes';

const APPS = join(__dirname, '..', '..');

async function run(script: string, args: readonly string[]): Promise<{ code: number | null; err: string; out: string }> {
  const child = spawnNode(script, args);
  let err = '';
  let out = '';
  child.process.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.process.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const code = await child.exited;
  return { code, err, out };
}

describe.each([
  ['atlas-node', 'atlas-node/src/main.ts', ['--frobnicate'], ['--sett', 'server.port=0'], '--set'],
  ['load-tester', 'load-tester/src/main.ts', ['--url', 'ws://127.0.0.1:1/ws', '--frobnicate'], ['--url', 'ws://127.0.0.1:1/ws', '--duratoin', '5s'], '--duration'],
  ['sim-server', 'sim-server/src/main.ts', ['--frobnicate'], ['--prot', '7101'], '--port'],
])('%s', (app, entry, unknown, typo, meant) => {
  let script: string;
  beforeAll(async () => {
    script = await bundle(join(APPS, entry));
  }, 30_000);

  it('refuses an unknown option with exit 2', async () => {
    const r = await run(script, unknown);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toBe(`${app}: unknown option --frobnicate (see --help)\n`);
  }, 20_000);

  it('suggests the option a typo meant', async () => {
    const r = await run(script, typo);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${app}: unknown option ${typo[typo.length - 2]}; did you mean ${meant}? (see --help)\n`);
  }, 20_000);

  it('refuses a stray argument with exit 2', async () => {
    const r = await run(script, [...unknown.slice(0, -1), 'stray']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${app}: unexpected argument "stray" (options start with --; see --help)\n`);
  }, 20_000);
});
