// The node's config commands: --print-config and --check-config. They only
// read configuration and print; main.ts turns the returned code into the exit code.
import { formatConfig, formatConfigErrors, loadConfig } from '@atlas/config';
import * as E from 'fp-ts/lib/Either.js';
import { parseNodeArgs } from './node-args';

/** What a command may touch: output streams, environment, working directory. */
export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Help lines for the config flags, for the app's --help. */
export const CONFIG_HELP = `Configuration (docs/config.md):
  --config PATH            read the TOML file PATH (default: $ATLAS_CONFIG, else built-in defaults)
  --set section.key=VALUE  override one key, repeatable (e.g. --set server.port=9000)
                           environment: ATLAS_<SECTION>_<KEY>, e.g. ATLAS_SERVER_PORT=9000
  --print-config           print the effective config (secrets redacted) with each value's source
  --check-config PATH      validate PATH with the environment and flags: exit 0 if valid, 1 with every error`;

/** Exit codes of the config commands. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

function printConfig(argv: readonly string[], io: CommandIo): number {
  const loaded = loadConfig({ argv, env: io.env, cwd: io.cwd });
  if (loaded._tag === 'Left') {
    io.err(`${formatConfigErrors(loaded.left)}\n`);
    return EXIT.invalid;
  }
  io.out(formatConfig(loaded.right));
  return EXIT.ok;
}

function checkConfig(file: string, argv: readonly string[], io: CommandIo): number {
  const loaded = loadConfig({ argv, env: io.env, cwd: io.cwd, file });
  if (loaded._tag === 'Left') {
    io.err(`${file}: invalid\n${formatConfigErrors(loaded.left)}\n`);
    return EXIT.invalid;
  }
  io.out(`${file}: valid\n`);
  return EXIT.ok;
}

/**
 * Runs `--check-config F` or `--print-config` when `argv` asks for one and returns
 * the exit code; returns undefined when `argv` holds neither (the node should start).
 */
export function runConfigCommand(argv: readonly string[], io: CommandIo): number | undefined {
  const command = parseNodeArgs(argv);
  if (E.isLeft(command)) {
    io.err(`atlas-node: ${command.left}\n`);
    return EXIT.usage;
  }
  if (command.right.checkConfig !== undefined) return checkConfig(command.right.checkConfig, argv, io);
  if (command.right.printConfig) return printConfig(argv, io);
  return undefined;
}
