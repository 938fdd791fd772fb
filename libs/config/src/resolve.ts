// Merges layers over the defaults: every value is decoded by its key's io-ts
// codec (all errors kept), later layers win, then cross-field rules run on the
// result. Rules touching a key that had an invalid value are skipped, so one
// mistake is reported once, not again as a confusing consequence.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { problemOf } from './codecs';
import type { AtlasConfig, ConfigKeyPath, ConfigSource, ConfigSources, LoadedConfig } from './config-types';
import type { ConfigError, CrossFieldError } from './errors';
import { buildConfig, CONFIG_KEYS, keyInfo } from './keys';
import type { Layer } from './layers/layer';
import { redactUserinfo, redactValue } from './redact';
import { CROSS_FIELD_RULES } from './rules';

const DEFAULT_SOURCE: ConfigSource = Object.freeze({ kind: 'default' });

/** Validates and merges `layers` (lowest precedence first) over the defaults. */
export function resolveLayers(layers: readonly Layer[], file: string | undefined): Either<ConfigError[], LoadedConfig> {
  const values = new Map<ConfigKeyPath, unknown>(CONFIG_KEYS.map((info) => [info.path, info.default]));
  const sources = new Map<ConfigKeyPath, ConfigSource>(CONFIG_KEYS.map((info) => [info.path, DEFAULT_SOURCE]));
  const errors: ConfigError[] = [];
  const invalid = new Set<ConfigKeyPath>();
  const warnings = new Set<string>();

  for (const layer of layers) {
    const layerErrors: ConfigError[] = [...layer.errors];
    for (const entry of layer.entries) {
      const info = keyInfo(entry.path);
      if (info === undefined) continue;
      if (entry.deprecated !== undefined) warnings.add(entry.deprecated);
      const decoded = info.codec.decode(entry.value);
      if (decoded._tag === 'Right') {
        values.set(entry.path, decoded.right);
        sources.set(entry.path, entry.source);
      } else {
        invalid.add(entry.path);
        const first = decoded.left[0];
        layerErrors.push({
          kind: first === undefined ? 'wrong_type' : problemOf(first),
          path: entry.path,
          value: redactInvalid(entry.path, entry.value),
          expected: info.type,
          source: entry.source,
        });
      }
    }
    errors.push(...layerErrors.sort((a, b) => lineOfError(a) - lineOfError(b)));
  }

  const config = buildConfig(values);
  errors.push(...checkCrossField(config, (path) => sources.get(path) ?? DEFAULT_SOURCE, invalid));
  if (errors.length > 0) return left(errors);
  return right(Object.freeze({ config, sources: Object.freeze(Object.fromEntries(sources)) as ConfigSources, file, warnings: [...warnings] }));
}

/** The cross-field rules `config` breaks, skipping rules over any key in `skip`. */
export function checkCrossField(
  config: AtlasConfig,
  sourceOf: (path: ConfigKeyPath) => ConfigSource,
  skip: ReadonlySet<ConfigKeyPath> = new Set(),
): CrossFieldError[] {
  return CROSS_FIELD_RULES.flatMap((rule) => {
    if (rule.paths.some((path) => skip.has(path))) return [];
    const message = rule.check(config);
    return message === undefined ? [] : [{ kind: 'cross_field', rule: rule.id, paths: rule.paths, message, sources: rule.paths.map(sourceOf) } as const];
  });
}

/** The file line an error points at, for ordering a file's errors as they appear (others keep their order). */
function lineOfError(error: ConfigError): number {
  if (error.kind === 'toml_syntax') return error.line;
  if ('source' in error && error.source.kind === 'file') return error.source.line ?? 0;
  return 0;
}

/** An invalid value as its error shows it: a malformed URL cannot be parsed, so all its userinfo goes. */
function redactInvalid(path: ConfigKeyPath, value: unknown): unknown {
  return keyInfo(path)?.redact === 'url-password' && typeof value === 'string' ? redactUserinfo(value) : redactValue(path, value);
}
