import { hostname } from 'node:os';
import { advertiseAddress } from './advertise';

describe('the advertised node address', () => {
  it('uses the configured host:port, adds the bound port to a bare host, and names the host for wildcard binds', () => {
    expect(advertiseAddress('10.0.0.5:9000', '0.0.0.0', 8080)).toBe('10.0.0.5:9000');
    expect(advertiseAddress('node-a.internal', '0.0.0.0', 8080)).toBe('node-a.internal:8080');
    expect(advertiseAddress('', '127.0.0.1', 8080)).toBe('127.0.0.1:8080');
    expect(advertiseAddress('', '0.0.0.0', 8080)).toBe(`${hostname()}:8080`);
    expect(advertiseAddress('', '::1', 8080)).toBe('[::1]:8080');
  });
});
