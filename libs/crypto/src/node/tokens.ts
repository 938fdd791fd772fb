import * as E from 'fp-ts/lib/Either.js';
import { createSecretKey } from 'node:crypto';
import { encodeBase64url } from '@atlas/common';
import { utf8 } from '../bytes';
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
import { hmacSha256Sync, timingSafeEqualBytes } from './subtle-sync';

/** Player tokens with node:crypto, synchronously (the node verifies them on its hot path). */
export interface PlayerTokensSync {
  /** A signed token (throws TypeError on invalid input: a caller bug). */
  issue(input: IssuePlayerTokenInput): string;
  /** Signature first (constant time), then format and times; never throws. */
  verify(token: unknown, options?: VerifyTokenOptions): E.Either<TokenError, PlayerToken>;
}

/** Resume tickets with node:crypto, synchronously. */
export interface ResumeTicketsSync {
  /** A signed ticket (throws TypeError on invalid input: a caller bug). */
  issue(input: IssueResumeTicketInput): string;
  /** Signature first (constant time), then format, times and binding; never throws. */
  verify(ticket: unknown, options?: VerifyResumeTicketOptions): E.Either<TokenError, ResumeTicket>;
}

/** createPlayerTokens with node:crypto; tokens interoperate both ways. */
export function createPlayerTokensSync(secret: string | Uint8Array): E.Either<ParameterError, PlayerTokensSync> {
  const bytes = hmacSecret(secret);
  if (E.isLeft(bytes)) return bytes;
  const key = createSecretKey(bytes.right);
  return E.right({
    issue(input) {
      const signed = playerTokenSigningInput(input);
      return `${signed}.${encodeBase64url(hmacSha256Sync(key, utf8(signed)))}`;
    },
    verify(token, options = {}) {
      const split = splitSigned(token, 3);
      if (E.isLeft(split)) return split;
      const expected = hmacSha256Sync(key, utf8(split.right.signed));
      if (!timingSafeEqualBytes(expected, split.right.signature)) return E.left({ kind: 'bad-signature' });
      return readPlayerToken(split.right.signed, options);
    },
  });
}

/** createResumeTickets with node:crypto; tickets interoperate both ways. */
export function createResumeTicketsSync(secret: string | Uint8Array): E.Either<ParameterError, ResumeTicketsSync> {
  const bytes = hmacSecret(secret);
  if (E.isLeft(bytes)) return bytes;
  const key = createSecretKey(bytes.right);
  return E.right({
    issue(input) {
      const signed = resumeTicketSignedPart(input);
      return `${signed}.${encodeBase64url(hmacSha256Sync(key, resumeTicketMacInput(signed)))}`;
    },
    verify(ticket, options = {}) {
      const split = splitSigned(ticket, 3);
      if (E.isLeft(split)) return split;
      const expected = hmacSha256Sync(key, resumeTicketMacInput(split.right.signed));
      if (!timingSafeEqualBytes(expected, split.right.signature)) return E.left({ kind: 'bad-signature' });
      return readResumeTicket(split.right.signed, options);
    },
  });
}
