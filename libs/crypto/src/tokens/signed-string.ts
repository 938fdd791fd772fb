import * as E from 'fp-ts/lib/Either.js';
import { decodeBase64url, encodeBase64url } from '@atlas/common';
import { fromUtf8, secretBytes, utf8 } from '../bytes';
import { type ParameterError, type TokenError, weakParameters } from '../errors';

/** HMAC-SHA256 secrets shorter than the hash (32 bytes) are refused (RFC 7518 section 3.2). */
export const MIN_HMAC_SECRET_LENGTH = 32;
/** Longest token or ticket accepted, so a hostile string cannot cost much to check. */
export const MAX_SIGNED_STRING_LENGTH = 4096;
/** HMAC-SHA256 output length. */
export const SIGNATURE_LENGTH = 32;

/** The secret as bytes, if it is long enough for HMAC-SHA256. */
export function hmacSecret(secret: string | Uint8Array): E.Either<ParameterError, Uint8Array> {
  const bytes = secretBytes(secret);
  return bytes.length >= MIN_HMAC_SECRET_LENGTH
    ? E.right(bytes)
    : E.left(weakParameters(`HMAC secret must be at least ${MIN_HMAC_SECRET_LENGTH} bytes`));
}

/** A `<signed part>.<base64url signature>` string split into what the MAC covers and the MAC. */
export interface SplitSigned {
  readonly signed: string;
  readonly signature: Uint8Array;
}

/**
 * Splits a string whose last dot-separated part is the signature, checking size, part
 * count and encoding only; nothing inside is parsed before the signature is checked.
 */
export function splitSigned(text: unknown, parts: number): E.Either<TokenError, SplitSigned> {
  if (typeof text !== 'string') return malformed('not a string');
  if (text.length > MAX_SIGNED_STRING_LENGTH) return malformed(`longer than ${MAX_SIGNED_STRING_LENGTH} characters`);
  const pieces = text.split('.');
  if (pieces.length !== parts) return malformed(`expected ${parts} dot-separated parts, got ${pieces.length}`);
  const signature = decodeBase64url(pieces[parts - 1] as string);
  if (E.isLeft(signature) || signature.right.length !== SIGNATURE_LENGTH) return malformed('bad signature encoding');
  return E.right({ signed: text.slice(0, text.lastIndexOf('.')), signature: signature.right });
}

/** Parses a base64url-encoded JSON object (only ever called on authenticated bytes). */
export function decodeJsonObject(part: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64url(part);
  const text = E.isLeft(bytes) ? undefined : fromUtf8(bytes.right);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** base64url of a JSON value's UTF-8 text. */
export function encodeJson(value: unknown): string {
  return encodeBase64url(utf8(JSON.stringify(value)));
}

/** Seconds since the epoch for a millisecond clock reading. */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** Time checks shared by tokens and tickets: `exp` passed, or `nbf` not reached. */
export function checkTimes(
  expiresAt: number,
  notBefore: number | undefined,
  nowMs: number,
  clockSkewSeconds: number,
): TokenError | undefined {
  const now = nowMs / 1000;
  if (now >= expiresAt + clockSkewSeconds) return { kind: 'expired', expiredAt: expiresAt };
  if (notBefore !== undefined && now + clockSkewSeconds < notBefore) return { kind: 'not-yet-valid', notBefore };
  return undefined;
}

/** Shorthand for a malformed-token error. */
export function malformed<A>(reason: string): E.Either<TokenError, A> {
  return E.left({ kind: 'malformed-token', reason });
}

/** True for a finite number (a JWT NumericDate). */
export function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
