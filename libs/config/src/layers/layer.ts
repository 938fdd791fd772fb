import type { ConfigKeyPath, ConfigSource } from '../config-types';
import type { ConfigError } from '../errors';

/** A value for one key from one source, not yet validated. */
export interface RawEntry {
  readonly path: ConfigKeyPath;
  readonly value: unknown;
  readonly source: ConfigSource;
  /** The deprecated name this value was given under, as a warning. */
  readonly deprecated?: string;
}

/** What one source (file, environment, flags) contributes: values and structural errors. */
export interface Layer {
  readonly entries: readonly RawEntry[];
  readonly errors: readonly ConfigError[];
}

/** A layer with nothing in it. */
export const EMPTY_LAYER: Layer = { entries: [], errors: [] };
