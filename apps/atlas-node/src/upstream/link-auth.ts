// Pre-shared-key auth of the node's upstream links. The proofs come from
// `@atlas/crypto/node`'s createLinkAuth, which the game-server SDK uses too, so both ends
// compute the same bytes; this only adapts the node's `[security]` settings to it.
import * as E from 'fp-ts/lib/Either.js';
import type { SecurityConfig } from '@atlas/config';
import { createLinkAuth, derivePreSharedKeySync, type LinkAuth } from '@atlas/crypto/node';

export type { LinkAuth };

/**
 * The pre-shared key from `security.psk` with PBKDF2 (`psk_salt`, `pbkdf2_iterations`);
 * undefined when psk is empty. Blocks for the PBKDF2 run: call it once at start-up.
 */
export function derivePsk(security: Pick<SecurityConfig, 'psk' | 'psk_salt' | 'pbkdf2_iterations'>): E.Either<string, Uint8Array | undefined> {
  if (security.psk === '') return E.right(undefined);
  const key = derivePreSharedKeySync({ secret: security.psk, salt: security.psk_salt, iterations: security.pbkdf2_iterations });
  return E.isRight(key) ? E.right(key.right) : E.left(`security.psk: ${key.left.reason}`);
}

/** Link auth over a derived key (undefined: no authentication, for trusted networks and the demo). */
export function linkAuthFor(psk: Uint8Array | undefined): E.Either<string, LinkAuth> {
  const auth = createLinkAuth(psk);
  return E.isRight(auth) ? E.right(auth.right) : E.left(auth.left.message);
}
