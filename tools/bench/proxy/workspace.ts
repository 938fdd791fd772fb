// Where the workspace and its built apps are, and building them when asked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The workspace root: the nearest folder above this bundle (or the cwd) with nx.json. */
export function workspaceRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      if (existsSync(join(dir, 'nx.json'))) return dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('cannot find the workspace root (nx.json)');
}

/** The V8 flags atlas-node ships with (apps/atlas-node/v8-flags.json): every run starts it with them, as the image does. */
export function shippedNodeFlags(root: string): string[] {
  return JSON.parse(readFileSync(join(root, 'apps/atlas-node/v8-flags.json'), 'utf8')) as string[];
}

/** The built entry points the harness runs as child processes. */
export interface Built {
  readonly atlasNode: string;
  readonly simServer: string;
}

/** Paths of the built apps. */
export function builtApps(root: string): Built {
  return { atlasNode: join(root, 'apps/atlas-node/dist/main.js'), simServer: join(root, 'apps/sim-server/dist/main.js') };
}

/** Builds atlas-node and sim-server with Nx (cached when nothing changed); throws with Nx's output on failure. */
export function buildApps(root: string): void {
  const run = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'atlas-node', 'sim-server', '--output-style=static'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (run.status !== 0) throw new Error(`building atlas-node and sim-server failed:\n${run.stdout}\n${run.stderr}`);
}

/** A scratch folder under tmp/bench/proxy. */
export function scratch(root: string, ...parts: string[]): string {
  const dir = join(root, 'tmp/bench/proxy', ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
