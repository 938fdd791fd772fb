// Config errors as values: each says which key, what was wrong, what was
// expected and where the value came from.
import type { ValueProblem } from './codecs';
import { redactUrlsIn } from './redact';
import type { ConfigKeyPath, ConfigSource } from './config-types';

/** A single value that failed its key's codec. */
export interface InvalidValueError {
  readonly kind: ValueProblem;
  /** The key path (or a section name, when a section is not a table). */
  readonly path: string;
  /** The offending value (secrets redacted). */
  readonly value: unknown;
  /** What a valid value looks like, e.g. `integer 0..65535`. */
  readonly expected: string;
  readonly source: ConfigSource;
}

/** A key, section or variable that does not exist. */
export interface UnknownKeyError {
  readonly kind: 'unknown_key';
  /** The name as written: a dotted path, or an environment variable name. */
  readonly path: string;
  /** The closest valid name, in the same vocabulary as `path`. */
  readonly suggestion: string | undefined;
  readonly source: ConfigSource;
}

/** Values that are valid alone but not together. */
export interface CrossFieldError {
  readonly kind: 'cross_field';
  readonly rule: string;
  readonly paths: readonly ConfigKeyPath[];
  readonly message: string;
  /** The source of each of `paths`, same order. */
  readonly sources: readonly ConfigSource[];
}

/** The TOML file does not parse. */
export interface TomlSyntaxError {
  readonly kind: 'toml_syntax';
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly message: string;
}

/** The TOML file cannot be read. */
export interface UnreadableFileError {
  readonly kind: 'unreadable_file';
  readonly file: string;
  readonly message: string;
}

/** A malformed config flag on the command line. */
export interface BadFlagError {
  readonly kind: 'bad_flag';
  readonly flag: string;
  readonly message: string;
}

/** Anything that makes a configuration invalid. */
export type ConfigError = InvalidValueError | UnknownKeyError | CrossFieldError | TomlSyntaxError | UnreadableFileError | BadFlagError;

/** Where a value came from, as a short human string: `atlas.toml:12`, `env ATLAS_SERVER_PORT`. */
export function formatSource(source: ConfigSource): string {
  switch (source.kind) {
    case 'default':
      return 'default';
    case 'file':
      return source.line === undefined ? source.file : `${source.file}:${source.line}`;
    case 'env':
      return `env ${source.name}`;
    case 'cli':
      return `flag ${source.flag}`;
    case 'override':
      return 'override';
  }
}

/** A value as it appears in an error message. */
export function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}`;
  if (value instanceof Date) return value.toISOString();
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

const PROBLEM_TEXT: Record<ValueProblem, string> = {
  wrong_type: 'wrong type',
  out_of_range: 'out of range',
  bad_enum: 'not one of the allowed values',
  bad_format: 'bad format',
};

/** One error as one line: `<where>: <key>: <what is wrong>`; no URL's userinfo survives in it. */
export function formatConfigError(error: ConfigError): string {
  return redactUrlsIn(describeConfigError(error));
}

function describeConfigError(error: ConfigError): string {
  switch (error.kind) {
    case 'unknown_key': {
      const hint = error.suggestion === undefined ? '' : `; did you mean ${error.suggestion}?`;
      return `${formatSource(error.source)}: unknown key ${error.path}${hint}`;
    }
    case 'cross_field': {
      const set = [...new Set(error.sources.filter((s) => s.kind !== 'default').map(formatSource))];
      const from = error.paths.map((path, i) => `${path} from ${formatSource(error.sources[i] ?? { kind: 'default' })}`);
      return `${set.length > 0 ? set.join(', ') : 'default'}: ${error.message} (${from.join(', ')})`;
    }
    case 'toml_syntax':
      return `${error.file}:${error.line}:${error.column}: TOML syntax error: ${error.message}`;
    case 'unreadable_file':
      return `${error.file}: cannot read config file: ${error.message}`;
    case 'bad_flag':
      return `flag ${error.flag}: ${error.message}`;
    default:
      return `${formatSource(error.source)}: ${error.path}: invalid value ${formatValue(error.value)} (${PROBLEM_TEXT[error.kind]}), expected ${error.expected}`;
  }
}

/** Every error, one per line, under a count: what `--check-config` prints. */
export function formatConfigErrors(errors: readonly ConfigError[]): string {
  const title = errors.length === 1 ? '1 configuration error:' : `${errors.length} configuration errors:`;
  return [title, ...errors.map((e) => `  ${formatConfigError(e)}`)].join('\n');
}
