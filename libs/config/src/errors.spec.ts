import { isRight } from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CROSS_FIELD_RULES, formatConfigError, formatConfigErrors, loadConfig, type ConfigError, type LoadOptions } from './index';

describe('errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-config-errors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  function errorsOf(toml: string | undefined, options: LoadOptions = {}): ConfigError[] {
    const file = toml === undefined ? undefined : join(dir, `c${n++}.toml`);
    if (file !== undefined && toml !== undefined) writeFileSync(file, toml);
    const result = loadConfig({ env: {}, ...(file === undefined ? {} : { file }), ...options });
    if (isRight(result)) throw new Error('expected errors');
    return result.left;
  }
  const at = (line: number) => ({ kind: 'file', file: join(dir, `c${n - 1}.toml`), line });

  it.each([
    'rediss//:hunter2@127.0.0.1:6379',
    'hunter2@127.0.0.1:6379',
    'redis://user:hunter2@[bad',
    'redis://:hunter2@host:99999',
    'http://admin:hunter2@host',
    'redis://x@y:hunter2@host:99999',
    'redis://host:99999/?password=hunter2',
  ])('a malformed redis URL never shows its password in the error (%s)', (url) => {
    const fromEnv = formatConfigErrors(errorsOf(undefined, { env: { ATLAS_CLUSTER_STORE: 'redis', ATLAS_CLUSTER_REDIS_URL: url } }));
    const fromFile = formatConfigErrors(errorsOf(`[cluster]\nstore = "redis"\nredis_url = ${JSON.stringify(url)}\n`));
    const fromFlag = formatConfigErrors(errorsOf(undefined, { argv: ['--set', 'cluster.store=redis', '--set', `cluster.redis_url=${url}`] }));
    for (const text of [fromEnv, fromFile, fromFlag]) {
      expect(text).toContain('cluster.redis_url: invalid value');
      expect(text).not.toContain('hunter2');
    }
  });

  it('hides the userinfo of any URL in any error line', () => {
    const line = formatConfigError({ kind: 'bad_flag', flag: '--set', message: 'cannot use redis://u:hunter2@h:1 or rediss://hunter2@h' });
    expect(line).toBe('flag --set: cannot use redis://<redacted>@h:1 or rediss://<redacted>@h');
  });

  it('wrong type, with the key path, value, expectation and file:line', () => {
    expect(errorsOf('# ports\n[server]\nport = "8080"\n')).toEqual([
      { kind: 'wrong_type', path: 'server.port', value: '8080', expected: 'integer 0..65535', source: at(3) },
    ]);
  });

  it('a float where an integer is expected is a wrong type', () => {
    expect(errorsOf('[limits]\nmax_frame_bytes = 1024.5\n')[0]).toMatchObject({ kind: 'wrong_type', path: 'limits.max_frame_bytes', value: 1024.5 });
  });

  it('a section that is not a table is a wrong type', () => {
    expect(errorsOf('server = 5\n')[0]).toMatchObject({ kind: 'wrong_type', path: 'server', expected: 'table [server]', source: at(1) });
  });

  it('out of range', () => {
    expect(errorsOf('[server]\nport = 70000\n[security]\npbkdf2_iterations = 1000\n')).toEqual([
      { kind: 'out_of_range', path: 'server.port', value: 70000, expected: 'integer 0..65535', source: at(2) },
      { kind: 'out_of_range', path: 'security.pbkdf2_iterations', value: 1000, expected: 'integer 100_000..10_000_000', source: at(4) },
    ]);
  });

  it('an integer too big for a number is out of range', () => {
    expect(errorsOf('[server]\nmax_connections = 99999999999999999999\n')[0]).toMatchObject({ kind: 'out_of_range', path: 'server.max_connections' });
  });

  it('bad enum', () => {
    expect(errorsOf('[compression]\nalgorithm = "zstd"\n')).toEqual([
      { kind: 'bad_enum', path: 'compression.algorithm', value: 'zstd', expected: '"lz4" | "deflate" | "none"', source: at(2) },
    ]);
  });

  it('bad format', () => {
    expect(errorsOf('[cluster]\nredis_url = "http://example.com"\nnode_id = "-x"\n').map((e) => [e.kind, 'path' in e && e.path])).toEqual([
      ['bad_format', 'cluster.redis_url'],
      ['bad_format', 'cluster.node_id'],
    ]);
  });

  it('bad tracing endpoint, headers and sample ratio', () => {
    expect(errorsOf('[tracing]\nendpoint = "grpc://collector:4317"\nheaders = "no-equals-sign"\nsample_ratio = 1.5\n').map((e) => [e.kind, 'path' in e && e.path])).toEqual([
      ['bad_format', 'tracing.endpoint'],
      ['bad_format', 'tracing.headers'],
      ['out_of_range', 'tracing.sample_ratio'],
    ]);
  });

  it('unknown key in a known section, with a did-you-mean in the same section', () => {
    expect(errorsOf('[server]\nprot = 1\n')).toEqual([{ kind: 'unknown_key', path: 'server.prot', suggestion: 'server.port', source: at(2) }]);
  });

  it('unknown key that lives in another section suggests that section', () => {
    expect(errorsOf('[server]\nnode_id = "a"\n')[0]).toMatchObject({ kind: 'unknown_key', path: 'server.node_id', suggestion: 'cluster.node_id' });
  });

  it('unknown section with a did-you-mean, and a stray top-level key', () => {
    expect(errorsOf('port = 1\n[sptial]\npreload_distance = 1\n')).toEqual([
      { kind: 'unknown_key', path: 'port', suggestion: 'server.port', source: at(1) },
      { kind: 'unknown_key', path: 'sptial', suggestion: 'spatial', source: at(2) },
    ]);
  });

  it('unknown key with nothing close has no suggestion', () => {
    expect(errorsOf('[logging]\nzzzzzzzzzzzz = 1\n')[0]).toMatchObject({ kind: 'unknown_key', suggestion: undefined });
  });

  it('unknown --set key and malformed flags', () => {
    expect(errorsOf(undefined, { argv: ['--set', 'server.prot=1', '--set', 'oops', '--config'] })).toEqual([
      { kind: 'unknown_key', path: 'server.prot', suggestion: 'server.port', source: { kind: 'cli', flag: '--set server.prot' } },
      { kind: 'bad_flag', flag: '--set oops', message: 'expected section.key=value, e.g. --set server.port=9000' },
      { kind: 'bad_flag', flag: '--config', message: 'needs a file path' },
    ]);
  });

  it('unknown override key', () => {
    expect(errorsOf(undefined, { overrides: { server: { prot: 1 } as never } })[0]).toMatchObject({ kind: 'unknown_key', path: 'server.prot', suggestion: 'server.port' });
  });

  it('TOML syntax error with line and column', () => {
    expect(errorsOf('[server]\nport = 80\naddress = \n')).toEqual([
      expect.objectContaining({ kind: 'toml_syntax', file: join(dir, `c${n - 1}.toml`), line: 3, column: 11 }),
    ]);
    expect(errorsOf('[server]\nport = 80\n[server]\n')[0]).toMatchObject({ kind: 'toml_syntax', line: 3 });
  });

  it('a missing file', () => {
    expect(errorsOf(undefined, { file: join(dir, 'missing.toml') })).toEqual([
      { kind: 'unreadable_file', file: join(dir, 'missing.toml'), message: 'no such file' },
    ]);
  });

  it('reports every error at once, across file, environment and flags', () => {
    const errors = errorsOf('[server]\nport = -1\nadress = "x"\n[logging]\nlevel = 3\n', {
      env: { ATLAS_LIMITS_IDLE_TIMEOUT: 'soon' },
      argv: ['--set', 'admin.port=x'],
    });
    expect(errors.map((e) => e.kind)).toEqual(['out_of_range', 'unknown_key', 'wrong_type', 'wrong_type', 'wrong_type']);
  });

  it('a syntax error does not hide environment errors', () => {
    expect(errorsOf('[server\n', { env: { ATLAS_SERVER_PORT: 'x' } }).map((e) => e.kind)).toEqual(['toml_syntax', 'wrong_type']);
  });

  describe('cross-field rules', () => {
    const cases: Record<string, [string, LoadOptions?]> = {
      'transfer-below-preload': ['[spatial]\npreload_distance = 10\ntransfer_distance = 10\n'],
      'ghosts-within-preload': ['[spatial]\npreload_distance = 10\ntransfer_distance = 5\nghost_distance = 11\n'],
      'redis-needs-url': ['[cluster]\nstore = "redis"\n'],
      'heartbeat-timeout-above-intervals': ['[cluster]\nheartbeat_timeout = 3\n[game_servers]\nheartbeat_interval = 4\n'],
      'admin-token-off-loopback': ['[admin]\naddress = "0.0.0.0"\n'],
      'tokens-need-secret': ['[security]\nallow_anonymous = false\n'],
      'one-node-identity-key': ['[security]\nnode_identity_key_file = "/etc/atlas/node.pem"\nnode_identity_key = "-----BEGIN PRIVATE KEY-----x"\n'],
      'psk-needs-salt': ['[security]\npsk = "psk-0123456789-xyz"\n'],
      'process-needs-command': ['[provisioning]\nprovider = "process"\n'],
      'rebalance-needs-provisioning': ['[rebalance]\nenabled = true\n'],
      'rebalance-hysteresis': ['[rebalance]\nsplit_players = 100\nmerge_players = 60\n'],
      'admin-port-distinct': ['[server]\nport = 9000\n', { argv: ['--set', 'admin.port=9000'] }],
    };

    it('has a case for every rule', () => {
      expect(Object.keys(cases).sort()).toEqual(CROSS_FIELD_RULES.map((r) => r.id).sort());
    });

    it.each(Object.entries(cases))('%s', (rule, [toml, options]) => {
      const errors = errorsOf(toml, options);
      expect(errors).toEqual([expect.objectContaining({ kind: 'cross_field', rule })]);
      const error = errors[0];
      if (error?.kind !== 'cross_field') throw new Error('unreachable');
      expect(error.sources).toHaveLength(error.paths.length);
      expect(error.sources.some((s) => s.kind !== 'default')).toBe(true);
    });

    it('names the source of each key involved', () => {
      const [error] = errorsOf('[spatial]\ntransfer_distance = 200\n');
      expect(error).toMatchObject({ paths: ['spatial.transfer_distance', 'spatial.preload_distance'], sources: [at(2), { kind: 'default' }] });
      expect(formatConfigError(error as ConfigError)).toBe(
        `${join(dir, `c${n - 1}.toml`)}:2: spatial.transfer_distance (200) must be below spatial.preload_distance (100)` +
          ` (spatial.transfer_distance from ${join(dir, `c${n - 1}.toml`)}:2, spatial.preload_distance from default)`,
      );
    });

    it('are skipped when one of their keys is itself invalid', () => {
      expect(errorsOf('[spatial]\npreload_distance = -5\ntransfer_distance = 10\n').map((e) => e.kind)).toEqual(['out_of_range']);
    });

    it('accept admin on another loopback name without a token', () => {
      for (const address of ['localhost', '127.0.0.5', '::1']) {
        expect(isRight(loadConfig({ env: {}, overrides: { admin: { address } } }))).toBe(true);
      }
    });
  });

  it('formats every error on its own line under a count', () => {
    const text = formatConfigErrors(errorsOf('[server]\nport = "x"\n', { env: { ATLAS_SERVER_PROT: '1' } }));
    expect(text).toBe(
      [
        '2 configuration errors:',
        `  ${join(dir, `c${n - 1}.toml`)}:2: server.port: invalid value "x" (wrong type), expected integer 0..65535`,
        '  env ATLAS_SERVER_PROT: unknown key ATLAS_SERVER_PROT; did you mean ATLAS_SERVER_PORT?',
      ].join('\n'),
    );
  });
});
