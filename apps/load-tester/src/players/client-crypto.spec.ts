import * as E from 'fp-ts/lib/Either.js';
import { KeyExchangeSuites } from '@atlas/crypto';
import { createKeyShareSync, deriveSessionKeysSync } from '@atlas/crypto/node';
import { createKeyShareSafely } from './client-crypto';

describe('client key shares', () => {
  it('agree on session keys with the library shares, in both roles', () => {
    const client = createKeyShareSafely();
    const server = createKeyShareSync();
    if (E.isLeft(client) || E.isLeft(server)) throw new Error('key share failed');
    expect(client.right.keyShare.length).toBe(33);
    expect(client.right.suite).toBe(KeyExchangeSuites.X25519);
    const transcript = new Uint8Array(32).fill(7);
    const c = deriveSessionKeysSync({ role: 'client', local: client.right, peerKeyShare: server.right.keyShare, transcript });
    const s = deriveSessionKeysSync({ role: 'server', local: server.right, peerKeyShare: client.right.keyShare, transcript });
    if (E.isLeft(c) || E.isLeft(s)) throw new Error('derivation failed');
    expect(c.right.clientToServer).toEqual(s.right.clientToServer);
    expect(c.right.serverToClient).toEqual(s.right.serverToClient);
    expect(c.right.clientToServer).not.toEqual(c.right.serverToClient);
  });

  it('makes many shares without stalling (the JWK export happens inside the key generation job)', () => {
    const start = Date.now();
    for (let i = 0; i < 20_000; i++) expect(E.isRight(createKeyShareSafely())).toBe(true);
    expect(Date.now() - start).toBeLessThan(15_000);
  });
});
