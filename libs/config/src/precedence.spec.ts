import { isLeft } from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type LoadedConfig, type LoadOptions } from './index';

describe('precedence: defaults < TOML file < environment < CLI flags < overrides', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-config-precedence-'));
  const file = join(dir, 'atlas.toml');
  const other = join(dir, 'other.toml');
  writeFileSync(file, '[server]\nport = 1001\nmax_connections = 5\n\n[logging]\nlevel = "warn"\n');
  writeFileSync(other, '[server]\nport = 2002\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function load(options: LoadOptions): LoadedConfig {
    const result = loadConfig({ env: {}, ...options });
    if (isLeft(result)) throw new Error(JSON.stringify(result.left));
    return result.right;
  }

  it('the file beats the defaults, naming file and line', () => {
    const loaded = load({ file });
    expect(loaded.config.server.port).toBe(1001);
    expect(loaded.sources['server.port']).toEqual({ kind: 'file', file, line: 2 });
    expect(loaded.sources['server.address']).toEqual({ kind: 'default' });
    expect(loaded.file).toBe(file);
  });

  it('the environment beats the file', () => {
    const loaded = load({ file, env: { ATLAS_SERVER_PORT: '3003' } });
    expect(loaded.config.server.port).toBe(3003);
    expect(loaded.config.server.max_connections).toBe(5);
    expect(loaded.sources['server.port']).toEqual({ kind: 'env', name: 'ATLAS_SERVER_PORT' });
  });

  it('CLI flags beat the environment, in both --set forms', () => {
    const loaded = load({ file, env: { ATLAS_SERVER_PORT: '3003', ATLAS_LOGGING_LEVEL: 'error' }, argv: ['--set', 'server.port=4004', '--set=logging.level=debug'] });
    expect(loaded.config.server.port).toBe(4004);
    expect(loaded.config.logging.level).toBe('debug');
    expect(loaded.sources['server.port']).toEqual({ kind: 'cli', flag: '--set server.port' });
  });

  it('a later --set beats an earlier one', () => {
    expect(load({ argv: ['--set', 'server.port=1', '--set', 'server.port=2'] }).config.server.port).toBe(2);
  });

  it('code overrides beat everything', () => {
    const loaded = load({ file, env: { ATLAS_SERVER_PORT: '3003' }, argv: ['--set', 'server.port=4004'], overrides: { server: { port: 0 } } });
    expect(loaded.config.server.port).toBe(0);
    expect(loaded.sources['server.port']).toEqual({ kind: 'override' });
  });

  it('reads the file named by ATLAS_CONFIG, relative to cwd', () => {
    const loaded = load({ cwd: dir, env: { ATLAS_CONFIG: 'atlas.toml' } });
    expect(loaded.config.server.port).toBe(1001);
    expect(loaded.file).toBe(file);
    expect(loaded.sources['server.port']).toEqual({ kind: 'file', file: 'atlas.toml', line: 2 });
  });

  it('--config beats ATLAS_CONFIG, in both forms', () => {
    expect(load({ env: { ATLAS_CONFIG: file }, argv: ['--config', other] }).config.server.port).toBe(2002);
    expect(load({ env: { ATLAS_CONFIG: file }, argv: [`--config=${other}`] }).config.server.port).toBe(2002);
  });

  it('the file option beats --config', () => {
    expect(load({ file, argv: ['--config', other] }).config.server.port).toBe(1001);
  });

  it('ignores arguments that are not config flags', () => {
    expect(load({ argv: ['--demo', '--print-config', 'x', '--set', 'server.port=5'] }).config.server.port).toBe(5);
  });
});
