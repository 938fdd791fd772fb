import * as E from 'fp-ts/lib/Either.js';
import { createSecretKey } from 'node:crypto';
import type { ParameterError, TokenError } from '../errors';
import type { IssuePlayerTokenInput, PlayerToken, VerifyTokenOptions } from '../tokens/player-token';
import type { IssueResumeTicketInput, ResumeTicket, VerifyResumeTicketOptions } from '../tokens/resume-ticket';
import { joinSigned, PLAYER_TOKEN_FORMAT, RESUME_TICKET_FORMAT, type SignedFormat } from '../tokens/signed-format';
import { hmacSecret, splitSigned } from '../tokens/signed-string';
import { hmacSha256Sync, timingSafeEqualBytes } from './subtle-sync';

/** Signed strings of one format with node:crypto, synchronously (the node verifies them on its hot path). */
export interface SignedStringsSync<Input, Options, Verified> {
  /** A signed string (throws TypeError on invalid input: a caller bug). */
  issue(input: Input): string;
  /** Signature first (constant time), then format, times and any binding; never throws. */
  verify(signed: unknown, options?: Options): E.Either<TokenError, Verified>;
}

/** Player tokens with node:crypto, synchronously. */
export type PlayerTokensSync = SignedStringsSync<IssuePlayerTokenInput, VerifyTokenOptions, PlayerToken>;

/** Resume tickets with node:crypto, synchronously. */
export type ResumeTicketsSync = SignedStringsSync<IssueResumeTicketInput, VerifyResumeTicketOptions, ResumeTicket>;

/** createPlayerTokens with node:crypto; tokens interoperate both ways. */
export function createPlayerTokensSync(secret: string | Uint8Array): E.Either<ParameterError, PlayerTokensSync> {
  return signedStringsSync(PLAYER_TOKEN_FORMAT, secret);
}

/** createResumeTickets with node:crypto; tickets interoperate both ways. */
export function createResumeTicketsSync(secret: string | Uint8Array): E.Either<ParameterError, ResumeTicketsSync> {
  return signedStringsSync(RESUME_TICKET_FORMAT, secret);
}

function signedStringsSync<Input, Options, Verified>(
  format: SignedFormat<Input, Options, Verified>,
  secret: string | Uint8Array,
): E.Either<ParameterError, SignedStringsSync<Input, Options, Verified>> {
  const bytes = hmacSecret(secret);
  if (E.isLeft(bytes)) return bytes;
  const key = createSecretKey(bytes.right);
  return E.right({
    issue(input) {
      const signed = format.signedPart(input);
      return joinSigned(signed, hmacSha256Sync(key, format.macInput(signed)));
    },
    verify(signed, options) {
      const split = splitSigned(signed, format.parts);
      if (E.isLeft(split)) return split;
      const expected = hmacSha256Sync(key, format.macInput(split.right.signed));
      if (!timingSafeEqualBytes(expected, split.right.signature)) return E.left({ kind: 'bad-signature' });
      return format.read(split.right.signed, options);
    },
  });
}
