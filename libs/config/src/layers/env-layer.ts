// The environment layer: `ATLAS_<SECTION>_<KEY>` for every key, plus the
// original Horizon names. A misspelt variable inside a known section's prefix
// is an error (it was surely meant for us); other ATLAS_* names are left alone,
// since other tools may use that prefix too.
import { coerceString } from '../coerce';
import { didYouMean } from '../did-you-mean';
import type { ConfigError } from '../errors';
import { CONFIG_KEYS, CONFIG_SECTIONS, deprecationOf, type ConfigKeyInfo } from '../keys';
import type { Layer, RawEntry } from './layer';

/** The environment variable that names the TOML file. */
export const CONFIG_FILE_ENV = 'ATLAS_CONFIG';

const BY_NAME = new Map<string, ConfigKeyInfo>(CONFIG_KEYS.map((info) => [info.env, info]));
const BY_ALIAS = new Map<string, ConfigKeyInfo>(CONFIG_KEYS.flatMap((info) => info.envAliases.map((alias) => [alias, info] as const)));
const SECTION_PREFIXES = CONFIG_SECTIONS.map((section) => `ATLAS_${section.toUpperCase()}_`);

/** Reads the config variables of an environment into a layer. */
export function envLayer(env: Readonly<Record<string, string | undefined>>): Layer {
  const aliases: RawEntry[] = [];
  const entries: RawEntry[] = [];
  const errors: ConfigError[] = [];
  for (const [name, raw] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (raw === undefined) continue;
    const info = BY_NAME.get(name) ?? BY_ALIAS.get(name);
    if (info !== undefined) {
      const entry = { path: info.path, value: coerceString(info.codec.kind, raw), source: { kind: 'env', name }, deprecated: deprecationOf(name, info.path) } as const;
      // An alias loses to the ATLAS_ name of the same key: aliases go first, so later entries win.
      (BY_NAME.has(name) ? entries : aliases).push(entry);
    } else if (SECTION_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      errors.push({ kind: 'unknown_key', path: name, suggestion: didYouMean(name, BY_NAME.keys()), source: { kind: 'env', name } });
    }
  }
  return { entries: [...aliases, ...entries], errors };
}
