// Real processes for tests: bundles a TypeScript entry with esbuild (workspace libs
// from source, npm packages external) and spawns it with node.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** The workspace root: the nearest folder up with nx.json (this file also runs bundled, from tmp/bench). */
export const root = ((): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  return resolve(__dirname, '..', '..', '..', '..');
})();

/** Resolves `@atlas/*` to the workspace sources (as the app build does). */
function workspaceLibs(): Plugin {
  const paths = (JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
  return {
    name: 'workspace-libs',
    setup(b) {
      b.onResolve({ filter: /^@atlas\// }, (args) => {
        const mapped = paths[args.path]?.[0];
        return mapped === undefined ? { errors: [{ text: `unknown workspace import ${args.path}` }] } : { path: join(root, mapped) };
      });
    },
  };
}

/** An app's `src/main.ts` bundle also gets the app's browser scripts beside it (atlas-node's admin-map.js). */
function writeAppBrowserScripts(entry: string, outfile: string): void {
  if (!entry.endsWith(join('src', 'main.ts'))) return;
  const tools = require(join(root, 'tools/build/browser-script.cjs')) as { writeBrowserScripts(appRoot: string, outdir: string): void };
  tools.writeBrowserScripts(dirname(dirname(entry)), dirname(outfile));
}

/** Bundles `entry` (absolute) to a temp .js and returns its path. */
export async function bundle(entry: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'atlas-e2e-')), 'main.js');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel: 'error',
    plugins: [workspaceLibs()],
  });
  writeAppBrowserScripts(entry, outfile);
  return outfile;
}

/** A spawned process and the first stdout line matching `ready`. */
export interface Child {
  readonly process: ChildProcess;
  readonly readyLine: Promise<string>;
  readonly exited: Promise<number | null>;
}

/** Spawns `node script args` with NODE_PATH at the workspace's node_modules. */
export function spawnNode(script: string, args: readonly string[], ready = /^ready/): Child {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
  });
  let out = '';
  let err = '';
  const readyLine = new Promise<string>((res, rej) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => ready.test(l));
      if (line !== undefined) res(line);
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => rej(new Error(`exited ${code} before ready: ${err}`)));
  });
  readyLine.catch(() => undefined);
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { process: child, readyLine, exited };
}
