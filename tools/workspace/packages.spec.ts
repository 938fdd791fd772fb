// Tests what is published: every library is packed with `npm pack`, the
// tarballs are installed into a scratch project outside the workspace, and each
// entry point is loaded with `require` and with `import`. Needs `nx run-many -t build`.
// fast-check is installed beside them: the `./testing` entries expect it as a dev dependency.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE } from './scratch-workspace';

interface Manifest {
  name: string;
  exports: Record<string, unknown>;
}

const libs = readdirSync(join(WORKSPACE, 'libs')).map((dir) => ({
  dir: join(WORKSPACE, 'libs', dir),
  manifest: JSON.parse(readFileSync(join(WORKSPACE, 'libs', dir, 'package.json'), 'utf8')) as Manifest,
}));
const entryPoints = libs.flatMap(({ manifest }) =>
  Object.keys(manifest.exports)
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`)),
);

describe('published packages', () => {
  const consumer = mkdtempSync(join(tmpdir(), 'atlas-consumer-'));
  const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8' });

  beforeAll(() => {
    for (const { dir } of libs) {
      if (!existsSync(join(dir, 'dist'))) throw new Error(`${dir} is not built: run \`npx nx run-many -t build\` first`);
    }
    const tarballs = libs.map(({ dir }) =>
      join(consumer, execFileSync('npm', ['pack', '--silent', '--pack-destination', consumer], { cwd: dir, encoding: 'utf8' }).trim()),
    );
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', 'fast-check@4', ...tarballs], {
      cwd: consumer,
      stdio: 'pipe',
    });
  });
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  it.each(entryPoints)('%s loads with require and import, with the same exports', (entry) => {
    const required = node(['-e', `console.log(JSON.stringify(Object.keys(require('${entry}')).sort()))`]);
    const imported = node(['--input-type=module', '-e', `const m = await import('${entry}'); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()))`]);
    expect(JSON.parse(required).length).toBeGreaterThan(0);
    expect(JSON.parse(imported)).toEqual(JSON.parse(required));
  });

  it.each(libs.map(({ manifest }) => manifest.name))('%s ships its declarations and README', (name) => {
    const installed = join(consumer, 'node_modules', name);
    expect(existsSync(join(installed, 'dist/index.d.ts'))).toBe(true);
    expect(existsSync(join(installed, 'README.md'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
  });
});
