// Hot reload. The watcher re-reads the file when it changes (debounced; the
// directory is watched so editors that save by rename are seen) or when
// `reload()` is called (SIGHUP). Only keys marked reloadable are applied; other
// changes are reported as needing a restart, and a broken file is refused while
// the running config stays in force.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { AtlasConfig, ConfigKeyPath, ConfigSource, LoadedConfig } from './config-types';
import { diffConfig, type KeyChange } from './diff';
import type { ConfigError } from './errors';
import { buildConfig, CONFIG_KEYS, getConfigValue } from './keys';
import { loadConfig, type LoadOptions } from './load';
import { checkCrossField } from './resolve';

/** Options of {@link watchConfig}: the same inputs as the initial load, plus timing. */
export interface WatchOptions extends LoadOptions {
  /** Milliseconds of quiet after a file event before re-reading (editors write in bursts). Default 100. */
  readonly debounceMs?: number;
  /** Watch the file system (default true); false leaves only `reload()`. */
  readonly watchFile?: boolean;
}

/** Reloadable keys that changed and were applied. */
export interface ConfigChangeEvent {
  readonly config: AtlasConfig;
  readonly previous: AtlasConfig;
  readonly changes: readonly KeyChange[];
}

/** Non-reloadable keys that changed in the file: not applied, they need a restart. */
export interface ConfigRestartRequiredEvent {
  readonly changes: readonly KeyChange[];
}

/** A new file that was refused; the running config is unchanged. */
export interface ConfigRejectedEvent {
  readonly errors: readonly ConfigError[];
}

/** Event name to payload. */
export interface ConfigWatchEvents {
  change: ConfigChangeEvent;
  'restart-required': ConfigRestartRequiredEvent;
  rejected: ConfigRejectedEvent;
}

/** What one reload did. */
export interface ConfigReload {
  /** The config now in force. */
  readonly current: LoadedConfig;
  /** Reloadable keys applied (maybe none). */
  readonly changes: readonly KeyChange[];
  /** Changed keys that need a restart (maybe none). */
  readonly restartRequired: readonly KeyChange[];
}

/** A running config that follows its file. */
export interface ConfigWatcher {
  /** The config in force: the initial one plus every applied reloadable change. */
  readonly current: LoadedConfig;
  /** Re-reads now (e.g. on SIGHUP) and emits the outcome; returns it too. */
  reload(): Either<ConfigError[], ConfigReload>;
  on<E extends keyof ConfigWatchEvents>(event: E, listener: (payload: ConfigWatchEvents[E]) => void): ConfigWatcher;
  off<E extends keyof ConfigWatchEvents>(event: E, listener: (payload: ConfigWatchEvents[E]) => void): ConfigWatcher;
  /** Stops watching and drops all listeners. Idempotent. */
  close(): void;
}

type Listener = (payload: never) => void;

/**
 * Watches `initial.file` and reloads with `options` (pass the options `initial` was
 * loaded with). The environment is snapshotted now: a reload re-reads the file only.
 */
export function watchConfig(initial: LoadedConfig, options: WatchOptions = {}): ConfigWatcher {
  const loadOptions: LoadOptions = { ...options, env: { ...(options.env ?? process.env) } };
  const listeners: { [E in keyof ConfigWatchEvents]: Set<Listener> } = { change: new Set(), 'restart-required': new Set(), rejected: new Set() };
  let current = initial;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fsWatcher: FSWatcher | undefined;

  function emit<E extends keyof ConfigWatchEvents>(event: E, payload: ConfigWatchEvents[E]): void {
    for (const listener of [...listeners[event]]) (listener as (p: ConfigWatchEvents[E]) => void)(payload);
  }

  function reject(errors: ConfigError[]): Either<ConfigError[], ConfigReload> {
    emit('rejected', { errors });
    return left(errors);
  }

  function reload(): Either<ConfigError[], ConfigReload> {
    const loaded = loadConfig(loadOptions);
    if (loaded._tag === 'Left') return reject(loaded.left);
    const all = diffConfig(current.config, loaded.right.config, loaded.right.sources);
    const changes = all.filter((c) => c.reloadable);
    const restartRequired = all.filter((c) => !c.reloadable);
    if (changes.length > 0) {
      const applied = new Map<ConfigKeyPath, KeyChange>(changes.map((c) => [c.path, c]));
      const config = buildConfig(new Map(CONFIG_KEYS.map((k) => [k.path, applied.has(k.path) ? applied.get(k.path)?.next : getConfigValue(current.config, k.path)])));
      const sources = Object.fromEntries(CONFIG_KEYS.map((k) => [k.path, applied.get(k.path)?.source ?? current.sources[k.path]])) as Record<ConfigKeyPath, ConfigSource>;
      // Mixing new reloadable values with old non-reloadable ones must still make sense.
      const crossErrors = checkCrossField(config, (path) => sources[path]);
      if (crossErrors.length > 0) return reject(crossErrors);
      const previous = current.config;
      current = Object.freeze({ config, sources: Object.freeze(sources), file: current.file });
      emit('change', { config, previous, changes });
    }
    if (restartRequired.length > 0) emit('restart-required', { changes: restartRequired });
    return right({ current, changes, restartRequired });
  }

  if (options.watchFile !== false && initial.file !== undefined) {
    const file = initial.file;
    fsWatcher = watch(dirname(file), { persistent: false }, (_event, name) => {
      if (name !== null && name !== basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(reload, options.debounceMs ?? 100);
    });
    fsWatcher.on('error', (e) => reject([{ kind: 'unreadable_file', file, message: `watching failed: ${e.message}` }]));
  }

  const watcher: ConfigWatcher = {
    get current() {
      return current;
    },
    reload,
    on(event, listener) {
      listeners[event].add(listener as Listener);
      return watcher;
    },
    off(event, listener) {
      listeners[event].delete(listener as Listener);
      return watcher;
    },
    close() {
      clearTimeout(timer);
      fsWatcher?.close();
      fsWatcher = undefined;
      for (const set of Object.values(listeners)) set.clear();
    },
  };
  return watcher;
}
