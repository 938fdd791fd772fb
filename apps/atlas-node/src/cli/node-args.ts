// The atlas-node command line: every option it knows, parsed once with the shared
// parser (@atlas/config's parseCommandLine), so a typo is an error, not a default start.
import { parseCommandLine, type CommandLineSpec } from '@atlas/config';
import * as E from 'fp-ts/lib/Either.js';

/** Every option of atlas-node (long names without `--`). `--config` and `--set` are read again by loadConfig. */
export const NODE_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
  set: { type: 'string', multiple: true },
  'print-config': { type: 'boolean' },
  'check-config': { type: 'string' },
  demo: { type: 'boolean' },
  'demo-world': { type: 'string' },
  'demo-port-base': { type: 'string' },
} as const satisfies CommandLineSpec;

/** What the command line asks for. */
export interface NodeCommand {
  readonly help: boolean;
  /** `--check-config PATH` */
  readonly checkConfig: string | undefined;
  readonly printConfig: boolean;
  readonly demo: boolean;
  /** `--demo-world SIZE` (with `--demo`). */
  readonly demoWorld: number | undefined;
  /** `--demo-port-base N` (with `--demo`; runDemo checks the range). */
  readonly demoPortBase: number | undefined;
}

/** Parses argv (without node and the script); Left is a usage message (exit 2). */
export function parseNodeArgs(argv: readonly string[]): E.Either<string, NodeCommand> {
  const parsed = parseCommandLine(argv, NODE_OPTIONS);
  if (E.isLeft(parsed)) return parsed;
  const v = parsed.right;
  const world = v['demo-world'] === undefined ? undefined : Number(v['demo-world']);
  if (world !== undefined && !(Number.isFinite(world) && world > 0)) return E.left(`--demo-world must be a positive size, got "${v['demo-world']}"`);
  if (world !== undefined && v.demo !== true) return E.left('--demo-world needs --demo');
  const portBase = v['demo-port-base'] === undefined ? undefined : Number(v['demo-port-base']);
  if (portBase !== undefined && v.demo !== true) return E.left('--demo-port-base needs --demo');
  return E.right({ help: v.help === true, checkConfig: v['check-config'], printConfig: v['print-config'] === true, demo: v.demo === true, demoWorld: world, demoPortBase: portBase });
}
