import * as E from 'fp-ts/lib/Either.js';
import { concatBytes, utf8 } from '../bytes';
import type { TokenError } from '../errors';
import { Labels } from '../labels';
import { checkTimes, decodeJsonObject, encodeJson, isNumericDate, malformed, toSeconds } from './signed-string';

/**
 * Resume tickets: `rt1.base64url(payload).base64url(signature)`, payload a JSON object
 * {pid, sid, nid, tid, iat, exp} (player, session, issuing node, ticket id, seconds).
 * The ticket id makes every issued ticket distinct, so the session directory can hold the
 * one ticket that may still resume a session and consume it once. Signed by a node
 * with the cluster's ticket secret so any node can verify; the HMAC covers the label
 * "atlas/1 resume ticket", 0x00, then `rt1.<payload>`, so a ticket can never pass as a
 * player token or the reverse, even under one secret.
 */
export const RESUME_TICKET_PREFIX = 'rt1';
/** Longest id (player, session, node) accepted in a ticket. */
export const MAX_TICKET_ID_LENGTH = 256;

/** What a node puts in a ticket. */
export interface IssueResumeTicketInput {
  readonly playerId: string;
  readonly sessionId: string;
  /** The issuing node (for logs and metrics; any node can verify). */
  readonly nodeId: string;
  /** A fresh id for this ticket (the session directory redeems it once); omitted in old tickets. */
  readonly ticketId?: string;
  readonly expiresInSeconds: number;
  /** Clock reading in ms (default Date.now()). */
  readonly now?: number;
}

/** Verification settings; pass the ids you expect to enforce the binding. */
export interface VerifyResumeTicketOptions {
  readonly playerId?: string;
  readonly sessionId?: string;
  /** Clock reading in ms (default Date.now()). */
  readonly now?: number;
  /** Tolerated clock difference between nodes, in seconds (default 0). */
  readonly clockSkewSeconds?: number;
}

/** A verified resume ticket. */
export interface ResumeTicket {
  readonly playerId: string;
  readonly sessionId: string;
  readonly nodeId: string;
  /** The ticket's own id ('' for tickets issued without one). */
  readonly ticketId: string;
  readonly issuedAt: number;
  /** Expiry, seconds since the epoch. */
  readonly expiresAt: number;
}

/** `rt1.<payload>`, the ticket without its signature. Bad input is a caller bug: TypeError. */
export function resumeTicketSignedPart(input: IssueResumeTicketInput): string {
  for (const [name, value] of [
    ['playerId', input.playerId],
    ['sessionId', input.sessionId],
    ['nodeId', input.nodeId],
  ] as const) {
    if (value.length === 0 || value.length > MAX_TICKET_ID_LENGTH) {
      throw new TypeError(`${name} must be 1..${MAX_TICKET_ID_LENGTH} characters`);
    }
  }
  if (!(input.expiresInSeconds > 0)) throw new TypeError('expiresInSeconds must be positive');
  const iat = toSeconds(input.now ?? Date.now());
  const payload = {
    pid: input.playerId,
    sid: input.sessionId,
    nid: input.nodeId,
    ...(input.ticketId === undefined ? {} : { tid: input.ticketId }),
    iat,
    exp: iat + Math.ceil(input.expiresInSeconds),
  };
  return `${RESUME_TICKET_PREFIX}.${encodeJson(payload)}`;
}

/** The bytes the ticket HMAC covers. */
export function resumeTicketMacInput(signedPart: string): Uint8Array {
  return concatBytes(utf8(Labels.resumeTicket), Uint8Array.of(0), utf8(signedPart));
}

/** Reads an authenticated `rt1.<payload>`, checks times and the player/session binding. */
export function readResumeTicket(signedPart: string, options: VerifyResumeTicketOptions): E.Either<TokenError, ResumeTicket> {
  const [prefix, payloadPart = ''] = signedPart.split('.');
  if (prefix !== RESUME_TICKET_PREFIX) return malformed(`ticket must start with ${RESUME_TICKET_PREFIX}.`);
  const payload = decodeJsonObject(payloadPart);
  if (payload === undefined) return malformed('ticket payload must be a JSON object');
  const { pid, sid, nid, tid, iat, exp } = payload;
  if (!isId(pid) || !isId(sid) || !isId(nid)) return malformed('ticket ids missing or invalid');
  if (tid !== undefined && !isId(tid)) return malformed('ticket id invalid');
  if (!isNumericDate(iat) || !isNumericDate(exp)) return malformed('ticket times missing or not numbers');
  const late = checkTimes(exp, undefined, options.now ?? Date.now(), options.clockSkewSeconds ?? 0);
  if (late !== undefined) return E.left(late);
  if (options.playerId !== undefined && options.playerId !== pid) return E.left({ kind: 'ticket-mismatch', field: 'playerId' });
  if (options.sessionId !== undefined && options.sessionId !== sid) {
    return E.left({ kind: 'ticket-mismatch', field: 'sessionId' });
  }
  return E.right({ playerId: pid, sessionId: sid, nodeId: nid, ticketId: tid ?? '', issuedAt: iat, expiresAt: exp });
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TICKET_ID_LENGTH;
}
