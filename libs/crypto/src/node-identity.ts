// The node identity key: one Ed25519 key (or a small set, while rotating) that every node
// of a cluster signs its version-2 Welcome with, and whose public half clients pin. A pin
// is the base64 of the 32-byte raw public key or of its SubjectPublicKeyInfo, which is the
// body of the PEM `openssl pkey -pubout` prints, so either can be pasted.
import { decodeBase64 } from '@atlas/common';
import * as E from 'fp-ts/lib/Either.js';
import type { NodeIdentityError } from './errors';

/** Bytes of a raw Ed25519 public key. */
export const NODE_KEY_LENGTH = 32;
/** Bytes of an Ed25519 signature. */
export const NODE_SIGNATURE_LENGTH = 64;

/** DER of SubjectPublicKeyInfo { id-Ed25519 } up to the key bytes (RFC 8410). */
const SPKI_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00);

/** The raw public key a pin names, or why it names none. */
export function parseNodeKey(pin: string): E.Either<NodeIdentityError, Uint8Array> {
  const body = pin.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  const decoded = decodeBase64(body);
  if (E.isLeft(decoded)) return E.left({ kind: 'invalid-node-key', reason: `not base64 (at character ${decoded.left})` });
  const bytes = decoded.right;
  if (bytes.length === NODE_KEY_LENGTH) return E.right(bytes);
  if (bytes.length === SPKI_PREFIX.length + NODE_KEY_LENGTH && SPKI_PREFIX.every((b, i) => bytes[i] === b)) return E.right(bytes.slice(SPKI_PREFIX.length));
  return E.left({ kind: 'invalid-node-key', reason: `${bytes.length} bytes: expected a 32-byte Ed25519 key or its SubjectPublicKeyInfo` });
}
