// The node identity key: node:crypto signs, WebCrypto verifies against pins given either
// way (raw key or SubjectPublicKeyInfo, as `openssl pkey -pubout` prints it).
import { encodeBase64 } from '@atlas/common';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { generateKeyPairSync } from 'node:crypto';
import { parseNodeKey } from '../node-identity';
import { verifyNodeSignature } from '../web/node-identity';
import { loadNodeIdentity } from './node-identity';

function identity() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const loaded = loadNodeIdentity(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  if (E.isLeft(loaded)) throw new Error(loaded.left.kind);
  return { id: loaded.right, pem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

describe('node identity', () => {
  const a = identity();
  const b = identity();

  it('reads a pin as the raw key, as the PEM body, or as the whole PEM', () => {
    const body = a.pem.split('\n').slice(1, -2).join('');
    for (const pin of [encodeBase64(a.id.publicKey), body, a.pem]) expect(parseNodeKey(pin)).toEqual(E.right(a.id.publicKey));
  });

  it('refuses pins that name no Ed25519 key', () => {
    for (const pin of ['', 'not base64!', encodeBase64(new Uint8Array(31)), encodeBase64(new Uint8Array(44))]) {
      expect(parseNodeKey(pin)).toMatchObject({ left: { kind: 'invalid-node-key' } });
    }
  });

  it('refuses private keys that are not Ed25519 or not PEM', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(loadNodeIdentity(p256)).toMatchObject({ left: { kind: 'invalid-node-key' } });
    expect(loadNodeIdentity('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')).toMatchObject({ left: { kind: 'invalid-node-key' } });
  });

  it('verifies what the node signed under its pin, among others, and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 }), async (message, at, flip) => {
        const sig = a.id.sign(message);
        expect(await verifyNodeSignature([b.id.publicKey, a.id.publicKey], message, sig)).toEqual(E.right(undefined));
        expect(await verifyNodeSignature([b.id.publicKey], message, sig)).toEqual(E.left({ kind: 'unknown-node' }));
        const bad = sig.slice();
        bad[at % bad.length] = (bad[at % bad.length] as number) ^ flip;
        expect(await verifyNodeSignature([a.id.publicKey], message, bad)).toEqual(E.left({ kind: 'unknown-node' }));
        if (message.length > 0) {
          const other = message.slice();
          other[at % other.length] = (other[at % other.length] as number) ^ flip;
          expect(await verifyNodeSignature([a.id.publicKey], other, sig)).toEqual(E.left({ kind: 'unknown-node' }));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('calls a missing signature unsigned', async () => {
    expect(await verifyNodeSignature([a.id.publicKey], Uint8Array.of(1), undefined)).toEqual(E.left({ kind: 'unsigned-node' }));
    expect(await verifyNodeSignature([a.id.publicKey], Uint8Array.of(1), new Uint8Array(0))).toEqual(E.left({ kind: 'unsigned-node' }));
  });
});
