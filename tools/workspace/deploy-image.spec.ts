// The Docker image recipe, exercised without Docker: docker/Dockerfile is read and
// checked, and tools/deploy/image-recipe.mjs runs its steps in a scratch directory
// (build with Nx, the runtime tree from the bundles, start the node as the image
// would, HEALTHCHECK, /health, SIGTERM -> exit 0). Needs the apps built (npm test
// builds everything first). ATLAS_IMAGE_RECIPE_INSTALL=ci makes the build stage run
// its real `npm ci` instead of a hard-linked copy of this workspace's node_modules.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dockerignore, parseDockerfile, type DockerStep } from '../deploy/dockerfile.cjs';
import { WORKSPACE } from './scratch-workspace';

const APPS = ['atlas-node', 'sim-server', 'load-tester'];
const BUNDLES = APPS.map((app) => `apps/${app}/dist/main.js`);
const steps = parseDockerfile(readFileSync(join(WORKSPACE, 'docker/Dockerfile'), 'utf8'));
const stageOf = (name: string): DockerStep[] => {
  const start = steps.findIndex((s) => s.instruction === 'FROM' && s.args.endsWith(` AS ${name}`));
  const end = steps.findIndex((s, i) => i > start && s.instruction === 'FROM');
  return steps.slice(start, end < 0 ? undefined : end);
};
const one = (stage: DockerStep[], instruction: string): DockerStep => {
  const found = stage.filter((s) => s.instruction === instruction);
  expect(found).toHaveLength(1);
  return found[0] as DockerStep;
};

describe('docker/Dockerfile', () => {
  it('builds in one stage and runs from a glibc Node 20 image in another', () => {
    const arg = steps.find((s) => s.instruction === 'ARG' && s.args.startsWith('NODE_IMAGE='));
    expect(arg?.args).toBe('NODE_IMAGE=node:20-bookworm-slim');
    expect(steps.filter((s) => s.instruction === 'FROM').map((s) => s.args)).toEqual(['${NODE_IMAGE} AS build', '${NODE_IMAGE} AS runtime']);
    const build = stageOf('build').filter((s) => s.instruction === 'RUN').map((s) => s.args);
    expect(build).toEqual([
      'npm ci --ignore-scripts --no-audit --no-fund',
      `npx nx run-many -t build -p ${APPS.join(' ')} --output-style=static`,
      `node tools/deploy/runtime-deps.mjs --out dist/runtime ${BUNDLES.join(' ')}`,
    ]);
  });

  it('runs the node as a non-root user, in exec form with its shipped V8 flags, with a health check and SIGTERM', () => {
    const runtime = stageOf('runtime');
    expect(runtime.some((s) => s.instruction === 'RUN')).toBe(false);
    expect(one(runtime, 'USER').args).toBe('node');
    expect(one(runtime, 'STOPSIGNAL').args).toBe('SIGTERM');
    const v8Flags = JSON.parse(readFileSync(join(WORKSPACE, 'apps/atlas-node/v8-flags.json'), 'utf8')) as string[];
    expect(v8Flags.length).toBeGreaterThan(0);
    expect(one(runtime, 'ENTRYPOINT').json).toEqual(['node', '--enable-source-maps', ...v8Flags, '/opt/atlas/apps/atlas-node/dist/main.js']);
    expect(one(runtime, 'HEALTHCHECK').json).toEqual(['node', '/opt/atlas/healthcheck.cjs']);
    expect(runtime.filter((s) => s.instruction === 'COPY' && s.flags['from'] === 'build').map((s) => s.args)).toEqual(['/src/dist/runtime/ ./']);
  });

  it('keeps dependencies, build output and history out of the build context', () => {
    const ignored = dockerignore(readFileSync(join(WORKSPACE, 'docker/Dockerfile.dockerignore'), 'utf8'));
    for (const path of ['node_modules', 'node_modules/ws/index.js', 'libs/config/node_modules/x', 'apps/atlas-node/dist/main.js', '.git/HEAD', '.nx/cache', 'tmp/jest-results/a.json', 'libs/x/tsconfig.lib.tsbuildinfo', 'docker/.env', '.env']) {
      expect([path, ignored(path)]).toEqual([path, true]);
    }
    for (const path of ['package.json', 'package-lock.json', 'apps/atlas-node/src/main.ts', 'tools/build/build.mjs', 'tools/deploy/runtime-deps.mjs', 'docker/atlas.toml', 'libs/config/src/index.ts']) {
      expect([path, ignored(path)]).toEqual([path, false]);
    }
  });

  it('ships exactly the packages the bundles require, as a plain scan of the bundles also finds them', () => {
    const listed = JSON.parse(execFileSync(process.execPath, ['tools/deploy/runtime-deps.mjs', '--list', ...BUNDLES], { cwd: WORKSPACE, encoding: 'utf8' })) as {
      packages: string[];
      closure: string[];
    };
    // An independent, naive reading: every require("x") of a bare, non-builtin package.
    const builtins = new Set(require('node:module').builtinModules as string[]);
    const scanned = new Set<string>();
    for (const bundle of BUNDLES) {
      for (const [, spec] of readFileSync(join(WORKSPACE, bundle), 'utf8').matchAll(/require\("([^"./][^"]*)"\)/g)) {
        const name = spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!;
        if (!spec!.startsWith('node:') && !builtins.has(name)) scanned.add(name);
      }
    }
    expect(listed.packages).toEqual([...scanned].sort());
    expect(listed.packages).toEqual(expect.arrayContaining(['uWebSockets.js', 'ioredis', 'winston', 'prom-client', 'hdr-histogram-js']));
    // docs/deploy.md names them: keep it true.
    const doc = readFileSync(join(WORKSPACE, 'docs/deploy.md'), 'utf8').replace(/\s+/g, ' ');
    const named = /Today that is (\d+) packages \(([^)]*)\), (\d+) with their dependencies/.exec(doc);
    expect(named).not.toBeNull();
    expect(Number(named![1])).toBe(listed.packages.length);
    expect([...named![2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1])).toEqual(listed.packages);
    expect(Number(named![3])).toBe(listed.closure.length);
    // Build tools never reach the image.
    for (const tool of ['nx', 'typescript', 'esbuild', 'jest', 'eslint', '@swc/core']) expect(listed.closure).not.toContain(`node_modules/${tool}`);
  });

  it('builds and starts like the image: healthy as uid 1000, drains on SIGTERM with exit code 0', async () => {
    const install = process.env['ATLAS_IMAGE_RECIPE_INSTALL'] ?? 'reuse';
    const { stdout } = await promisify(execFile)(process.execPath, ['tools/deploy/image-recipe.mjs', '--install', install], {
      cwd: WORKSPACE,
      maxBuffer: 16 << 20,
      timeout: 220_000,
    });
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(summary.ok).toBe(true);
    expect(summary.image.base).toBe('node:20-bookworm-slim');
    expect(summary.run.healthcheck).toBe('passed');
    expect(summary.run.health).toEqual({ status: 200, body: 'OK' });
    expect(summary.run.ready).toEqual({ status: 200, body: 'READY' });
    if (process.getuid?.() === 0) expect(summary.run.processUid).toBe(1000);
    expect(summary.run.stop).toMatchObject({ signal: 'SIGTERM', exitCode: 0, exitSignal: null });
    expect(summary.run.stop.ms).toBeLessThan(5000);
    expect(summary.runtimePackages).toContain('uWebSockets.js');
  }, 230_000);
});
