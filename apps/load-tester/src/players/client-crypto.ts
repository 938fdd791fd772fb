// The synchronous crypto backend the simulated clients use: @atlas/crypto/node, except
// for making X25519 key shares. Node 20 can deadlock (main thread stuck in a futex, for
// good) when a freshly generated key pair's public key is exported to JWK after
// generateKeyPairSync returned: a GC during the export destroys the finished key
// generation job, whose destructor takes the mutex the export holds. Asking
// generateKeyPairSync for the JWK itself exports while the job is still alive.
// (@atlas/crypto/node's createKeyShareSync exports afterwards; reported for a fix there.)
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { SyncCryptoBackend } from '@atlas/client';
import { KeyExchangeSuites, encodeKeyShare, type KeyExchangeSuite } from '@atlas/crypto';
import * as nodeCrypto from '@atlas/crypto/node';

/** X25519 share whose public key is exported inside the key generation job. */
export function createKeyShareSafely(suite: KeyExchangeSuite = KeyExchangeSuites.X25519): ReturnType<typeof nodeCrypto.createKeyShareSync> {
  if (suite !== KeyExchangeSuites.X25519) return nodeCrypto.createKeyShareSync(suite);
  try {
    const pair = generateKeyPairSync('x25519', { publicKeyEncoding: { format: 'jwk' } } as never) as unknown as { publicKey: { x?: string }; privateKey: KeyObject };
    const raw = Buffer.from(pair.publicKey.x ?? '', 'base64url');
    if (raw.length !== 32) return E.left({ kind: 'key-exchange-failed', reason: 'unexpected public key length' });
    return E.right({ suite, keyShare: encodeKeyShare(suite, raw), privateKey: pair.privateKey });
  } catch {
    return E.left({ kind: 'unsupported-suite', suite });
  }
}

/** The backend passed to every AtlasClient of the tester. */
export const clientCrypto: SyncCryptoBackend = { ...nodeCrypto, createKeyShareSync: createKeyShareSafely };
