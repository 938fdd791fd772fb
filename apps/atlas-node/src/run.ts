// Runs one node as the process: loads the config, starts the node, and maps signals
// to drain (SIGTERM, SIGINT) and reload (SIGHUP). Never exits on a stray exception:
// it is logged and the node keeps serving everyone else.
import { formatConfigErrors, loadConfig } from '@atlas/config';
import type { CommandIo } from './cli/config-commands';
import { startNode, type AtlasNode, type NodeOptions } from './node';

/** Loads the config from argv/env and starts a node; undefined (after printing why) when it cannot. */
export async function bootNode(argv: readonly string[], io: CommandIo, extra: Partial<NodeOptions> = {}): Promise<AtlasNode | undefined> {
  const loadOptions = { argv, env: io.env, cwd: io.cwd };
  const loaded = loadConfig(loadOptions);
  if (loaded._tag === 'Left') {
    io.err(`${formatConfigErrors(loaded.left)}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const started = await startNode({ loaded: loaded.right, loadOptions, ...extra });
  if (started._tag === 'Left') {
    io.err(`atlas-node: cannot start (${started.left.kind}): ${started.left.message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  return started.right;
}

/** Drains on SIGTERM/SIGINT (a second SIGINT exits at once), reloads on SIGHUP. */
export function handleSignals(drain: () => Promise<void>, reload: () => void, io: CommandIo): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    stopping = true;
    drain().then(
      () => process.exit(0),
      (e: unknown) => {
        io.err(`atlas-node: drain failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', reload);
}

/** Logs what escaped a handler instead of dying with it. */
export function keepAlive(io: CommandIo): void {
  process.on('uncaughtException', (e) => io.err(`atlas-node: uncaught exception (node keeps running): ${e.stack ?? String(e)}\n`));
  process.on('unhandledRejection', (e) => io.err(`atlas-node: unhandled rejection (node keeps running): ${String(e)}\n`));
}

/** The default command: run the node until a signal stops it. */
export async function runNodeProcess(argv: readonly string[], io: CommandIo): Promise<void> {
  keepAlive(io);
  const node = await bootNode(argv, io);
  if (node === undefined) return;
  handleSignals(() => node.drain(), () => node.reload(), io);
}
