import * as E from 'fp-ts/lib/Either.js';
import { X25519_VECTOR, hex, toHexString } from '../../test/vectors';
import { handshakeTranscript } from '../key-schedule';
import { KeyExchangeSuites, encodeKeyShare } from '../suites';
import { createKeyShare, createKeyShareFor, deriveSessionKeys, importX25519KeyShare } from '../web/key-exchange';
import {
  computeSharedSecretSync,
  createKeyShareForSync,
  createKeyShareSync,
  deriveSessionKeysSync,
  importX25519KeyShareSync,
} from './key-exchange';

function must<A>(result: E.Either<unknown, A>): A {
  if (E.isLeft(result)) throw new Error(`unexpected ${JSON.stringify(result.left)}`);
  return result.right;
}

const transcript = handshakeTranscript(Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5));

describe('node:crypto key exchange', () => {
  it('computes the RFC 7748 section 6.1 shared secret from both sides', () => {
    const alice = importX25519KeyShareSync(hex(X25519_VECTOR.alicePrivate));
    const bob = importX25519KeyShareSync(hex(X25519_VECTOR.bobPrivate));
    expect(toHexString(alice.keyShare.subarray(1))).toBe(X25519_VECTOR.alicePublic);
    expect(toHexString(bob.keyShare.subarray(1))).toBe(X25519_VECTOR.bobPublic);
    expect(toHexString(must(computeSharedSecretSync(alice, bob.keyShare)))).toBe(X25519_VECTOR.shared);
    expect(toHexString(must(computeSharedSecretSync(bob, alice.keyShare)))).toBe(X25519_VECTOR.shared);
  });

  it('derives the same session keys as WebCrypto from the same private keys', async () => {
    const nodeAlice = importX25519KeyShareSync(hex(X25519_VECTOR.alicePrivate));
    const webBob = await importX25519KeyShare(hex(X25519_VECTOR.bobPrivate));
    const fromNode = must(deriveSessionKeysSync({ role: 'client', local: nodeAlice, peerKeyShare: webBob.keyShare, transcript }));
    const fromWeb = must(await deriveSessionKeys({ role: 'server', local: webBob, peerKeyShare: nodeAlice.keyShare, transcript }));
    expect(fromNode).toEqual(fromWeb);
  });

  it.each([KeyExchangeSuites.X25519, KeyExchangeSuites.P256])(
    'agrees with WebCrypto both ways in suite %i, with and without a PSK',
    async (suite) => {
      for (const psk of [undefined, new Uint8Array(32).fill(3)]) {
        // node:crypto client, WebCrypto server
        const nodeClient = must(createKeyShareSync(suite));
        const webServer = must(await createKeyShareFor(nodeClient.keyShare));
        const a = must(deriveSessionKeysSync({ role: 'client', local: nodeClient, peerKeyShare: webServer.keyShare, transcript, psk }));
        const b = must(await deriveSessionKeys({ role: 'server', local: webServer, peerKeyShare: nodeClient.keyShare, transcript, psk }));
        expect(a).toEqual(b);
        // WebCrypto client, node:crypto server
        const webClient = must(await createKeyShare(suite));
        const nodeServer = must(createKeyShareForSync(webClient.keyShare));
        const c = must(await deriveSessionKeys({ role: 'client', local: webClient, peerKeyShare: nodeServer.keyShare, transcript, psk }));
        const d = must(deriveSessionKeysSync({ role: 'server', local: nodeServer, peerKeyShare: webClient.keyShare, transcript, psk }));
        expect(c).toEqual(d);
      }
    },
  );

  it('rejects bad peer shares as values', () => {
    const local = must(createKeyShareSync());
    const derive = (peerKeyShare: Uint8Array) => deriveSessionKeysSync({ role: 'server', local, peerKeyShare, transcript });
    expect(derive(Uint8Array.of(3))).toEqual(E.left({ kind: 'unsupported-suite', suite: 3 }));
    expect(derive(must(createKeyShareSync(KeyExchangeSuites.P256)).keyShare)).toMatchObject(E.left({ kind: 'invalid-key-share' }));
    expect(derive(encodeKeyShare(KeyExchangeSuites.X25519, new Uint8Array(32)))).toMatchObject(E.left({ kind: 'key-exchange-failed' }));
    const p256 = must(createKeyShareSync(KeyExchangeSuites.P256));
    const offCurve = new Uint8Array(65).fill(1);
    offCurve[0] = 4;
    expect(deriveSessionKeysSync({ role: 'server', local: p256, peerKeyShare: encodeKeyShare(KeyExchangeSuites.P256, offCurve), transcript })).toMatchObject(
      E.left({ kind: 'invalid-key-share' }),
    );
  });

  it('lets the server refuse a suite it does not accept', () => {
    const p256 = must(createKeyShareSync(KeyExchangeSuites.P256));
    expect(createKeyShareForSync(p256.keyShare, [KeyExchangeSuites.X25519])).toEqual(
      E.left({ kind: 'unsupported-suite', suite: KeyExchangeSuites.P256 }),
    );
  });

  // Regression: exporting a generated KeyObject could deadlock Node 20 under GC (a node
  // froze after ~3,000 handshakes). A tight loop reproduced it within seconds.
  it('makes 20,000 key shares in a tight loop without stalling', () => {
    const shares = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const share = createKeyShareSync();
      if (E.isLeft(share)) throw new Error(JSON.stringify(share.left));
      if (i % 1000 === 0) shares.add(toHexString(share.right.keyShare));
    }
    expect(shares.size).toBe(20);
  }, 30_000);

  it('falls back to a PKCS#8 import if a future Node refuses the JWK private key', () => {
    const nodeCrypto = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const spy = jest.spyOn(nodeCrypto, 'createPrivateKey').mockImplementationOnce(() => {
      throw new TypeError('Invalid JWK');
    });
    try {
      const alice = importX25519KeyShareSync(hex(X25519_VECTOR.alicePrivate));
      expect(spy).toHaveBeenCalledTimes(2);
      expect(toHexString(alice.keyShare.subarray(1))).toBe(X25519_VECTOR.alicePublic);
    } finally {
      spy.mockRestore();
    }
  });
});
