import * as E from 'fp-ts/lib/Either.js';
import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { decodeBase64url, encodeBase64url } from '../base64url';
import { concatBytes, isAllZero } from '../bytes';
import { Directions, type KeyExchangeError, type ParameterError } from '../errors';
import {
  inputKeyMaterial,
  KEY_LENGTH,
  saltInput,
  sessionKeyInfo,
  sharesInOrder,
  type DeriveSessionKeysInput,
  type SessionKeys,
} from '../key-schedule';
import {
  decodeKeyShare,
  encodeKeyShare,
  KeyExchangeSuites,
  negotiateSuite,
  PUBLIC_KEY_LENGTHS,
  type KeyExchangeSuite,
} from '../suites';
import { hkdfSha256Sync } from './aead';
import { asBytes, sha256Sync } from './subtle-sync';

/** An ephemeral key pair made with node:crypto; `keyShare` goes on the wire. */
export interface NodeKeyShare {
  readonly suite: KeyExchangeSuite;
  /** Suite byte + raw public key: put this in the hello (client) or welcome (server). */
  readonly keyShare: Uint8Array;
  readonly privateKey: KeyObject;
}

const X25519_PKCS8_PREFIX = Uint8Array.of(
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
);

// Public keys travel through JWK, not DER: OpenSSL 3's DER encoder/decoder lookups cost
// hundreds of microseconds per key, JWK export about one.
function rawPublicKey(jwk: JsonWebKey): Uint8Array {
  const x = decodeBase64url(jwk.x ?? '') ?? new Uint8Array(0);
  if (jwk.kty === 'OKP') return x;
  return concatBytes(Uint8Array.of(0x04), x, decodeBase64url(jwk.y ?? '') ?? new Uint8Array(0));
}

function publicKeyJwk(suite: KeyExchangeSuite, raw: Uint8Array): JsonWebKey {
  if (suite === KeyExchangeSuites.X25519) return { kty: 'OKP', crv: 'X25519', x: encodeBase64url(raw) };
  return { kty: 'EC', crv: 'P-256', x: encodeBase64url(raw.subarray(1, 33)), y: encodeBase64url(raw.subarray(33, 65)) };
}

/** A fresh ephemeral key share in `suite` (default X25519, which Node always supports). */
export function createKeyShareSync(
  suite: KeyExchangeSuite = KeyExchangeSuites.X25519,
): E.Either<KeyExchangeError, NodeKeyShare> {
  try {
    // The public key is exported as JWK inside the key-generation job. Exporting the
    // KeyObject afterwards (`publicKey.export`) can deadlock Node 20 when a GC runs the
    // job's destructor mid-export: seen as a node frozen after ~3,000 handshakes.
    // (@types/node lacks the 'jwk' publicKeyEncoding overload, hence the casts.)
    const generate = generateKeyPairSync as unknown as (type: string, options: object) => { publicKey: JsonWebKey; privateKey: KeyObject };
    const publicKeyEncoding = { format: 'jwk' };
    const pair =
      suite === KeyExchangeSuites.X25519
        ? generate('x25519', { publicKeyEncoding })
        : generate('ec', { namedCurve: 'prime256v1', publicKeyEncoding });
    const keyShare = encodeKeyShare(suite, rawPublicKey(pair.publicKey));
    // JWK coordinates are fixed-length by RFC 7518; guard anyway, a short share would fail at the peer.
    if (keyShare.length !== 1 + PUBLIC_KEY_LENGTHS[suite]) {
      return E.left({ kind: 'key-exchange-failed', reason: 'unexpected public key length' });
    }
    return E.right({ suite, keyShare, privateKey: pair.privateKey });
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
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: publicKeyJwk(local.suite, peer.right.publicKey), format: 'jwk' });
  } catch {
    return E.left({ kind: 'invalid-key-share', reason: 'public key rejected by node:crypto' });
  }
  try {
    const shared = asBytes(diffieHellman({ privateKey: local.privateKey, publicKey }));
    // A low-order X25519 point gives all zeros: RFC 7748 section 6.1 says to abort.
    if (isAllZero(shared)) return E.left({ kind: 'key-exchange-failed', reason: 'all-zero shared secret' });
    return E.right(shared);
  } catch {
    return E.left({ kind: 'key-exchange-failed', reason: 'key agreement failed' });
  }
}

/** deriveSessionKeys with node:crypto, synchronously; both give identical keys. */
export function deriveSessionKeysSync(
  input: DeriveSessionKeysInput<NodeKeyShare>,
): E.Either<KeyExchangeError | ParameterError, SessionKeys> {
  const shared = computeSharedSecretSync(input.local, input.peerKeyShare);
  if (E.isLeft(shared)) return shared;
  const ikm = inputKeyMaterial(shared.right, input.psk);
  if (E.isLeft(ikm)) return ikm;
  const [client, server] = sharesInOrder(input.role, input.local.keyShare, input.peerKeyShare);
  const salt = sha256Sync(saltInput(client, server, input.transcript));
  const withPsk = input.psk !== undefined;
  const suite = input.local.suite;
  return E.right({
    suite,
    clientToServer: hkdfSha256Sync(ikm.right, salt, sessionKeyInfo(Directions.ClientToServer, suite, withPsk), KEY_LENGTH),
    serverToClient: hkdfSha256Sync(ikm.right, salt, sessionKeyInfo(Directions.ServerToClient, suite, withPsk), KEY_LENGTH),
  });
}

/** An X25519 key share from a known private key. Only for test vectors (RFC 7748). */
export function importX25519KeyShareSync(privateKey: Uint8Array): NodeKeyShare {
  const der = concatBytes(X25519_PKCS8_PREFIX, privateKey);
  const key = createPrivateKey({ key: Buffer.from(der.buffer, der.byteOffset, der.length), format: 'der', type: 'pkcs8' });
  const publicKey = rawPublicKey(createPublicKey(key).export({ format: 'jwk' }));
  return { suite: KeyExchangeSuites.X25519, keyShare: encodeKeyShare(KeyExchangeSuites.X25519, publicKey), privateKey: key };
}
