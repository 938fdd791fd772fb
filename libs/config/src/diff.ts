import type { AtlasConfig, ConfigKeyPath, ConfigSource } from './config-types';
import { CONFIG_KEYS, getConfigValue } from './keys';

/** One key whose value differs between two configs. */
export interface KeyChange {
  readonly path: ConfigKeyPath;
  readonly previous: unknown;
  readonly next: unknown;
  /** Where the new value came from. */
  readonly source: ConfigSource;
  readonly reloadable: boolean;
}

/** The keys whose values differ from `previous` to `next`, in documentation order. */
export function diffConfig(
  previous: AtlasConfig,
  next: AtlasConfig,
  sources: Readonly<Record<ConfigKeyPath, ConfigSource>>,
): KeyChange[] {
  return CONFIG_KEYS.flatMap((info) => {
    const before = getConfigValue(previous, info.path);
    const after = getConfigValue(next, info.path);
    return Object.is(before, after) ? [] : [{ path: info.path, previous: before, next: after, source: sources[info.path], reloadable: info.reloadable }];
  });
}
