/** atlas-node entry point: parse argv, dispatch (help, config commands, demo, node), set the exit code. */
import * as E from 'fp-ts/lib/Either.js';
import { CONFIG_HELP, EXIT, runConfigCommand, type CommandIo } from './cli/config-commands';
import { parseNodeArgs } from './cli/node-args';
import { DEMO_HELP, runDemo } from './demo/demo';
import { runNodeProcess } from './run';

const HELP = `Usage: atlas-node [options]

The Atlas edge node: game clients connect over WebSocket (/ws), game servers
register over HTTP (/api/v1/servers/register) and are linked from every node.

${CONFIG_HELP}

Running:
  (no command)             start the node with the effective configuration
${DEMO_HELP}
  --help, -h               show this help

Signals: SIGTERM/SIGINT drain (clients are told to resume elsewhere, the node leaves
the cluster and exits 0 within server.drain_timeout); a second SIGINT exits at once;
SIGHUP re-reads the config file (reloadable keys only).

Endpoints: /ws (clients), /health, /ready, /metrics, /servers, /api/v1/servers/*
(registration); /admin on the admin listener (admin.address:admin.port).
`;

const argv = process.argv.slice(2);
const io: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
};

const command = parseNodeArgs(argv);
if (E.isLeft(command)) {
  io.err(`atlas-node: ${command.left}\n`);
  process.exitCode = EXIT.usage;
} else if (command.right.help) {
  io.out(HELP);
} else {
  const code = runConfigCommand(argv, io);
  if (code !== undefined) process.exitCode = code;
  else if (command.right.demo) void runDemo(argv, io, command.right.demoWorld, command.right.demoPortBase);
  else void runNodeProcess(argv, io);
}
