import * as E from 'fp-ts/lib/Either.js';
import { constantTimeEqual } from '../bytes';
import type { ParameterError, TokenError } from '../errors';
import type { IssuePlayerTokenInput, PlayerToken, VerifyTokenOptions } from '../tokens/player-token';
import type { IssueResumeTicketInput, ResumeTicket, VerifyResumeTicketOptions } from '../tokens/resume-ticket';
import { joinSigned, PLAYER_TOKEN_FORMAT, RESUME_TICKET_FORMAT, type SignedFormat } from '../tokens/signed-format';
import { hmacSecret, splitSigned } from '../tokens/signed-string';
import { hmacSha256, importHmacKey } from './subtle';

/** Issues and verifies signed strings of one format with WebCrypto. */
export interface SignedStrings<Input, Options, Verified> {
  /** A signed string (throws TypeError on invalid input: a caller bug). */
  issue(input: Input): Promise<string>;
  /** Signature first (constant time), then format, times and any binding; never rejects. */
  verify(signed: unknown, options?: Options): Promise<E.Either<TokenError, Verified>>;
}

/** Issues and verifies HS256 player tokens with WebCrypto. */
export type PlayerTokens = SignedStrings<IssuePlayerTokenInput, VerifyTokenOptions, PlayerToken>;

/** Issues and verifies node-signed resume tickets with WebCrypto. */
export type ResumeTickets = SignedStrings<IssueResumeTicketInput, VerifyResumeTicketOptions, ResumeTicket>;

/** Player tokens under an HMAC secret of at least 32 bytes. */
export function createPlayerTokens(secret: string | Uint8Array): Promise<E.Either<ParameterError, PlayerTokens>> {
  return signedStrings(PLAYER_TOKEN_FORMAT, secret);
}

/** Resume tickets under the cluster's ticket secret (at least 32 bytes). */
export function createResumeTickets(secret: string | Uint8Array): Promise<E.Either<ParameterError, ResumeTickets>> {
  return signedStrings(RESUME_TICKET_FORMAT, secret);
}

async function signedStrings<Input, Options, Verified>(
  format: SignedFormat<Input, Options, Verified>,
  secret: string | Uint8Array,
): Promise<E.Either<ParameterError, SignedStrings<Input, Options, Verified>>> {
  const bytes = hmacSecret(secret);
  if (E.isLeft(bytes)) return bytes;
  const key = await importHmacKey(bytes.right);
  return E.right({
    async issue(input) {
      const signed = format.signedPart(input);
      return joinSigned(signed, await hmacSha256(key, format.macInput(signed)));
    },
    async verify(signed, options) {
      const split = splitSigned(signed, format.parts);
      if (E.isLeft(split)) return split;
      const expected = await hmacSha256(key, format.macInput(split.right.signed));
      if (!constantTimeEqual(expected, split.right.signature)) return E.left({ kind: 'bad-signature' });
      return format.read(split.right.signed, options);
    },
  });
}
