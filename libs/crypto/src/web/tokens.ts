import * as E from 'fp-ts/lib/Either.js';
import { encodeBase64url } from '@atlas/common';
import { constantTimeEqual, utf8 } from '../bytes';
import type { ParameterError, TokenError } from '../errors';
import {
  playerTokenSigningInput,
  readPlayerToken,
  type IssuePlayerTokenInput,
  type PlayerToken,
  type VerifyTokenOptions,
} from '../tokens/player-token';
import {
  readResumeTicket,
  resumeTicketMacInput,
  resumeTicketSignedPart,
  type IssueResumeTicketInput,
  type ResumeTicket,
  type VerifyResumeTicketOptions,
} from '../tokens/resume-ticket';
import { hmacSecret, splitSigned } from '../tokens/signed-string';
import { hmacSha256, importHmacKey } from './subtle';

/** Issues and verifies HS256 player tokens with WebCrypto. */
export interface PlayerTokens {
  /** A signed token (throws TypeError on invalid input: a caller bug). */
  issue(input: IssuePlayerTokenInput): Promise<string>;
  /** Signature first (constant time), then format and times; never rejects. */
  verify(token: unknown, options?: VerifyTokenOptions): Promise<E.Either<TokenError, PlayerToken>>;
}

/** Issues and verifies node-signed resume tickets with WebCrypto. */
export interface ResumeTickets {
  /** A signed ticket (throws TypeError on invalid input: a caller bug). */
  issue(input: IssueResumeTicketInput): Promise<string>;
  /** Signature first (constant time), then format, times and binding; never rejects. */
  verify(ticket: unknown, options?: VerifyResumeTicketOptions): Promise<E.Either<TokenError, ResumeTicket>>;
}

/** Player tokens under an HMAC secret of at least 32 bytes. */
export async function createPlayerTokens(secret: string | Uint8Array): Promise<E.Either<ParameterError, PlayerTokens>> {
  const bytes = hmacSecret(secret);
  if (E.isLeft(bytes)) return bytes;
  const key = await importHmacKey(bytes.right);
  return E.right({
    async issue(input) {
      const signed = playerTokenSigningInput(input);
      return `${signed}.${encodeBase64url(await hmacSha256(key, utf8(signed)))}`;
    },
    async verify(token, options = {}) {
      const split = splitSigned(token, 3);
      if (E.isLeft(split)) return split;
      const expected = await hmacSha256(key, utf8(split.right.signed));
      if (!constantTimeEqual(expected, split.right.signature)) return E.left({ kind: 'bad-signature' });
      return readPlayerToken(split.right.signed, options);
    },
  });
}

/** Resume tickets under the cluster's ticket secret (at least 32 bytes). */
export async function createResumeTickets(secret: string | Uint8Array): Promise<E.Either<ParameterError, ResumeTickets>> {
  const bytes = hmacSecret(secret);
  if (E.isLeft(bytes)) return bytes;
  const key = await importHmacKey(bytes.right);
  return E.right({
    async issue(input) {
      const signed = resumeTicketSignedPart(input);
      return `${signed}.${encodeBase64url(await hmacSha256(key, resumeTicketMacInput(signed)))}`;
    },
    async verify(ticket, options = {}) {
      const split = splitSigned(ticket, 3);
      if (E.isLeft(split)) return split;
      const expected = await hmacSha256(key, resumeTicketMacInput(split.right.signed));
      if (!constantTimeEqual(expected, split.right.signature)) return E.left({ kind: 'bad-signature' });
      return readResumeTicket(split.right.signed, options);
    },
  });
}
