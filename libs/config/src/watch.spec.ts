import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadConfig,
  watchConfig,
  type ConfigChangeEvent,
  type ConfigRejectedEvent,
  type ConfigRestartRequiredEvent,
  type ConfigWatcher,
  type ConfigWatchEvents,
  type LoadedConfig,
  type WatchOptions,
} from './index';

const BASE = '[logging]\nlevel = "info"\n\n[spatial]\npreload_distance = 100\ntransfer_distance = 50\n\n[server]\nport = 8000\n';

describe('watchConfig (hot reload)', () => {
  let dir: string;
  let file: string;
  let watcher: ConfigWatcher | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atlas-config-watch-'));
    file = join(dir, 'atlas.toml');
    writeFileSync(file, BASE);
  });
  afterEach(() => {
    watcher?.close();
    watcher = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  function start(options: Partial<WatchOptions> = {}): ConfigWatcher {
    const loadOptions = { file, env: {}, ...options };
    const loaded = loadConfig(loadOptions);
    if (isLeft(loaded)) throw new Error(JSON.stringify(loaded.left));
    watcher = watchConfig(loaded.right, { debounceMs: 20, ...loadOptions });
    return watcher;
  }

  function next<E extends keyof ConfigWatchEvents>(w: ConfigWatcher, event: E, timeoutMs = 5000): Promise<ConfigWatchEvents[E]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} event within ${timeoutMs} ms`)), timeoutMs);
      const listener = (payload: ConfigWatchEvents[E]) => {
        clearTimeout(timer);
        w.off(event, listener);
        resolve(payload);
      };
      w.on(event, listener);
    });
  }

  it('applies a changed reloadable key when the file changes, emitting only that key', async () => {
    const w = start();
    const change = next(w, 'change');
    writeFileSync(file, BASE.replace('level = "info"', 'level = "debug"'));
    const event: ConfigChangeEvent = await change;
    expect(event.changes).toEqual([
      { path: 'logging.level', previous: 'info', next: 'debug', source: { kind: 'file', file, line: 2 }, reloadable: true },
    ]);
    expect(event.previous.logging.level).toBe('info');
    expect(event.config.logging.level).toBe('debug');
    expect(w.current.config.logging.level).toBe('debug');
    expect(w.current.config.server.port).toBe(8000);
  });

  it('follows an editor that saves by writing a new file and renaming it over the old one', async () => {
    const w = start();
    const change = next(w, 'change');
    writeFileSync(join(dir, 'atlas.toml.tmp'), BASE.replace('preload_distance = 100', 'preload_distance = 120'));
    renameSync(join(dir, 'atlas.toml.tmp'), file);
    expect((await change).changes.map((c) => [c.path, c.next])).toEqual([['spatial.preload_distance', 120]]);
  });

  it('refuses a broken file, says why, and keeps the running config', async () => {
    const w = start();
    const rejected = next(w, 'rejected');
    writeFileSync(file, BASE.replace('level = "info"', 'level = "loud"').replace('transfer_distance = 50', 'transfer_distance = 500'));
    const event: ConfigRejectedEvent = await rejected;
    expect(event.errors.map((e) => e.kind)).toEqual(['bad_enum', 'cross_field']);
    expect(w.current.config.logging.level).toBe('info');

    const syntax = next(w, 'rejected');
    writeFileSync(file, '[logging\n');
    expect((await syntax).errors).toEqual([expect.objectContaining({ kind: 'toml_syntax', line: 1 })]);
    expect(w.current.config.spatial.transfer_distance).toBe(50);
  });

  it('reports a non-reloadable change as needing a restart and does not apply it', async () => {
    const w = start();
    const restart = next(w, 'restart-required');
    const change = next(w, 'change');
    writeFileSync(file, BASE.replace('port = 8000', 'port = 8001').replace('level = "info"', 'level = "warn"'));
    const event: ConfigRestartRequiredEvent = await restart;
    expect(event.changes.map((c) => [c.path, c.previous, c.next, c.reloadable])).toEqual([['server.port', 8000, 8001, false]]);
    expect((await change).changes.map((c) => c.path)).toEqual(['logging.level']);
    expect(w.current.config.server.port).toBe(8000);
    expect(w.current.config.logging.level).toBe('warn');
  });

  it('reload() re-reads on demand (SIGHUP) and returns the outcome', () => {
    const w = start({ watchFile: false });
    const changes: ConfigChangeEvent[] = [];
    w.on('change', (e) => changes.push(e));
    writeFileSync(file, BASE.replace('transfer_distance = 50', 'transfer_distance = 20'));
    const result = w.reload();
    expect(isRight(result) && result.right.changes.map((c) => c.path)).toEqual(['spatial.transfer_distance']);
    expect(changes).toHaveLength(1);
    expect(w.current.sources['spatial.transfer_distance']).toEqual({ kind: 'file', file, line: 6 });

    const unchanged = w.reload();
    expect(isRight(unchanged) && unchanged.right.changes).toEqual([]);
    expect(changes).toHaveLength(1);
  });

  it('keeps environment and flag overrides above the reloaded file', () => {
    const w = start({ watchFile: false, env: { ATLAS_LOGGING_LEVEL: 'error' } });
    writeFileSync(file, BASE.replace('level = "info"', 'level = "debug"'));
    const result = w.reload();
    expect(isRight(result) && result.right.changes).toEqual([]);
    expect(w.current.config.logging.level).toBe('error');
  });

  it('refuses reloadable values that break a rule together with the running config', () => {
    const w = start({ watchFile: false });
    writeFileSync(file, BASE.replace('preload_distance = 100', 'preload_distance = 40').replace('transfer_distance = 50', 'transfer_distance = 60'));
    const result = w.reload();
    expect(isLeft(result) && result.left.map((e) => e.kind)).toEqual(['cross_field']);
    expect(w.current.config.spatial.preload_distance).toBe(100);
  });

  it('stops after close(): no events, no timers, idempotent', async () => {
    const w = start();
    const seen: string[] = [];
    w.on('change', () => seen.push('change'));
    w.close();
    w.close();
    writeFileSync(file, BASE.replace('level = "info"', 'level = "debug"'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen).toEqual([]);
  });

  it('works without a file: reload() finds nothing to change', () => {
    const loaded = loadConfig({ env: {} });
    if (isLeft(loaded)) throw new Error('unreachable');
    const initial: LoadedConfig = loaded.right;
    watcher = watchConfig(initial, { env: {} });
    const result = watcher.reload();
    expect(isRight(result) && result.right.current.config).toEqual(initial.config);
  });
});
