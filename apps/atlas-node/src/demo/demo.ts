// `atlas-node --demo` (what `npm start` runs): one node on the in-memory store and four
// sim-servers, as child processes, owning a 2x2 world. Prints where to connect, the
// admin page and a load-test command; Ctrl-C stops everything cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CommandIo } from '../cli/config-commands';
import { bootNode, keepAlive } from '../run';

/** Help lines of the demo flags. */
export const DEMO_HELP = `  --demo                   start a node plus four sim-servers owning a 2x2 world (npm start);
                           no Redis needed. --demo-world SIZE sets the world edge (default 2000);
                           --demo-port-base PORT pins the sim-servers' link ports to PORT..PORT+3
                           (cell i,j on PORT + 2i + j; default: free ports)`;

/** The demo world: edge length and the grid of sim-servers. */
export const DEMO_WORLD = { size: 2000, grid: 2 } as const;

/** The sim-server's package, found when installed beside this one (`npm i @atlas/node @atlas/sim-server`). */
const SIM_SERVER_PACKAGE = ['@atlas', 'sim-server'].join('/');

/**
 * Where the built sim-server is: `ATLAS_SIM_SERVER`, else next to this app's dist in the
 * workspace (apps/<app>/dist/main.js), else the installed `@atlas/sim-server` package.
 */
export function simServerMain(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const explicit = env['ATLAS_SIM_SERVER'];
  if (explicit !== undefined) return explicit;
  const sibling = resolve(__dirname, '..', '..', 'sim-server', 'dist', 'main.js');
  if (existsSync(sibling)) return sibling;
  try {
    // A computed name: the image's dependency scan must not take sim-server for a package the node loads.
    return join(dirname(require.resolve(`${SIM_SERVER_PACKAGE}/package.json`)), 'dist', 'main.js');
  } catch {
    return sibling;
  }
}

/** The sim-server arguments for cell (i, j); with `portBase`, its link port is `portBase + i * grid + j`. */
export function simServerArgs(nodeHttp: string, i: number, j: number, size: number, portBase?: number): string[] {
  const port = portBase === undefined ? 0 : portBase + i * DEMO_WORLD.grid + j;
  return ['--port', String(port), '--grid', `${DEMO_WORLD.grid}x${DEMO_WORLD.grid}`, '--cell', `${i},${j}`, '--world', String(size), '--register', nodeHttp];
}

/** Runs the demo until Ctrl-C. */
export async function runDemo(argv: readonly string[], io: CommandIo, worldSize?: number, portBase?: number): Promise<void> {
  keepAlive(io);
  const size = worldSize ?? DEMO_WORLD.size;
  if (portBase !== undefined && !(Number.isInteger(portBase) && portBase >= 1 && portBase + DEMO_WORLD.grid ** 2 - 1 <= 65535)) {
    io.err(`atlas-node --demo: --demo-port-base must be a port from 1 to ${65536 - DEMO_WORLD.grid ** 2} (got ${portBase})\n`);
    process.exitCode = 2;
    return;
  }
  const sim = simServerMain(io.env);
  if (!existsSync(sim)) {
    io.err(`atlas-node --demo: ${sim} is missing; build it first: npx nx run sim-server:build\n`);
    process.exitCode = 1;
    return;
  }
  // Readable, quiet logs by default so the banner stands out; the user's --set flags come later and win.
  // loadConfig reads only --config and --set from argv; --demo and --demo-world pass by.
  const node = await bootNode(['--set', 'logging.format=pretty', '--set', 'logging.level=warn', ...argv], io);
  if (node === undefined) return;
  const host = '127.0.0.1';
  const nodeHttp = `http://${host}:${node.port}`;
  const children: ChildProcess[] = [];
  for (let i = 0; i < DEMO_WORLD.grid; i++) {
    for (let j = 0; j < DEMO_WORLD.grid; j++) {
      const child = spawn(process.execPath, [sim, ...simServerArgs(nodeHttp, i, j, size, portBase)], { stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('exit', (code, signal) => {
        if (!stopping) io.err(`demo: sim-server ${i},${j} exited (${signal ?? code})\n`);
      });
      children.push(child);
    }
  }
  const admin = node.adminPort === undefined ? '(admin listener disabled)' : `http://${host}:${node.adminPort}/admin${node.config().security.admin_token === '' ? '' : '?token=<security.admin_token>'}`;
  io.out(
    [
      '',
      `Atlas demo: 1 node, ${children.length} sim-servers, a ${size} x ${size} world in a 2x2 grid`,
      `  clients connect to  ws://${host}:${node.port}/ws`,
      `  admin map           ${admin}`,
      `  servers             ${nodeHttp}/servers`,
      `  load test           npm run load -- --url ws://${host}:${node.port}/ws --players 200 --duration 30`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    io.out('\nstopping the demo...\n');
    // The node first (its players are told to resume elsewhere), then the game servers.
    void node
      .drain()
      .then(() => {
        for (const c of children) c.kill('SIGTERM');
        const exits = children.map((c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r()))));
        return Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 5000).unref())]);
      })
      .then(() => {
        for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
        process.exit(0);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', () => node.reload());
}
