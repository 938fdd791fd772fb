// Who a connecting client is: a verified player token (or an anonymous id when the
// config allows it), and resume tickets any node of the cluster can verify.
import { randomBytes, randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { describeCryptoError, type ResumeTicket } from '@atlas/crypto';
import { createPlayerTokensSync, createResumeTicketsSync, type PlayerTokensSync, type ResumeTicketsSync } from '@atlas/crypto/node';
import { CloseCode } from '@atlas/protocol';

/** Why a client was refused; `reason` is a short metrics label. */
export interface Refusal {
  readonly code: number;
  readonly message: string;
  readonly reason: string;
}

/** A verified (or anonymous) player. */
export interface Identity {
  readonly playerId: string;
  /** Token claims as JSON object text. */
  readonly claims: string;
}

/** The security settings auth needs. */
export interface AuthSettings {
  readonly token_secret: string;
  readonly allow_anonymous: boolean;
  readonly resume_ticket_ttl: number;
}

/**
 * How long a ticket's signature is trusted. It is not the ticket's validity: a ticket
 * resumes a session only while the session directory keeps that ticket for a session
 * that disconnected at most `resume_ticket_ttl` seconds ago (the record's TTL), once.
 * The signature must outlive the session (a ticket is handed out at Welcome), so this is
 * long; it only bounds how long a leaked ticket secret's old tickets are worth checking.
 */
export const TICKET_SIGNATURE_LIFETIME_S = 7 * 24 * 3600;

/** Token and ticket checks of one node. */
export class PlayerAuth {
  private readonly tokens: PlayerTokensSync | undefined;
  private readonly tickets: ResumeTicketsSync | undefined;

  constructor(
    private readonly settings: AuthSettings,
    private readonly nodeId: string,
  ) {
    const secret = settings.token_secret;
    const tokens = secret === '' ? undefined : createPlayerTokensSync(secret);
    this.tokens = tokens !== undefined && E.isRight(tokens) ? tokens.right : undefined;
    // Without a shared secret tickets only work on this node: a per-process key.
    const tickets = createResumeTicketsSync(secret === '' ? randomBytes(32) : secret);
    this.tickets = E.isRight(tickets) ? tickets.right : undefined;
  }

  /** True when resume tickets are issued at all (`resume_ticket_ttl` > 0). */
  get resumeEnabled(): boolean {
    return this.settings.resume_ticket_ttl > 0 && this.tickets !== undefined;
  }

  /** Verifies a token, or admits an anonymous player when allowed. */
  authenticate(token: string): E.Either<Refusal, Identity> {
    if (token !== '' && this.tokens !== undefined) {
      const verified = this.tokens.verify(token, { clockSkewSeconds: 30 });
      if (E.isLeft(verified)) {
        return E.left({ code: CloseCode.AuthFailed, message: `player token refused: ${describeCryptoError(verified.left)}`, reason: verified.left.kind.replace(/-/g, '_') });
      }
      return E.right({ playerId: verified.right.playerId, claims: JSON.stringify(verified.right.claims) });
    }
    if (this.settings.allow_anonymous) return E.right({ playerId: `anon-${randomUUID()}`, claims: '{}' });
    return E.left({ code: CloseCode.AuthFailed, message: token === '' ? 'a player token is required' : 'player tokens cannot be verified (no token secret)', reason: 'no_token' });
  }

  /** A ticket with id `ticketId` for this session, or '' when resume is disabled. */
  issueTicket(playerId: string, sessionId: string, ticketId: string): string {
    if (!this.resumeEnabled || this.tickets === undefined) return '';
    try {
      return this.tickets.issue({ playerId, sessionId, nodeId: this.nodeId, ticketId, expiresInSeconds: TICKET_SIGNATURE_LIFETIME_S });
    } catch {
      return '';
    }
  }

  /** Verifies a resume ticket's signature, format and expiry. */
  verifyTicket(ticket: string): E.Either<Refusal, ResumeTicket> {
    if (!this.resumeEnabled || this.tickets === undefined) return E.left({ code: CloseCode.ResumeFailed, message: 'resume is disabled on this node', reason: 'resume_disabled' });
    const verified = this.tickets.verify(ticket, { clockSkewSeconds: 30 });
    if (E.isLeft(verified)) return E.left({ code: CloseCode.ResumeFailed, message: `resume ticket refused: ${describeCryptoError(verified.left)}`, reason: 'bad_ticket' });
    return verified;
  }
}

/** A fresh session id. */
export function newSessionId(): string {
  return randomUUID();
}

/** A fresh resume ticket id (128 random bits). */
export function newTicketId(): string {
  return randomBytes(16).toString('base64url');
}
