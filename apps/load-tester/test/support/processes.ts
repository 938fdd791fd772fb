// Real processes for tests: bundles an app's entry with the workspace's Node bundler
// (workspace libs from source, npm packages external, as the app build does) and
// spawns it with node.
import { spawnNodeScript, type NodeChild } from '@atlas/cluster/testing';
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

/** A spawned process (see {@link spawnNode}). */
export type Child = NodeChild;

/** Spawns `node script args` in the workspace root, with NODE_PATH at its node_modules, resolving `ready` at the first stdout line matching `ready`. */
export function spawnNode(script: string, args: readonly string[], ready: RegExp): Child {
  return spawnNodeScript(script, args, { ready, env: { NODE_PATH: join(ROOT, 'node_modules') }, cwd: ROOT });
}
