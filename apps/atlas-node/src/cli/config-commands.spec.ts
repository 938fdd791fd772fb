import TOML from '@iarna/toml';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, runConfigCommand, type CommandIo } from './config-commands';

describe('config commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-node-cli-'));
  const good = join(dir, 'good.toml');
  const bad = join(dir, 'bad.toml');
  writeFileSync(good, '[server]\nport = 9000\n[security]\nadmin_token = "admin-token-0123456789"\n');
  writeFileSync(bad, '[server]\nport = 70000\nprot = 1\n[logging]\nlevel = "loud"\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(argv: string[], env: Record<string, string> = {}): { code: number | undefined; out: string; err: string } {
    let out = '';
    let err = '';
    const io: CommandIo = { out: (t) => (out += t), err: (t) => (err += t), env, cwd: dir };
    return { code: runConfigCommand(argv, io), out, err };
  }

  it('returns undefined when no config command is asked for, so the node starts', () => {
    expect(run(['--config', good])).toEqual({ code: undefined, out: '', err: '' });
  });

  describe('--print-config', () => {
    it('prints the effective config as TOML with the source of each value, secrets redacted', () => {
      const { code, out, err } = run(['--print-config', '--config', 'good.toml', '--set', 'logging.level=debug'], { ATLAS_LIMITS_IDLE_TIMEOUT: '30' });
      expect({ code, err }).toEqual({ code: EXIT.ok, err: '' });
      expect(out).toMatch(/^port = 9000 +# good\.toml:2$/m);
      expect(out).toMatch(/^idle_timeout = 30 +# env ATLAS_LIMITS_IDLE_TIMEOUT$/m);
      expect(out).toMatch(/^level = "debug" +# flag --set logging.level$/m);
      expect(out).toMatch(/^admin_token = "<redacted>" +# good\.toml:4$/m);
      expect(out).not.toContain('admin-token-0123456789');
      expect(TOML.parse(out)).toMatchObject({ server: { port: 9000 } });
    });

    it('reads ATLAS_CONFIG when no --config is given', () => {
      expect(run(['--print-config'], { ATLAS_CONFIG: good }).out).toMatch(/^port = 9000 /m);
    });

    it('prints the defaults without any file', () => {
      expect(run(['--print-config']).out).toMatch(/^port = 8080 +# default$/m);
    });

    it('exits 1 with every error when the config is invalid', () => {
      const { code, out, err } = run(['--print-config', '--config', bad]);
      expect(code).toBe(EXIT.invalid);
      expect(out).toBe('');
      expect(err).toContain('3 configuration errors:');
    });
  });

  describe('--check-config', () => {
    it('exits 0 for a valid file', () => {
      expect(run(['--check-config', good])).toEqual({ code: EXIT.ok, out: `${good}: valid\n`, err: '' });
      expect(run([`--check-config=${good}`]).code).toBe(EXIT.ok);
    });

    it('exits 1 and lists every error with its line', () => {
      const { code, err } = run(['--check-config', 'bad.toml']);
      expect(code).toBe(EXIT.invalid);
      expect(err).toContain('bad.toml:2: server.port: invalid value 70000 (out of range), expected integer 0..65535');
      expect(err).toContain('bad.toml:3: unknown key server.prot; did you mean server.port?');
      expect(err).toContain('bad.toml:5: logging.level: invalid value "loud"');
    });

    it('checks the file together with the environment the node would see', () => {
      writeFileSync(join(dir, 'redis.toml'), '[cluster]\nstore = "redis"\n');
      expect(run(['--check-config', 'redis.toml']).code).toBe(EXIT.invalid);
      expect(run(['--check-config', 'redis.toml'], { ATLAS_CLUSTER_REDIS_URL: 'redis://127.0.0.1:6379' }).code).toBe(EXIT.ok);
    });

    it('exits 1 for a missing file and a TOML syntax error', () => {
      writeFileSync(join(dir, 'syntax.toml'), '[server]\nport = \n');
      expect(run(['--check-config', 'missing.toml']).err).toContain('missing.toml: cannot read config file: no such file');
      expect(run(['--check-config', 'syntax.toml']).err).toMatch(/syntax\.toml:2:\d+: TOML syntax error/);
    });

    it('exits 2 without a path', () => {
      expect(run(['--check-config']).code).toBe(EXIT.usage);
      expect(run(['--check-config', '--print-config']).code).toBe(EXIT.usage);
    });
  });
});
