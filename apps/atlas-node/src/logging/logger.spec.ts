import { DEFAULT_CONFIG, REDACTED, type AtlasConfig } from '@atlas/config';
import { Writable } from 'node:stream';
import { captureLogs } from './capture';
import { createLogger, setLogLevel } from './logger';
import { configSecrets } from './redact';

function lines(): { stream: Writable; out: string[] } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(chunk.toString());
      done();
    },
  });
  return { stream, out };
}

const secretConfig: AtlasConfig = {
  ...DEFAULT_CONFIG,
  security: { ...DEFAULT_CONFIG.security, psk: 'psk-0123456789abcdef', registration_secret: 'reg-secret-0123456789' },
  cluster: { ...DEFAULT_CONFIG.cluster, redis_url: 'redis://:hunter2hunter2@127.0.0.1:6379/0' },
};

describe('createLogger', () => {
  it('writes one JSON object per line with the component of a child logger', () => {
    const { stream, out } = lines();
    const logger = createLogger({ level: 'info', format: 'json' }, { stream, defaultMeta: { node: 'n1' } });
    logger.child({ component: 'http' }).info('server registered', { serverId: 's1' });
    expect(out).toHaveLength(1);
    const line = JSON.parse(out[0] ?? '') as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', message: 'server registered', component: 'http', node: 'n1', serverId: 's1' });
    expect(typeof line['timestamp']).toBe('string');
  });

  it('writes a readable line in pretty format', () => {
    const { stream, out } = lines();
    createLogger({ level: 'info', format: 'pretty' }, { stream }).child({ component: 'edge' }).warn('slow client', { id: 7 });
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} warn +\[edge\] slow client \{"id":7\}\n$/);
  });

  it('drops lines below the level and follows a reloaded level', () => {
    const { stream, out } = lines();
    const logger = createLogger({ level: 'info', format: 'json' }, { stream });
    logger.debug('per message noise');
    expect(out).toHaveLength(0);
    setLogLevel(logger, 'debug');
    logger.debug('now visible');
    expect(out).toHaveLength(1);
  });

  it('is silent when asked', () => {
    const { stream, out } = lines();
    createLogger({ level: 'info', format: 'json' }, { stream, silent: true }).error('nothing');
    expect(out).toHaveLength(0);
  });
});

describe('secret redaction', () => {
  const secrets = (): readonly string[] => configSecrets(secretConfig);

  it('lists the configured secrets, including the Redis password', () => {
    expect(secrets()).toEqual(expect.arrayContaining(['psk-0123456789abcdef', 'reg-secret-0123456789', 'hunter2hunter2']));
    expect(configSecrets(DEFAULT_CONFIG)).toEqual([]);
  });

  it('never writes a secret, wherever it appears', () => {
    const { stream, out } = lines();
    const logger = createLogger({ level: 'debug', format: 'json' }, { stream, secrets });
    logger.info('bad header Bearer reg-secret-0123456789 from peer');
    logger.info('connecting', { url: 'redis://user:other-password@host:6379' });
    logger.info('nested', { deep: { list: ['psk-0123456789abcdef'] }, authorization: 'Bearer xyz', tokenCount: 3 });
    logger.info('config', { config: secretConfig });
    logger.error('failed', { error: new Error('psk psk-0123456789abcdef rejected') });
    const text = out.join('');
    for (const secret of [...secrets(), 'other-password', 'Bearer xyz']) expect(text).not.toContain(secret);
    expect(text).toContain(REDACTED);
    expect(text).toContain('"tokenCount":3');
    expect(text).toContain('"node_id"');
  });

  it('survives cyclic metadata', () => {
    const { stream, out } = lines();
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic['self'] = cyclic;
    createLogger({ level: 'info', format: 'json' }, { stream }).info('cycle', { cyclic });
    expect(out[0]).toContain('"name":"a"');
  });
});

describe('captureLogs', () => {
  it('keeps records for assertions and fails on unexpected lines', () => {
    const logs = captureLogs();
    logs.expectNoLogs();
    logs.logger.child({ component: 'x' }).warn('hello', { a: 1 });
    expect(logs.records).toEqual([expect.objectContaining({ level: 'warn', message: 'hello', component: 'x', a: 1 })]);
    expect(() => logs.expectNoLogs()).toThrow(/unexpected log lines:\nwarn: hello/);
    expect(logs.take()).toHaveLength(1);
    logs.expectNoLogs();
  });
});
