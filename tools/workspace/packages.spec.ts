// Tests what is published: every library is packed with `npm pack`, the
// tarballs are installed into a scratch project outside the workspace, and each
// entry point is loaded with `require` and with `import`; @arethetypeswrong/cli checks
// each tarball's types under node10, node16 (CJS and ESM) and bundler resolution.
// Needs `nx run-many -t build`.
// fast-check is installed beside them: the `./testing` entries expect it as a dev dependency.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
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
  const tarballOf = new Map<string, string>();
  const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8' });

  beforeAll(() => {
    for (const { dir } of libs) {
      if (!existsSync(join(dir, 'dist'))) throw new Error(`${dir} is not built: run \`npx nx run-many -t build\` first`);
    }
    const tarballs = libs.map(({ dir, manifest }) => {
      const tarball = join(consumer, execFileSync('npm', ['pack', '--silent', '--pack-destination', consumer], { cwd: dir, encoding: 'utf8' }).trim());
      tarballOf.set(manifest.name, tarball);
      return tarball;
    });
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

  it.each(libs.map(({ manifest }) => manifest.name))('%s ships its declarations, README and LICENSE', (name) => {
    const installed = join(consumer, 'node_modules', name);
    for (const file of ['dist/index.d.ts', 'dist/index.d.mts', 'dist/index.d.cts', 'README.md', 'LICENSE']) expect(existsSync(join(installed, file))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    // README links must work from the tarball: nothing relative that climbs out of the package.
    expect(readFileSync(join(installed, 'README.md'), 'utf8').match(/\]\(\.\.\/[^)]*\)/g)).toBeNull();
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['repository', 'homepage', 'bugs', 'engines', 'license']) expect(manifest[key]).toBeDefined();
  });

  it('bundles @atlas/client for browsers with fp-ts tree-shaken (the `module` condition: fp-ts ES modules)', async () => {
    // esbuild's defaults, as an app's bundler would run: the `module` condition is on.
    const result = await build({
      stdin: { contents: "export * from '@atlas/client';", resolveDir: consumer },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.entries(Object.values(result.metafile.outputs)[0]?.inputs ?? {});
    const fpTs = inputs.filter(([path]) => path.includes('node_modules/fp-ts/'));
    expect(fpTs.length).toBeGreaterThan(0);
    expect(fpTs.filter(([path]) => !path.includes('node_modules/fp-ts/es6/'))).toEqual([]);
    // 27.6 KB of fp-ts (CommonJS, whole modules) before; about 1.7 KB now.
    expect(fpTs.reduce((n, [, input]) => n + input.bytesInOutput, 0)).toBeLessThan(4096);
    expect(result.outputFiles[0]?.contents.length ?? 0).toBeLessThan(85_000);
  });

  it.each(libs.map(({ manifest }) => manifest.name))('%s has types that are right under every resolution (attw)', (name) => {
    const attw = join(WORKSPACE, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    try {
      execFileSync(process.execPath, [attw, tarballOf.get(name) ?? '', '--format', 'ascii'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const failed = e as { stdout?: string; stderr?: string };
      throw new Error(`attw found problems in ${name}:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
    }
  });
});
