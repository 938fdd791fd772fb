// Command-line flags: `--config PATH` names the file, `--set section.key=value`
// (repeatable) overrides one key. Every other argument belongs to the app and
// is ignored here.
import { coerceString } from '../coerce';
import { didYouMean } from '../did-you-mean';
import type { ConfigError } from '../errors';
import { CONFIG_KEYS, deprecationOf, keyInfo } from '../keys';
import type { Layer, RawEntry } from './layer';

/** The config flags found in an argument list. */
export interface ConfigArgs extends Layer {
  /** The `--config` path, if given (the last one wins). */
  readonly file: string | undefined;
}

/** Extracts `--config` and `--set` from `argv` (arguments after the script name). */
export function parseConfigArgs(argv: readonly string[]): ConfigArgs {
  let file: string | undefined;
  const entries: RawEntry[] = [];
  const errors: ConfigError[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--config' && flag !== '--set') continue;
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      errors.push({ kind: 'bad_flag', flag, message: flag === '--config' ? 'needs a file path' : 'needs section.key=value' });
      if (value !== undefined) i--;
      continue;
    }
    if (flag === '--config') {
      file = value;
      continue;
    }
    const eq = value.indexOf('=');
    const display = `--set ${value}`;
    if (eq <= 0) {
      errors.push({ kind: 'bad_flag', flag: display, message: 'expected section.key=value, e.g. --set server.port=9000' });
      continue;
    }
    const path = value.slice(0, eq).trim();
    const info = keyInfo(path);
    if (info === undefined) {
      const suggestion = didYouMean(path, CONFIG_KEYS.map((k) => k.path));
      errors.push({ kind: 'unknown_key', path, suggestion, source: { kind: 'cli', flag: `--set ${path}` } });
      continue;
    }
    entries.push({ path: info.path, value: coerceString(info.codec.kind, value.slice(eq + 1)), source: { kind: 'cli', flag: `--set ${path}` }, deprecated: deprecationOf(path, info.path) });
  }
  return { file, entries, errors };
}
