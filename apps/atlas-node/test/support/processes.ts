// Real processes for tests: bundles a TypeScript entry with the workspace's Node
// bundler (workspace libs from source, npm packages external) and spawns it with node.
import { spawnNodeScript, type NodeChild } from '@atlas/cluster/testing';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The workspace root: the nearest folder up with nx.json (this file also runs bundled, from tmp/bench). */
export const root = ((): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  return resolve(__dirname, '..', '..', '..', '..');
})();

/** The workspace's one bundler for Node (tools/build/node-bundle.cjs), also used by the benchmarks. */
const { bundleForNode } = require(join(root, 'tools/build/node-bundle.cjs')) as {
  bundleForNode(entry: string, outfile: string, options?: Record<string, unknown>): Promise<void>;
};

/** Bundles `entry` (absolute) to a temp .js and returns its path. */
export async function bundle(entry: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'atlas-e2e-')), 'main.js');
  await bundleForNode(entry, outfile, { tsconfig: join(root, 'tsconfig.base.json') });
  return outfile;
}

/** A spawned process (see {@link spawnNode}). */
export type Child = NodeChild;

/** Spawns `node script args` with NODE_PATH at the workspace's node_modules (and `env` added to this process's environment). */
export function spawnNode(script: string, args: readonly string[], ready = /^ready/, env: Readonly<Record<string, string>> = {}): Child {
  return spawnNodeScript(script, args, { ready, env: { ...env, NODE_PATH: join(root, 'node_modules') } });
}

/**
 * Spawns until one process gets ready: a port a killed process held may take a moment to
 * be free again (up to ~5 s, then the last failure is thrown).
 */
export async function spawnUntilReady(script: string, args: readonly string[], ready = /^ready/): Promise<Child> {
  for (let attempt = 0; ; attempt++) {
    const child = spawnNode(script, args, ready);
    try {
      await child.ready;
      return child;
    } catch (e) {
      if (attempt > 20) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Bundles sim-server's main for a node's process provider, whose processes inherit this process's NODE_PATH (set here, as they load npm packages from it). */
export async function bundleSimServer(): Promise<string> {
  process.env['NODE_PATH'] = join(root, 'node_modules');
  return bundle(join(root, 'apps', 'sim-server', 'src', 'main.ts'));
}

/** Pids of live (not zombie) processes whose command line contains `needle`. */
export function pidsRunning(needle: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return cmd.includes(needle) && !/\) Z /.test(stat) ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}
