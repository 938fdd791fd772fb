import * as E from 'fp-ts/lib/Either.js';
import type { LinkProofError, ParameterError } from '../errors';
import { KEY_LENGTH } from '../key-schedule';
import {
  LINK_KEY_INFO,
  linkProofMessage,
  PRE_SHARED_KEY_LENGTH,
  validatePskConfig,
  type LinkProofInput,
  type PreSharedKeyConfig,
} from '../psk';
import { hkdfSha256Sync } from './aead';
import { hmacSha256Sync, pbkdf2Sha256Sync, timingSafeEqualBytes } from './subtle-sync';

/** derivePreSharedKey with node:crypto, synchronously (blocks for the PBKDF2 run: do it at start-up). */
export function derivePreSharedKeySync(config: PreSharedKeyConfig): E.Either<ParameterError, Uint8Array> {
  const valid = validatePskConfig(config);
  if (E.isLeft(valid)) return valid;
  const { secret, salt, iterations } = valid.right;
  return E.right(pbkdf2Sha256Sync(secret, salt, iterations, PRE_SHARED_KEY_LENGTH));
}

/** createLinkProof with node:crypto, synchronously; same bytes. */
export function createLinkProofSync(psk: Uint8Array, input: LinkProofInput): E.Either<ParameterError, Uint8Array> {
  const message = linkProofMessage(input);
  if (E.isLeft(message)) return message;
  const linkKey = hkdfSha256Sync(psk, new Uint8Array(0), LINK_KEY_INFO, KEY_LENGTH);
  return E.right(hmacSha256Sync(linkKey, message.right));
}

/** verifyLinkProof with node:crypto, synchronously (constant-time comparison). */
export function verifyLinkProofSync(psk: Uint8Array, proof: Uint8Array, input: LinkProofInput): E.Either<LinkProofError, void> {
  const expected = createLinkProofSync(psk, input);
  if (E.isLeft(expected)) return expected;
  return timingSafeEqualBytes(expected.right, proof) ? E.right(undefined) : E.left({ kind: 'bad-proof' });
}
