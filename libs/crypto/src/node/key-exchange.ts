import * as E from 'fp-ts/lib/Either.js';
import { createECDH, createPrivateKey, createPublicKey, diffieHellman, KeyObject, randomBytes, type ECDH } from 'node:crypto';
import { encodeBase64url } from '@atlas/common';
import { concatBytes, isAllZero } from '../bytes';
import type { KeyExchangeError, ParameterError } from '../errors';
import { KEY_LENGTH, sessionKeyInputs, type DeriveSessionKeysInput, type SessionKeys } from '../key-schedule';
import {
  decodeKeyShare,
  encodeKeyShare,
  KeyExchangeSuites,
  negotiateSuite,
  type KeyExchangeSuite,
} from '../suites';
import { hkdfSha256Sync } from './aead';
import { asBytes, sha256Sync } from './subtle-sync';

/** An ephemeral key pair made with node:crypto; `keyShare` goes on the wire. */
export interface NodeKeyShare {
  readonly suite: KeyExchangeSuite;
  /** Suite byte + raw public key: put this in the hello (client) or welcome (server). */
  readonly keyShare: Uint8Array;
  /** X25519: a private KeyObject; P-256: an ECDH holding the private key. */
  readonly privateKey: KeyObject | ECDH;
}

/*
 * No generateKeyPairSync and no KeyObject#export here. Node 20.20 can deadlock in
 * KeyObject#export({ format: 'jwk' }) when a garbage collection inside it finalizes the
 * keygen job of the same key (seen in the benchmark: the main thread blocked in
 * ~KeyGenJob under ExportJWKEdKey). So X25519 keys are made from random bytes and their
 * public key is computed as X25519(k, 9) with diffieHellman; P-256 uses the ECDH class.
 * DER encode/decode is also avoided: OpenSSL 3's decoder lookups cost hundreds of us.
 */
const X25519_BASEPOINT = Uint8Array.of(9, ...new Uint8Array(31));
let basepoint: KeyObject | undefined;

const X25519_PKCS8_PREFIX = Uint8Array.of(
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
);

function x25519PublicKey(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: encodeBase64url(raw) }, format: 'jwk' });
}

function x25519PrivateKey(raw: Uint8Array): KeyObject {
  try {
    // Node reads `d` for an OKP private JWK and requires `x` to be a string it does not use.
    return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: encodeBase64url(raw), x: '' }, format: 'jwk' });
  } catch {
    const der = concatBytes(X25519_PKCS8_PREFIX, raw);
    return createPrivateKey({ key: Buffer.from(der.buffer, der.byteOffset, der.length), format: 'der', type: 'pkcs8' });
  }
}

function x25519Share(privateRaw: Uint8Array): NodeKeyShare {
  const privateKey = x25519PrivateKey(privateRaw);
  basepoint ??= x25519PublicKey(X25519_BASEPOINT);
  const publicKey = asBytes(diffieHellman({ privateKey, publicKey: basepoint }));
  return { suite: KeyExchangeSuites.X25519, keyShare: encodeKeyShare(KeyExchangeSuites.X25519, publicKey), privateKey };
}

/** A fresh ephemeral key share in `suite` (default X25519, which Node always supports). */
export function createKeyShareSync(
  suite: KeyExchangeSuite = KeyExchangeSuites.X25519,
): E.Either<KeyExchangeError, NodeKeyShare> {
  try {
    if (suite === KeyExchangeSuites.X25519) return E.right(x25519Share(randomBytes(32)));
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    return E.right({ suite, keyShare: encodeKeyShare(suite, asBytes(ecdh.getPublicKey())), privateKey: ecdh });
  } catch {
    return E.left({ kind: 'unsupported-suite', suite });
  }
}

/** The server's share: same suite as the client's share, if `accepted` allows it. */
export function createKeyShareForSync(
  peerKeyShare: Uint8Array,
  accepted?: readonly KeyExchangeSuite[],
): E.Either<KeyExchangeError, NodeKeyShare> {
  const suite = negotiateSuite(peerKeyShare, accepted);
  return E.isLeft(suite) ? suite : createKeyShareSync(suite.right);
}

/** The raw ECDH / X25519 shared secret with the peer's share (32 bytes). */
export function computeSharedSecretSync(local: NodeKeyShare, peerKeyShare: Uint8Array): E.Either<KeyExchangeError, Uint8Array> {
  const peer = decodeKeyShare(peerKeyShare);
  if (E.isLeft(peer)) return peer;
  if (peer.right.suite !== local.suite) {
    return E.left({ kind: 'invalid-key-share', reason: `peer suite ${peer.right.suite} differs from ${local.suite}` });
  }
  let shared: Uint8Array;
  if (local.privateKey instanceof KeyObject) {
    let publicKey: KeyObject;
    try {
      publicKey = x25519PublicKey(peer.right.publicKey);
    } catch {
      return E.left({ kind: 'invalid-key-share', reason: 'public key rejected by node:crypto' });
    }
    try {
      shared = asBytes(diffieHellman({ privateKey: local.privateKey, publicKey }));
    } catch {
      return E.left({ kind: 'key-exchange-failed', reason: 'key agreement failed' });
    }
  } else {
    try {
      shared = asBytes(local.privateKey.computeSecret(peer.right.publicKey));
    } catch {
      return E.left({ kind: 'invalid-key-share', reason: 'P-256 point rejected by node:crypto' });
    }
  }
  // A low-order X25519 point gives all zeros: RFC 7748 section 6.1 says to abort.
  if (isAllZero(shared)) return E.left({ kind: 'key-exchange-failed', reason: 'all-zero shared secret' });
  return E.right(shared);
}

/** deriveSessionKeys with node:crypto, synchronously; both give identical keys. */
export function deriveSessionKeysSync(
  input: DeriveSessionKeysInput<NodeKeyShare>,
): E.Either<KeyExchangeError | ParameterError, SessionKeys> {
  const shared = computeSharedSecretSync(input.local, input.peerKeyShare);
  if (E.isLeft(shared)) return shared;
  const inputs = sessionKeyInputs(shared.right, input);
  if (E.isLeft(inputs)) return inputs;
  const { suite, ikm, clientToServerInfo, serverToClientInfo } = inputs.right;
  const salt = sha256Sync(inputs.right.saltInput);
  return E.right({
    suite,
    clientToServer: hkdfSha256Sync(ikm, salt, clientToServerInfo, KEY_LENGTH),
    serverToClient: hkdfSha256Sync(ikm, salt, serverToClientInfo, KEY_LENGTH),
  });
}

/** An X25519 key share from a known private key. Only for test vectors (RFC 7748). */
export function importX25519KeyShareSync(privateKey: Uint8Array): NodeKeyShare {
  return x25519Share(privateKey);
}
