// Real processes for tests: bundles an app's entry with the workspace's Node bundler
// (workspace libs from source, npm packages external, as the app build does) and
// spawns it with node.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The workspace root. */
export const ROOT = resolve(__dirname, '..', '..', '..', '..');

/** The workspace's one bundler for Node (tools/build/node-bundle.cjs), also used by the benchmarks. */
const { bundleForNode } = require(join(ROOT, 'tools/build/node-bundle.cjs')) as {
  bundleForNode(entry: string, outfile: string, options?: Record<string, unknown>): Promise<void>;
};

const made: string[] = [];

/** Deletes the bundles this test file made. */
export function removeBundles(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Bundles `entry` (relative to the workspace) under the workspace's tmp/ (so npm packages resolve, also from worker threads). */
export async function bundle(entry: string): Promise<string> {
  const dir = join(ROOT, 'tmp', 'load-tester-test');
  mkdirSync(dir, { recursive: true });
  const out = mkdtempSync(join(dir, 'bundle-'));
  made.push(out);
  const outfile = join(out, 'main.js');
  await bundleForNode(join(ROOT, entry), outfile, { tsconfig: join(ROOT, 'tsconfig.base.json') });
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
