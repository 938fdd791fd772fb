// The flat key table: one row per key, derived from the schema. Loaders, docs
// and the CLI iterate this instead of walking the nested schema.
import type { ValueCodec } from './codecs';
import type { AtlasConfig, ConfigKeyPath, ConfigSection } from './config-types';
import { SCHEMA, type KeySpec, type Redaction } from './schema';

/** Metadata of one config key. */
export interface ConfigKeyInfo {
  /** Dotted path, e.g. `server.port`. */
  readonly path: ConfigKeyPath;
  readonly section: ConfigSection;
  readonly key: string;
  /** What a valid value looks like, e.g. `integer 0..65535`. */
  readonly type: string;
  readonly codec: ValueCodec<unknown>;
  readonly default: unknown;
  /** The default as documented (TOML syntax, or a description when computed). */
  readonly defaultText: string;
  /** Whether a hot reload applies a change without a restart. */
  readonly reloadable: boolean;
  /** Whether (part of) the value is hidden when printed. */
  readonly redact: Redaction;
  /** `ATLAS_<SECTION>_<KEY>`. */
  readonly env: string;
  /** Other accepted environment names (`HORIZON_*`). */
  readonly envAliases: readonly string[];
  readonly doc: string;
}

/** Renders a value in TOML syntax (strings quoted, numbers and booleans bare). */
export function tomlValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The section names, in documentation order. */
export const CONFIG_SECTIONS = Object.keys(SCHEMA) as readonly ConfigSection[];

/** Every key, in documentation order. */
export const CONFIG_KEYS: readonly ConfigKeyInfo[] = CONFIG_SECTIONS.flatMap((section) =>
  Object.entries(SCHEMA[section] as unknown as Record<string, KeySpec<unknown>>).map(([key, spec]): ConfigKeyInfo => ({
    path: `${section}.${key}` as ConfigKeyPath,
    section,
    key,
    type: spec.codec.name,
    codec: spec.codec,
    default: spec.default,
    defaultText: spec.defaultText ?? tomlValue(spec.default),
    reloadable: spec.reloadable,
    redact: spec.redact,
    env: `ATLAS_${section}_${key}`.toUpperCase(),
    envAliases: spec.envAliases,
    doc: spec.doc,
  })),
);

const BY_PATH = new Map<string, ConfigKeyInfo>(CONFIG_KEYS.map((info) => [info.path, info]));

/** Old key names still read as their new key (a warning names the new one). */
export const DEPRECATED_KEYS: ReadonlyMap<string, ConfigKeyPath> = new Map<string, ConfigKeyPath>([['security.enable_encryption', 'security.require_encryption']]);

/** The metadata of a key path (a deprecated name gives its new key's), or undefined when no such key exists. */
export function keyInfo(path: string): ConfigKeyInfo | undefined {
  return BY_PATH.get(path) ?? BY_PATH.get(DEPRECATED_KEYS.get(path) ?? '');
}

/** The warning for a deprecated name, or undefined for a current one. */
export function deprecationOf(name: string, path: ConfigKeyPath): string | undefined {
  if (name === path || name.startsWith('HORIZON_') || name === keyInfo(path)?.env) return undefined;
  return `${name} is deprecated: use ${path}${name.startsWith('ATLAS_') ? ` (${keyInfo(path)?.env})` : ''}`;
}

/** Whether `path` names a config key. */
export function isConfigKeyPath(path: string): path is ConfigKeyPath {
  return BY_PATH.has(path);
}

/** Reads one value from a config by key path. */
export function getConfigValue(config: AtlasConfig, path: ConfigKeyPath): unknown {
  const [section, key] = path.split('.') as [ConfigSection, string];
  return (config[section] as unknown as Record<string, unknown>)[key];
}

/** The default config: a working single node on the in-memory store. */
export const DEFAULT_CONFIG: AtlasConfig = buildConfig(new Map(CONFIG_KEYS.map((info) => [info.path, info.default])));

/** Builds a frozen config from a value per key path (every key must be present). */
export function buildConfig(values: ReadonlyMap<ConfigKeyPath, unknown>): AtlasConfig {
  const config: Record<string, Record<string, unknown>> = {};
  for (const info of CONFIG_KEYS) (config[info.section] ??= {})[info.key] = values.get(info.path);
  for (const section of Object.values(config)) Object.freeze(section);
  return Object.freeze(config) as unknown as AtlasConfig;
}
