import * as E from 'fp-ts/lib/Either.js';
import { encodeBase64url } from '@atlas/common';
import { utf8 } from '../bytes';
import type { TokenError } from '../errors';
import { checkTimes, decodeJsonObject, encodeJson, isNumericDate, malformed, toSeconds } from './signed-string';

/**
 * Player tokens are JWTs (RFC 7519) in JWS compact form with HS256 (HMAC-SHA256):
 * `base64url(header).base64url(payload).base64url(signature)`, so a game's auth
 * service can issue them with any JWT library. The header must say alg "HS256"; the
 * payload must carry `sub` (player id) and `exp` (seconds); `iat`/`nbf` are optional;
 * every other member is an application claim. See docs/encryption.md.
 */
export const PLAYER_TOKEN_HEADER: string = encodeBase64url(utf8('{"alg":"HS256","typ":"JWT"}'));

/** Registered claim names the token format reserves. */
export const RESERVED_CLAIMS: readonly string[] = ['sub', 'exp', 'iat', 'nbf'];
/** Longest player id accepted. */
export const MAX_PLAYER_ID_LENGTH = 256;

/** What an auth service puts in a token. */
export interface IssuePlayerTokenInput {
  readonly playerId: string;
  /** Lifetime from `now`. */
  readonly expiresInSeconds: number;
  /** Application claims (JSON values; not sub/exp/iat/nbf). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Clock reading in ms (default Date.now()). */
  readonly now?: number;
}

/** Verification settings. */
export interface VerifyTokenOptions {
  /** Clock reading in ms (default Date.now()). */
  readonly now?: number;
  /** Tolerated clock difference with the issuer, in seconds (default 0). */
  readonly clockSkewSeconds?: number;
}

/** A verified player token. */
export interface PlayerToken {
  readonly playerId: string;
  /** Expiry, seconds since the epoch. */
  readonly expiresAt: number;
  readonly issuedAt?: number;
  readonly notBefore?: number;
  /** Every payload member except sub/exp/iat/nbf. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** `header.payload`, the part the HMAC covers. Bad input is a caller bug: TypeError. */
export function playerTokenSigningInput(input: IssuePlayerTokenInput): string {
  if (input.playerId.length === 0 || input.playerId.length > MAX_PLAYER_ID_LENGTH) {
    throw new TypeError(`playerId must be 1..${MAX_PLAYER_ID_LENGTH} characters`);
  }
  if (!(input.expiresInSeconds > 0)) throw new TypeError('expiresInSeconds must be positive');
  const claims = input.claims ?? {};
  for (const name of RESERVED_CLAIMS) {
    if (name in claims) throw new TypeError(`claim "${name}" is reserved`);
  }
  const iat = toSeconds(input.now ?? Date.now());
  const payload = { sub: input.playerId, iat, exp: iat + Math.ceil(input.expiresInSeconds), ...claims };
  return `${PLAYER_TOKEN_HEADER}.${encodeJson(payload)}`;
}

/** Reads an authenticated `header.payload` and checks its times. */
export function readPlayerToken(signed: string, options: VerifyTokenOptions): E.Either<TokenError, PlayerToken> {
  const [headerPart = '', payloadPart = ''] = signed.split('.');
  const header = decodeJsonObject(headerPart);
  if (header === undefined || header['alg'] !== 'HS256') return malformed('header must be a JSON object with alg HS256');
  if (header['typ'] !== undefined && header['typ'] !== 'JWT') return malformed('header typ must be JWT');
  if (header['crit'] !== undefined) return malformed('critical header parameters are not supported');
  const payload = decodeJsonObject(payloadPart);
  if (payload === undefined) return malformed('payload must be a JSON object');
  const { sub, exp, iat, nbf, ...claims } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_PLAYER_ID_LENGTH) {
    return malformed('sub (player id) missing or invalid');
  }
  if (!isNumericDate(exp)) return malformed('exp missing or not a number');
  if (iat !== undefined && !isNumericDate(iat)) return malformed('iat not a number');
  if (nbf !== undefined && !isNumericDate(nbf)) return malformed('nbf not a number');
  const late = checkTimes(exp, nbf, options.now ?? Date.now(), options.clockSkewSeconds ?? 0);
  if (late !== undefined) return E.left(late);
  return E.right({
    playerId: sub,
    expiresAt: exp,
    ...(iat === undefined ? {} : { issuedAt: iat }),
    ...(nbf === undefined ? {} : { notBefore: nbf }),
    claims,
  });
}
