import { networkInterfaces } from 'node:os';
import { bearerToken, checkAdminAuth, checkRegistrationAuth, secretsEqual } from './auth';
import { isLoopbackPeer, normalisePeer } from './peer';
import { linkAddress, regionsTouch } from './registration-input';
import * as E from 'fp-ts/lib/Either.js';
import { createTestDeps } from '../testing/test-deps';
import { mountHttpRoutes } from './routes';
import { bootApp, request } from '../testing/test-server';

describe('peer addresses', () => {
  it('normalises what uWS prints', () => {
    expect(normalisePeer('0000:0000:0000:0000:0000:ffff:7f00:0001')).toBe('127.0.0.1');
    expect(normalisePeer('0000:0000:0000:0000:0000:ffff:c0a8:0102')).toBe('192.168.1.2');
    expect(normalisePeer('0000:0000:0000:0000:0000:0000:0000:0001')).toBe('::1');
    expect(normalisePeer('2001:0db8:0000:0000:0000:0000:0000:0042')).toBe('2001:db8::42');
    expect(normalisePeer('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(normalisePeer('10.1.2.3')).toBe('10.1.2.3');
  });

  it('recognises loopback peers only', () => {
    for (const peer of ['127.0.0.1', '127.9.9.9', '::1']) expect(isLoopbackPeer(peer)).toBe(true);
    for (const peer of ['10.0.0.1', '::', '0.0.0.0', '2001:db8::1', '128.0.0.1']) expect(isLoopbackPeer(peer)).toBe(false);
  });
});

describe('secrets', () => {
  it('parses bearer tokens and compares in constant time', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc  ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('')).toBeNull();
    expect(secretsEqual('a', 'a')).toBe(true);
    expect(secretsEqual('a', 'ab')).toBe(false);
  });

  it('keeps registration to loopback while the secret is empty', () => {
    expect(checkRegistrationAuth('', '', '127.0.0.1')).toBeNull();
    expect(checkRegistrationAuth('', 'Bearer anything', '10.0.0.7')?.status).toBe(403);
    expect(checkRegistrationAuth('s'.repeat(16), '', '127.0.0.1')?.status).toBe(401);
    expect(checkRegistrationAuth('s'.repeat(16), `Bearer ${'s'.repeat(16)}`, '10.0.0.7')).toBeNull();
  });

  it('takes the admin token from the header or the query, and keeps an empty token to loopback', () => {
    const token = 'admin-token-0123456789';
    expect(checkAdminAuth('', '', '', '::1')).toBeNull();
    expect(checkAdminAuth('', '', '', '10.0.0.2')?.status).toBe(403);
    expect(checkAdminAuth(token, '', '', '127.0.0.1')?.status).toBe(401);
    expect(checkAdminAuth(token, '', 'wrong', '127.0.0.1')?.status).toBe(401);
    expect(checkAdminAuth(token, '', token, '10.0.0.2')).toBeNull();
    expect(checkAdminAuth(token, `Bearer ${token}`, '', '10.0.0.2')).toBeNull();
  });

  it('refuses registration over a real non-loopback socket when the secret is empty', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((info) => info !== undefined && info.family === 'IPv4' && !info.internal);
    // Every CI and dev machine here has a non-loopback interface; fail loudly if not.
    expect(external).toBeDefined();
    const deps = createTestDeps();
    const server = await bootApp((app) => mountHttpRoutes(app, deps), '0.0.0.0');
    try {
      const res = await request(`http://${external?.address ?? ''}:${server.port}/api/v1/servers/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/loopback/);
      expect(deps.logs.take().map((r) => r.message)).toEqual(['registration API request refused']);
    } finally {
      server.close();
      await deps.close();
    }
  });
});

describe('link addresses', () => {
  it('keeps ws URLs, completes host:port and fills wildcard hosts from the peer', () => {
    expect(linkAddress('ws://10.0.0.5:7101/atlas', '1.2.3.4')).toEqual(E.right('ws://10.0.0.5:7101/atlas'));
    expect(linkAddress('wss://game.example:443/atlas', '1.2.3.4')).toEqual(E.right('wss://game.example/atlas'));
    expect(linkAddress('game-1:7101', '1.2.3.4')).toEqual(E.right('ws://game-1:7101/atlas'));
    expect(linkAddress('0.0.0.0:7101', '10.0.0.9')).toEqual(E.right('ws://10.0.0.9:7101/atlas'));
    expect(linkAddress('[::]:7101', '::1')).toEqual(E.right('ws://[::1]:7101/atlas'));
    expect(E.isLeft(linkAddress('game-1', '::1'))).toBe(true);
    expect(E.isLeft(linkAddress('http://game-1:80/', '::1'))).toBe(true);
  });

  it('calls regions that share a face, edge or corner adjacent', () => {
    const box = (x: number, y: number) => ({ min: { x, y, z: 0 }, max: { x: x + 10, y: y + 10, z: 0 } });
    expect(regionsTouch(box(0, 0), box(10, 0))).toBe(true);
    expect(regionsTouch(box(0, 0), box(10, 10))).toBe(true);
    expect(regionsTouch(box(0, 0), box(20, 0))).toBe(false);
  });
});
