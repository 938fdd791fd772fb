import * as E from 'fp-ts/lib/Either.js';
import { X25519_VECTOR, hex, toHexString } from '../../test/vectors';
import { handshakeTranscript } from '../key-schedule';
import { KeyExchangeSuites, encodeKeyShare, type KeyExchangeSuite } from '../suites';
import {
  computeSharedSecret,
  createKeyShare,
  createKeyShareFor,
  deriveSessionKeys,
  importX25519KeyShare,
  supportedSuites,
  type WebKeyShare,
} from './key-exchange';

function must<A>(result: E.Either<unknown, A>): A {
  if (E.isLeft(result)) throw new Error(`unexpected ${JSON.stringify(result.left)}`);
  return result.right;
}

const hello = new TextEncoder().encode('hello');
const welcome = new TextEncoder().encode('welcome');
const transcript = handshakeTranscript(hello, welcome);

async function handshake(suite: KeyExchangeSuite, clientPsk?: Uint8Array, serverPsk?: Uint8Array) {
  const client = must(await createKeyShare(suite));
  const server = must(await createKeyShareFor(client.keyShare));
  const clientKeys = await deriveSessionKeys({ role: 'client', local: client, peerKeyShare: server.keyShare, transcript, psk: clientPsk });
  const serverKeys = await deriveSessionKeys({ role: 'server', local: server, peerKeyShare: client.keyShare, transcript, psk: serverPsk });
  return { client, server, clientKeys: must(clientKeys), serverKeys: must(serverKeys) };
}

describe('WebCrypto key exchange', () => {
  it('runs X25519 and P-256 in Node 20, X25519 preferred', async () => {
    expect(await supportedSuites()).toEqual([KeyExchangeSuites.X25519, KeyExchangeSuites.P256]);
    expect(must(await createKeyShare()).suite).toBe(KeyExchangeSuites.X25519);
  });

  it('computes the RFC 7748 section 6.1 shared secret from both sides', async () => {
    const alice = await importX25519KeyShare(hex(X25519_VECTOR.alicePrivate));
    const bob = await importX25519KeyShare(hex(X25519_VECTOR.bobPrivate));
    expect(toHexString(alice.keyShare.subarray(1))).toBe(X25519_VECTOR.alicePublic);
    expect(toHexString(bob.keyShare.subarray(1))).toBe(X25519_VECTOR.bobPublic);
    expect(toHexString(must(await computeSharedSecret(alice, bob.keyShare)))).toBe(X25519_VECTOR.shared);
    expect(toHexString(must(await computeSharedSecret(bob, alice.keyShare)))).toBe(X25519_VECTOR.shared);
  });

  it.each([KeyExchangeSuites.X25519, KeyExchangeSuites.P256])('derives equal, distinct directional keys in suite %i', async (suite) => {
    const { client, server, clientKeys, serverKeys } = await handshake(suite);
    expect(client.keyShare.length).toBe(suite === KeyExchangeSuites.X25519 ? 33 : 66);
    expect(server.suite).toBe(suite);
    expect(clientKeys).toEqual(serverKeys);
    expect(clientKeys.suite).toBe(suite);
    expect(clientKeys.clientToServer).toHaveLength(32);
    expect(toHexString(clientKeys.clientToServer)).not.toBe(toHexString(clientKeys.serverToClient));
  });

  it('binds the keys to the transcript: a different transcript gives different keys', async () => {
    const client = must(await createKeyShare());
    const server = must(await createKeyShare());
    const a = must(await deriveSessionKeys({ role: 'client', local: client, peerKeyShare: server.keyShare, transcript }));
    const tampered = handshakeTranscript(hello, new TextEncoder().encode('welcomE'));
    const b = must(await deriveSessionKeys({ role: 'server', local: server, peerKeyShare: client.keyShare, transcript: tampered }));
    expect(toHexString(a.clientToServer)).not.toBe(toHexString(b.clientToServer));
  });

  it('mixes a pre-shared key: equal PSKs agree, a wrong PSK or none gives other keys', async () => {
    const psk = new Uint8Array(32).fill(7);
    const same = await handshake(KeyExchangeSuites.X25519, psk, psk);
    expect(same.clientKeys).toEqual(same.serverKeys);
    const wrong = await handshake(KeyExchangeSuites.X25519, psk, new Uint8Array(32).fill(8));
    expect(wrong.clientKeys).not.toEqual(wrong.serverKeys);
    const missing = await handshake(KeyExchangeSuites.X25519, psk, undefined);
    expect(missing.clientKeys).not.toEqual(missing.serverKeys);
  });

  it('refuses a PSK shorter than 16 bytes', async () => {
    const client = must(await createKeyShare());
    const server = must(await createKeyShare());
    const result = await deriveSessionKeys({ role: 'client', local: client, peerKeyShare: server.keyShare, transcript, psk: new Uint8Array(8) });
    expect(result).toEqual(E.left({ kind: 'weak-parameters', reason: expect.any(String) }));
  });

  it('rejects bad peer shares as values', async () => {
    const local: WebKeyShare = must(await createKeyShare(KeyExchangeSuites.X25519));
    const p256 = must(await createKeyShare(KeyExchangeSuites.P256));
    const derive = (peerKeyShare: Uint8Array) => deriveSessionKeys({ role: 'server', local, peerKeyShare, transcript });
    expect(await derive(new Uint8Array(0))).toMatchObject(E.left({ kind: 'invalid-key-share' }));
    expect(await derive(Uint8Array.of(9, 1, 2))).toEqual(E.left({ kind: 'unsupported-suite', suite: 9 }));
    expect(await derive(local.keyShare.subarray(0, 20))).toMatchObject(E.left({ kind: 'invalid-key-share' }));
    expect(await derive(p256.keyShare)).toMatchObject(E.left({ kind: 'invalid-key-share' }));
    // The all-zero u-coordinate is a low-order point: the shared secret would be all zeros.
    expect(await derive(encodeKeyShare(KeyExchangeSuites.X25519, new Uint8Array(32)))).toMatchObject(
      E.left({ kind: expect.stringMatching(/key-exchange-failed|invalid-key-share/) }),
    );
  });

  it('rejects a P-256 point that is not on the curve', async () => {
    const local = must(await createKeyShare(KeyExchangeSuites.P256));
    const bad = new Uint8Array(65).fill(1);
    bad[0] = 4;
    const result = await deriveSessionKeys({
      role: 'server',
      local,
      peerKeyShare: encodeKeyShare(KeyExchangeSuites.P256, bad),
      transcript,
    });
    expect(result).toMatchObject(E.left({ kind: 'invalid-key-share' }));
  });

  it('lets the server refuse a suite it does not accept', async () => {
    const p256 = must(await createKeyShare(KeyExchangeSuites.P256));
    expect(await createKeyShareFor(p256.keyShare, [KeyExchangeSuites.X25519])).toEqual(
      E.left({ kind: 'unsupported-suite', suite: KeyExchangeSuites.P256 }),
    );
  });
});
