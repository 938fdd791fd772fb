// loadConfig: defaults < TOML file < environment < CLI flags < code overrides.
import type { Either } from 'fp-ts/lib/Either.js';
import { isAbsolute, resolve } from 'node:path';
import type { ConfigOverrides, LoadedConfig } from './config-types';
import { didYouMean } from './did-you-mean';
import type { ConfigError } from './errors';
import { CONFIG_KEYS, isConfigKeyPath } from './keys';
import { parseConfigArgs } from './layers/cli-layer';
import { CONFIG_FILE_ENV, envLayer } from './layers/env-layer';
import { fileLayer } from './layers/file-layer';
import { EMPTY_LAYER, type Layer, type RawEntry } from './layers/layer';
import { resolveLayers } from './resolve';

/** Inputs of {@link loadConfig}; everything is optional. */
export interface LoadOptions {
  /**
   * Command-line arguments (after the script name); `--config` and `--set` are read,
   * the rest ignored. Defaults to none: pass `process.argv.slice(2)` explicitly, since a
   * library cannot know whose arguments `process.argv` holds (test runners have their own).
   */
  readonly argv?: readonly string[];
  /** Environment variables. Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative file paths are resolved against. Defaults to `process.cwd()`. */
  readonly cwd?: string;
  /** The TOML file; takes precedence over `--config` and `ATLAS_CONFIG`. */
  readonly file?: string;
  /** Values set in code, above every other source (validated the same way). */
  readonly overrides?: ConfigOverrides;
}

/** The TOML file `options` select (`file` > `--config` > `ATLAS_CONFIG`), as given. */
export function selectedConfigFile(options: LoadOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const fromEnv = env[CONFIG_FILE_ENV];
  return options.file ?? parseConfigArgs(options.argv ?? []).file ?? (fromEnv === '' ? undefined : fromEnv);
}

function overridesLayer(overrides: ConfigOverrides): Layer {
  const entries: RawEntry[] = [];
  const errors: ConfigError[] = [];
  for (const [section, body] of Object.entries(overrides)) {
    for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
      const path = `${section}.${key}`;
      if (isConfigKeyPath(path)) entries.push({ path, value, source: { kind: 'override' } });
      else if (value !== undefined) {
        errors.push({ kind: 'unknown_key', path, suggestion: didYouMean(path, CONFIG_KEYS.map((k) => k.path)), source: { kind: 'override' } });
      }
    }
  }
  return { entries: entries.filter((e) => e.value !== undefined), errors };
}

/**
 * Loads the effective configuration: defaults, then the TOML file, then the
 * environment, then CLI flags, then `overrides`. Returns every error at once, or
 * the frozen config with the source of each value.
 */
export function loadConfig(options: LoadOptions = {}): Either<ConfigError[], LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const cli = parseConfigArgs(options.argv ?? []);
  const file = selectedConfigFile(options);
  const absolute = file === undefined ? undefined : isAbsolute(file) ? file : resolve(cwd, file);
  const layers = [
    absolute === undefined || file === undefined ? EMPTY_LAYER : fileLayer(absolute, file),
    envLayer(options.env ?? process.env),
    cli,
    options.overrides === undefined ? EMPTY_LAYER : overridesLayer(options.overrides),
  ];
  return resolveLayers(layers, absolute);
}
