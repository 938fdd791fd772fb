// Real processes for tests: bundles an app's entry with esbuild (workspace libs from
// source, npm packages external, as the app build does) and spawns it with node.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** The workspace root. */
export const ROOT = resolve(__dirname, '..', '..', '..', '..');

function workspaceLibs(): Plugin {
  const paths = (JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
  return {
    name: 'workspace-libs',
    setup(b) {
      b.onResolve({ filter: /^@atlas\// }, (args) => {
        const mapped = paths[args.path]?.[0];
        return mapped === undefined ? { errors: [{ text: `unknown workspace import ${args.path}` }] } : { path: join(ROOT, mapped) };
      });
    },
  };
}

const made: string[] = [];

/** Deletes the bundles this test file made. */
export function removeBundles(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An app's `src/main.ts` bundle also gets the app's browser scripts beside it (atlas-node's admin-map.js). */
function writeAppBrowserScripts(entry: string, outfile: string): void {
  if (!entry.endsWith(join('src', 'main.ts'))) return;
  const tools = require(join(ROOT, 'tools/build/browser-script.cjs')) as { writeBrowserScripts(appRoot: string, outdir: string): void };
  tools.writeBrowserScripts(dirname(dirname(entry)), dirname(outfile));
}

/** Bundles `entry` (relative to the workspace) under the workspace's tmp/ (so npm packages resolve, also from worker threads). */
export async function bundle(entry: string): Promise<string> {
  const dir = join(ROOT, 'tmp', 'load-tester-test');
  mkdirSync(dir, { recursive: true });
  const out = mkdtempSync(join(dir, 'bundle-'));
  made.push(out);
  const outfile = join(out, 'main.js');
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    logLevel: 'error',
    plugins: [workspaceLibs()],
  });
  writeAppBrowserScripts(join(ROOT, entry), outfile);
  return outfile;
}

/** A spawned process. */
export interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first stdout line matching the pattern given to spawnNode. */
  readonly ready: Promise<string>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `node script args`, resolving `ready` at the first stdout line matching `ready`. */
export function spawnNode(script: string, args: readonly string[], ready: RegExp): Child {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    cwd: ROOT,
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const readyLine = new Promise<string>((res, rej) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => ready.test(l));
      if (line !== undefined) res(line);
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then((code) => rej(new Error(`${script} exited (${code}) before ready: ${err.slice(-2000)}`)));
  });
  readyLine.catch(() => undefined);
  return {
    process: child,
    ready: readyLine,
    exited,
    stdout: () => out,
    stderr: () => err,
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
