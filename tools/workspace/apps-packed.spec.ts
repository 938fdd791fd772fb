// The apps as a consumer installs them: each app is packed with `npm pack`, the tarballs
// are installed into a project outside the workspace, and their bins run from there:
// `--help` through npx, then the demo (the installed atlas-node spawning the installed
// sim-servers) under a 5-second load from the installed atlas-load. Needs the apps built.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE } from './scratch-workspace';

interface AppManifest {
  name: string;
  private?: boolean;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
}

// Private apps (horizon-peer, a test stand-in for a Horizon server) are never published.
const apps = readdirSync(join(WORKSPACE, 'apps'))
  .map((dir) => ({
    dir: join(WORKSPACE, 'apps', dir),
    manifest: JSON.parse(readFileSync(join(WORKSPACE, 'apps', dir, 'package.json'), 'utf8')) as AppManifest,
  }))
  .filter(({ manifest }) => manifest.private !== true);
const bins = apps.flatMap(({ manifest }) => Object.keys(manifest.bin));

describe('packed apps', () => {
  const consumer = mkdtempSync(join(tmpdir(), 'atlas-apps-'));

  beforeAll(() => {
    for (const { dir } of apps) {
      if (!existsSync(join(dir, 'dist/main.js'))) throw new Error(`${dir} is not built: run \`npx nx run-many -t build\` first`);
    }
    const tarballs = apps.map(({ dir }) =>
      join(consumer, execFileSync('npm', ['pack', '--silent', '--pack-destination', consumer], { cwd: dir, encoding: 'utf8' }).trim()),
    );
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'apps-consumer', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...tarballs], { cwd: consumer, stdio: 'pipe' });
  });
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  it.each(apps.map(({ dir, manifest }) => [manifest.name, dir, manifest] as const))('%s declares exactly the npm packages its bundle loads', (_name, dir, manifest) => {
    const listed = execFileSync(process.execPath, [join(WORKSPACE, 'tools/deploy/runtime-deps.mjs'), '--list', join(dir, 'dist/main.js')], { cwd: WORKSPACE, encoding: 'utf8' });
    const loaded = (JSON.parse(listed) as { packages: string[] }).packages;
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...loaded].sort());
  });

  it.each(bins)('npx %s --help works from the installed tarball', (bin) => {
    const help = execFileSync('npx', ['--no-install', bin, '--help'], { cwd: consumer, encoding: 'utf8' });
    expect(help).toMatch(/^Usage: /m);
  });

  it('runs the installed demo under a 5-second load from the installed atlas-load', async () => {
    const node = spawn(join(consumer, 'node_modules/.bin/atlas-node'), ['--demo', '--set', 'server.port=0', '--set', 'admin.port=0', '--set', 'logging.level=error'], {
      cwd: consumer,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => node.on('exit', (code) => resolve(code)));
    try {
      const ws = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        node.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const url = /ws:\/\/\S+\/ws/.exec(out)?.[0];
          if (url !== undefined) resolve(url);
        });
        node.stderr.on('data', (d: Buffer) => (err += d.toString()));
        node.on('exit', (code) => reject(new Error(`atlas-node --demo exited ${code}: ${err}`)));
      });
      const servers = `${ws.replace(/^ws/, 'http').replace(/\/ws$/, '')}/servers`;
      for (const deadline = Date.now() + 20_000; ; ) {
        const body = (await (await fetch(servers)).json()) as { servers: Array<{ link: string | null }> };
        if (body.servers.filter((s) => s.link === 'up').length === 4) break;
        if (Date.now() > deadline) throw new Error('four linked sim-servers expected');
        await new Promise((r) => setTimeout(r, 100));
      }
      const { stdout } = await promisify(execFile)('npx', ['--no-install', 'atlas-load', '--url', ws, '--clients', '20', '--duration', '5s', '--json'], {
        cwd: consumer,
        encoding: 'utf8',
      });
      const report = JSON.parse(stdout) as { connections: { established: number; failed: number }; aborted: boolean };
      expect(report.aborted).toBe(false);
      expect(report.connections).toMatchObject({ established: 20, failed: 0 });
    } finally {
      node.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
