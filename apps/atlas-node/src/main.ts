/** atlas-node entry point: parse argv, dispatch, set the exit code. */
import { CONFIG_HELP, runConfigCommand, type CommandIo } from './cli/config-commands';

const HELP = `Usage: atlas-node [options]

The Atlas edge node.

${CONFIG_HELP}

  --help                   show this help
`;

const argv = process.argv.slice(2);
const io: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
};

if (argv.includes('--help') || argv.includes('-h')) {
  io.out(HELP);
} else {
  const code = runConfigCommand(argv, io);
  if (code !== undefined) process.exitCode = code;
  else io.out('atlas-node: the server itself is not implemented yet. Run with --help.\n');
}
