import * as E from 'fp-ts/lib/Either.js';
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { NodeIdentityError } from '../errors';

/** A node's identity key, ready to sign Welcomes. */
export interface NodeIdentity {
  /** Ed25519 signature of `message` (64 bytes). */
  sign(message: Uint8Array): Uint8Array;
  /** The raw 32-byte public key clients pin. */
  readonly publicKey: Uint8Array;
}

/** The identity in a PKCS#8 PEM Ed25519 private key (`openssl genpkey -algorithm ed25519`). */
export function loadNodeIdentity(pem: string): E.Either<NodeIdentityError, NodeIdentity> {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    return E.left({ kind: 'invalid-node-key', reason: `not a PEM private key (${(e as Error).message})` });
  }
  if (key.asymmetricKeyType !== 'ed25519') return E.left({ kind: 'invalid-node-key', reason: `a ${key.asymmetricKeyType ?? 'symmetric'} key: an Ed25519 key is needed` });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return E.right({
    sign: (message) => new Uint8Array(sign(null, message, key)),
    publicKey: new Uint8Array(spki.subarray(spki.length - 32)),
  });
}
