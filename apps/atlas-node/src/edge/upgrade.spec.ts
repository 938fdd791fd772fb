import { checkUpgrade } from './upgrade';

const good = { method: 'GET', upgrade: 'websocket', connection: 'keep-alive, Upgrade', key: 'dGhlIHNhbXBsZSBub25jZQ==', version: '13' };

describe('upgrade request validation', () => {
  it('accepts a well-formed RFC 6455 upgrade', () => {
    expect(checkUpgrade(good)._tag).toBe('Right');
  });

  it.each([
    [{ method: 'POST' }, '405'],
    [{ upgrade: 'h2c' }, '426'],
    [{ connection: 'keep-alive' }, '400'],
    [{ key: 'not-a-key' }, '400'],
    [{ key: '!!!!!!!!!!!!!!!!!!!!!!==' }, '400'],
    [{ version: '8' }, '426'],
  ])('refuses %j with %s', (change, status) => {
    const r = checkUpgrade({ ...good, ...change });
    expect(r._tag === 'Left' && r.left.status.startsWith(status)).toBe(true);
  });
});
