/** Bearer-secret and loopback checks for the registration API and the admin endpoints. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { apiError, jsonReply, type HttpReply } from './reply';
import { isLoopbackPeer } from './peer';

/** Compares two secrets in constant time (hashing first, so lengths do not leak either). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match === null ? null : (match[1] ?? null);
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/** null when a game server may call the registration API; otherwise the refusal. */
export function checkRegistrationAuth(secret: string, authorization: string, peer: string): HttpReply | null {
  if (secret === '') {
    return isLoopbackPeer(peer)
      ? null
      : apiError(403, 'registration is accepted only from loopback addresses while security.registration_secret is empty');
  }
  const token = bearerToken(authorization);
  if (token === null) return apiError(401, 'missing Authorization: Bearer <registration secret>', [], CHALLENGE);
  return secretsEqual(token, secret) ? null : apiError(401, 'wrong registration secret', [], CHALLENGE);
}

/** null when the admin endpoints may answer; the token comes from `Authorization: Bearer` or `?token=`. */
export function checkAdminAuth(adminToken: string, authorization: string, queryToken: string, peer: string): HttpReply | null {
  if (adminToken === '') {
    // Config refuses an empty token off loopback; this keeps a misbound listener closed anyway.
    return isLoopbackPeer(peer) ? null : jsonReply(403, { error: 'admin endpoints are loopback-only while security.admin_token is empty' });
  }
  const token = bearerToken(authorization) ?? (queryToken === '' ? null : queryToken);
  if (token === null) return jsonReply(401, { error: 'admin token required (?token= or Authorization: Bearer)' }, CHALLENGE);
  return secretsEqual(token, adminToken) ? null : jsonReply(401, { error: 'wrong admin token' }, CHALLENGE);
}
