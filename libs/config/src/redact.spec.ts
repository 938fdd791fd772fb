import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import {
  CONFIG_KEYS,
  formatConfig,
  formatConfigErrors,
  loadConfig,
  REDACTED,
  redactConfig,
  redactUrl,
  type LoadedConfig,
} from './index';

const SECRETS = {
  ATLAS_SECURITY_TOKEN_SECRET: 'token-secret-0123456789-abcdefghij',
  ATLAS_SECURITY_PSK: 'psk-0123456789-xyz',
  ATLAS_SECURITY_ADMIN_TOKEN: 'admin-token-0123456789',
  ATLAS_SECURITY_REGISTRATION_SECRET: 'registration-0123456789',
  ATLAS_CLUSTER_REDIS_URL: 'redis://atlas:redis-password-42@redis.internal:6379/0',
  ATLAS_SECURITY_PSK_SALT: 'deployment-salt-2026',
};

function loadSecrets(): LoadedConfig {
  const result = loadConfig({ env: SECRETS });
  if (isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
}

describe('redaction', () => {
  it('marks exactly the documented secrets', () => {
    expect(CONFIG_KEYS.filter((k) => k.redact !== 'none').map((k) => k.path)).toEqual([
      'cluster.redis_url',
      'security.token_secret',
      'security.psk',
      'security.admin_token',
      'security.registration_secret',
      'security.node_identity_key',
      'tracing.headers',
    ]);
  });

  it('redactConfig hides every secret and the redis password, keeping everything else', () => {
    const { config } = loadSecrets();
    const redacted = redactConfig(config);
    expect(redacted.security).toMatchObject({ token_secret: REDACTED, psk: REDACTED, admin_token: REDACTED, registration_secret: REDACTED });
    expect(redacted.cluster.redis_url).toBe(`redis://atlas:${REDACTED}@redis.internal:6379/0`);
    expect(redacted.server).toEqual(config.server);
    expect(config.security.psk).toBe(SECRETS.ATLAS_SECURITY_PSK);
    const json = JSON.stringify(redacted);
    for (const secret of [...Object.values(SECRETS).slice(0, 4), 'redis-password-42']) expect(json).not.toContain(secret);
  });

  it('leaves empty secrets empty, so "unset" stays visible', () => {
    expect(redactConfig(loadSecrets().config).security.psk_salt).toBe('deployment-salt-2026');
    const plain = loadConfig({ env: {} });
    if (!isRight(plain)) throw new Error('unreachable');
    expect(redactConfig(plain.right.config).security.token_secret).toBe('');
  });

  it.each([
    ['redis://:pw@h:6379', `redis://:${REDACTED}@h:6379`],
    ['rediss://user:p%40ss@h/1', `rediss://user:${REDACTED}@h/1`],
    ['redis://onlypassword@h', `redis://${REDACTED}@h`],
    ['redis://h:6379/0?password=pw&db=1', `redis://h:6379/0?password=${REDACTED}&db=1`],
    ['redis://h:6379', 'redis://h:6379'],
  ])('redactUrl(%s)', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('--print-config output never contains a secret', () => {
    const text = formatConfig(loadSecrets());
    for (const secret of [...Object.values(SECRETS).slice(0, 4), 'redis-password-42']) expect(text).not.toContain(secret);
    expect(text).toContain(`token_secret = "${REDACTED}"`);
  });

  it('errors about a secret value do not repeat it', () => {
    const result = loadConfig({ env: { ATLAS_SECURITY_TOKEN_SECRET: 'too-short-secret', ATLAS_CLUSTER_REDIS_URL: 'http://u:leaked-pw@h' } });
    if (!isLeft(result)) throw new Error('expected errors');
    const text = formatConfigErrors(result.left) + JSON.stringify(result.left);
    expect(text).not.toContain('too-short-secret');
    expect(text).not.toContain('leaked-pw');
  });

  it('no secret of any shape survives printing', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 32, maxLength: 64 }).filter((s) => s.trim().length > 20), (secret) => {
        const result = loadConfig({ env: {}, overrides: { security: { token_secret: secret, admin_token: secret } } });
        if (isLeft(result)) return;
        expect(formatConfig(result.right)).not.toContain(JSON.stringify(secret).slice(1, -1));
        expect(JSON.stringify(redactConfig(result.right.config))).not.toContain(JSON.stringify(secret).slice(1, -1));
      }),
      { numRuns: 200 },
    );
  });
});
