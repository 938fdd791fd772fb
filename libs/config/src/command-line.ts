// Command lines of every Atlas app on `node:util` parseArgs: it splits the arguments, this
// module turns what it tolerates into usage errors (unknown options with a did-you-mean,
// stray arguments, missing values, options given twice), as values, never exceptions.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { parseArgs } from 'node:util';
import { didYouMean } from './did-you-mean';

/** One option, named by its long form without `--`. */
export interface CommandLineOption {
  /** `boolean`: a flag (`--json`); `string`: takes a value (`--port 80`, `--port=80`). */
  readonly type: 'string' | 'boolean';
  /** A one-letter form (`h` for `-h`). */
  readonly short?: string;
  /** May be given several times; the values are collected in order. Otherwise twice is an error. */
  readonly multiple?: boolean;
  /** Another spelling of this option (its value is stored under that name). */
  readonly aliasOf?: string;
}

/** Every option an app accepts. */
export type CommandLineSpec = Readonly<Record<string, CommandLineOption>>;

type ValueOf<O extends CommandLineOption> = O['type'] extends 'boolean' ? boolean : O['multiple'] extends true ? readonly string[] : string;

/** The parsed options, by long name; absent when not given. */
export type CommandLineValues<S extends CommandLineSpec> = { readonly [K in keyof S]?: ValueOf<S[K]> };

/**
 * Parses `argv` (without node and the script) against `spec`. Left holds one usage message,
 * e.g. `unknown option --prot; did you mean --port? (see --help)`.
 */
export function parseCommandLine<S extends CommandLineSpec>(argv: readonly string[], spec: S): Either<string, CommandLineValues<S>> {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, o]) => [name, { type: o.type, ...(o.short === undefined ? {} : { short: o.short }), multiple: o.multiple === true }]),
  );
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean | string[]> = {};
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') return left(`unexpected argument ${JSON.stringify(token.value)} (options start with --; see --help)`);
    const option = spec[token.name];
    if (option === undefined) {
      const hint = didYouMean(token.rawName, Object.keys(spec).map((n) => `--${n}`));
      return left(`unknown option ${token.rawName}${hint === undefined ? '' : `; did you mean ${hint}?`} (see --help)`);
    }
    const name = option.aliasOf ?? token.name;
    const target = spec[name] ?? option;
    if (values[name] !== undefined && target.multiple !== true) return left(`${token.rawName} given twice`);
    if (option.type === 'boolean') {
      if (token.value !== undefined) return left(`${token.rawName} takes no value, got "${token.value}"`);
      values[name] = true;
      continue;
    }
    // parseArgs takes the next argument as the value even when it is the next option.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) return left(`${token.rawName} needs a value (see --help)`);
    const previous = values[name];
    values[name] = target.multiple === true ? [...(Array.isArray(previous) ? previous : []), token.value] : token.value;
  }
  return right(values as CommandLineValues<S>);
}
