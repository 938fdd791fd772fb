import { parseCidrs } from './cidr';

describe('parseCidrs', () => {
  it('reads comma-separated IPv4 and IPv6 networks, spaces allowed, empty is none', () => {
    expect(parseCidrs('127.0.0.0/8, ::1/128')).toEqual([
      { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '::1', prefix: 128, family: 'ipv6' },
    ]);
    expect(parseCidrs('')).toEqual([]);
  });
  it.each(['127.0.0.1', '127.0.0.0/33', '::1/129', 'host/8', '1.2.3/8', '10.0.0.0/8,,x'])('refuses %s', (text) => {
    expect(parseCidrs(text)).toBeNull();
  });
});
