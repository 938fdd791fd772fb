// The node identity key from `[security]`: read once at start-up (inline PEM or the key
// file), so a bad key stops the node before it listens rather than at the first player.
import { encodeBase64 } from '@atlas/common';
import type { SecurityConfig } from '@atlas/config';
import { describeCryptoError } from '@atlas/crypto';
import { loadNodeIdentity, type NodeIdentity } from '@atlas/crypto/node';
import * as E from 'fp-ts/lib/Either.js';
import { readFileSync } from 'node:fs';

export type { NodeIdentity };

/** The identity to sign Welcomes with; undefined when none is configured. */
export function nodeIdentityFrom(
  security: Pick<SecurityConfig, 'node_identity_key' | 'node_identity_key_file'>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): E.Either<string, NodeIdentity | undefined> {
  const file = security.node_identity_key_file;
  let pem = security.node_identity_key;
  if (file !== '') {
    try {
      pem = readFile(file);
    } catch (e) {
      return E.left(`security.node_identity_key_file: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (pem === '') return E.right(undefined);
  const identity = loadNodeIdentity(pem);
  const where = file !== '' ? `security.node_identity_key_file (${file})` : 'security.node_identity_key';
  return E.isLeft(identity) ? E.left(`${where}: ${describeCryptoError(identity.left)}`) : E.right(identity.right);
}

/** The pin clients configure for `identity` (base64 of the raw public key). */
export function nodePin(identity: NodeIdentity): string {
  return encodeBase64(identity.publicKey);
}
