import * as E from 'fp-ts/lib/Either.js';
import { constantTimeEqual } from '../bytes';
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
import { hkdfSha256, hmacSha256, importHmacKey, pbkdf2Sha256 } from './subtle';

/** The 32-byte pre-shared key: PBKDF2-HMAC-SHA256(secret, salt, iterations), policy enforced. */
export async function derivePreSharedKey(config: PreSharedKeyConfig): Promise<E.Either<ParameterError, Uint8Array>> {
  const valid = validatePskConfig(config);
  if (E.isLeft(valid)) return valid;
  const { secret, salt, iterations } = valid.right;
  return E.right(await pbkdf2Sha256(secret, salt, iterations, PRE_SHARED_KEY_LENGTH));
}

/** The 32-byte link proof: HMAC-SHA256(HKDF(psk, "atlas/1 link key"), linkProofMessage(input)). */
export async function createLinkProof(psk: Uint8Array, input: LinkProofInput): Promise<E.Either<ParameterError, Uint8Array>> {
  const message = linkProofMessage(input);
  if (E.isLeft(message)) return message;
  const linkKey = await importHmacKey(await hkdfSha256(psk, new Uint8Array(0), LINK_KEY_INFO, KEY_LENGTH));
  return E.right(await hmacSha256(linkKey, message.right));
}

/** Checks the peer's proof (pass the peer's role in `input`), in constant time. */
export async function verifyLinkProof(
  psk: Uint8Array,
  proof: Uint8Array,
  input: LinkProofInput,
): Promise<E.Either<LinkProofError, void>> {
  const expected = await createLinkProof(psk, input);
  if (E.isLeft(expected)) return expected;
  return constantTimeEqual(expected.right, proof) ? E.right(undefined) : E.left({ kind: 'bad-proof' });
}
