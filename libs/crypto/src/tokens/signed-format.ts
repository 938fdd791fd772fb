import type * as E from 'fp-ts/lib/Either.js';
import { encodeBase64url } from '@atlas/common';
import { utf8 } from '../bytes';
import type { TokenError } from '../errors';
import { playerTokenSigningInput, readPlayerToken, type IssuePlayerTokenInput, type PlayerToken, type VerifyTokenOptions } from './player-token';
import {
  readResumeTicket,
  resumeTicketMacInput,
  resumeTicketSignedPart,
  type IssueResumeTicketInput,
  type ResumeTicket,
  type VerifyResumeTicketOptions,
} from './resume-ticket';

/**
 * One kind of HMAC-signed string, `<signed part>.<base64url MAC>`, apart from the MAC
 * itself: what the MAC covers, the bytes it is computed over, and how the authenticated
 * part is read. The node:crypto and WebCrypto signers take one of these, so both
 * backends issue and accept the very same strings and differ only in how they run HMAC.
 */
export interface SignedFormat<Input, Options, Verified> {
  /** Dot-separated parts of the whole string, the MAC included. */
  readonly parts: number;
  /** The part the MAC covers; bad input is a caller bug: TypeError. */
  signedPart(input: Input): string;
  /** The bytes the MAC is computed over. */
  macInput(signedPart: string): Uint8Array;
  /** Reads an authenticated signed part: format, times and any binding. */
  read(signedPart: string, options?: Options): E.Either<TokenError, Verified>;
}

/** Player tokens: HS256 JWTs, the MAC over `header.payload` as UTF-8. */
export const PLAYER_TOKEN_FORMAT: SignedFormat<IssuePlayerTokenInput, VerifyTokenOptions, PlayerToken> = {
  parts: 3,
  signedPart: playerTokenSigningInput,
  macInput: utf8,
  read: (signedPart, options = {}) => readPlayerToken(signedPart, options),
};

/** Resume tickets: `rt1.<payload>`, the MAC over a labelled copy of it. */
export const RESUME_TICKET_FORMAT: SignedFormat<IssueResumeTicketInput, VerifyResumeTicketOptions, ResumeTicket> = {
  parts: 3,
  signedPart: resumeTicketSignedPart,
  macInput: resumeTicketMacInput,
  read: (signedPart, options = {}) => readResumeTicket(signedPart, options),
};

/** The whole signed string: the signed part, a dot, the MAC in base64url. */
export function joinSigned(signedPart: string, mac: Uint8Array): string {
  return `${signedPart}.${encodeBase64url(mac)}`;
}
