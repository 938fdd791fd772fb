// Drives the pure ServerHandshake machine for one connection: verifies the token or
// resume ticket, claims the player in the cluster's session directory, then runs
// @atlas/session's server glue: the node's key share, and on `established` the session
// keys and the AES-256-GCM channel (node:crypto, synchronous).
import * as E from 'fp-ts/lib/Either.js';
import * as nodeCrypto from '@atlas/crypto/node';
import type { NodeKeyShare } from '@atlas/crypto/node';
import { CloseCode, type ServerEstablished, type ServerHandshakeOutput, type VerifyOutput } from '@atlas/protocol';
import { serverChannel, serverKeyShare, sessionCodecs } from '@atlas/session';
import type { Refusal } from './auth';
import { newSessionId, newTicketId, type PlayerAuth } from './auth';
import type { CodecPolicy } from './codecs';
import { Phase, type ClientSession } from './session';
import { crashPoint } from '../crash-point';
import { sessionNow } from './session-clock';

/** What the driver needs from the node. */
export interface HandshakeDeps {
  readonly auth: PlayerAuth;
  readonly codecs: CodecPolicy;
  /** The derived pre-shared key, for the psk seal mode. */
  readonly psk: Uint8Array | undefined;
  keyRotationSeconds(): number;
  /** Consumes a resume ticket in the session directory (single use): the session's last known place, or why it is refused. */
  redeem(playerId: string, ticketId: string, sessionId: string): Promise<E.Either<Refusal, { position: { x: number; y: number; z: number } | null; lastClientSeq: number; serverId: string | null }>>;
  /** Makes room for the player on this node (supersedes a local duplicate, claims the directory with the new ticket's id). */
  admit(s: ClientSession, playerId: string, ticketId: string, resumed: boolean): Promise<E.Either<Refusal, void>>;
  /**
   * A claimed player whose socket closed before Welcome: release its claim (unless another
   * session holds it), or, for a resume, keep the record disconnected so the ticket the client
   * still holds resumes it on its next try.
   */
  abandoned(playerId: string, resumed: boolean): void;
  /** A resume redeemed `ticketId` and then neither claimed the session nor was refused cleanly: give the ticket back. */
  returnTicket(playerId: string, ticketId: string): void;
  /** Sends a raw handshake frame. */
  sendRaw(s: ClientSession, frame: Uint8Array | string): void;
  /** Closes the socket with a code (the machine already sent an Error). */
  end(s: ClientSession, code: number, reason: string): void;
  /** The handshake failed (metrics label), with the close code when the node refused it. */
  failed(reason: string, code?: number): void;
  /** The session is open. */
  established(s: ClientSession, resumed: boolean): void;
}

const EMPTY = new Uint8Array(0);

/** True when the connection closed or left the handshake (e.g. while a store call was awaited). */
function gone(s: ClientSession): boolean {
  return s.phase === Phase.Closed || s.handshake === null;
}

/** Maps a close code to a metrics label. */
export function failureReason(code: number): string {
  for (const [name, value] of Object.entries(CloseCode)) if (value === code) return name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));
  return `code_${code}`;
}

/** Runs handshake outputs for one session. */
export class HandshakeDriver {
  constructor(private readonly deps: HandshakeDeps) {}

  /** Carries out what the machine asked. */
  run(s: ClientSession, outs: readonly ServerHandshakeOutput[], share?: NodeKeyShare): void {
    for (const o of outs) {
      if (s.phase === Phase.Closed && o.kind !== 'failed') continue;
      switch (o.kind) {
        case 'send':
          this.deps.sendRaw(s, o.frame);
          break;
        case 'close':
          this.deps.end(s, o.code, o.reason);
          break;
        case 'failed':
          this.deps.failed(failureReason(o.code));
          break;
        case 'verify':
          this.verify(s, o).catch((e: unknown) => this.refuse(s, { code: CloseCode.InternalError, message: 'internal error', reason: `internal: ${(e as Error).message}` }));
          break;
        case 'established':
          this.open(s, o, share);
          break;
      }
    }
  }

  private async verify(s: ClientSession, o: VerifyOutput): Promise<void> {
    const c = o.connect;
    let playerId: string;
    let sessionId: string;
    let claims = '{}';
    const resumed = c.resumeTicket !== '';
    if (resumed) {
      const ticket = this.deps.auth.verifyTicket(c.resumeTicket);
      if (E.isLeft(ticket)) return this.refuse(s, ticket.left);
      // Single use: the directory consumes the ticket atomically, for a disconnected session only.
      const rec = await this.deps.redeem(ticket.right.playerId, ticket.right.ticketId, ticket.right.sessionId);
      if (E.isLeft(rec)) return this.refuse(s, rec.left);
      if (rec.right.position !== null) {
        s.x = rec.right.position.x;
        s.y = rec.right.position.y;
        s.z = rec.right.position.z;
        s.placed = true;
      }
      // What the player's server took, as the directory (or this node) knows: our Resume
      // asks the client for the rest, and a transfer hands the target no less.
      s.lastClientSeq = rec.right.lastClientSeq;
      s.takenSeq = rec.right.lastClientSeq;
      s.lastServer = rec.right.serverId;
      s.resumedTicketId = ticket.right.ticketId;
      playerId = ticket.right.playerId;
      sessionId = ticket.right.sessionId;
    } else {
      const who = this.deps.auth.authenticate(c.token);
      if (E.isLeft(who)) return this.refuse(s, who.left);
      playerId = who.right.playerId;
      claims = who.right.claims;
      sessionId = newSessionId();
    }
    // From here a redeemed ticket is this resume's: every way out before the claim gives it
    // back, or the client, which still holds it, would be refused on every node until this one died.
    const giveBack = (): void => {
      if (s.resumedTicketId !== null) this.deps.returnTicket(playerId, s.resumedTicketId);
    };
    if (gone(s)) return giveBack();
    const ticketId = newTicketId();
    const admitted = await this.deps.admit(s, playerId, ticketId, resumed);
    if (E.isRight(admitted)) s.playerId = playerId;
    else giveBack();
    if (gone(s)) {
      // The socket closed while the claim was made: give the claim back.
      if (E.isRight(admitted) && s.phase === Phase.Closed) this.deps.abandoned(playerId, resumed);
      return;
    }
    if (E.isLeft(admitted)) return this.refuse(s, admitted.left);
    if (resumed) crashPoint('resume-claimed');
    const made = serverKeyShare(nodeCrypto, c, sessionCodecs(o.codecs).encryption);
    if (E.isLeft(made)) return this.refuse(s, { code: CloseCode.ProtocolViolation, message: made.left, reason: 'bad_key_share' });
    const share = made.right;
    s.playerId = playerId;
    s.sessionId = sessionId;
    s.claims = claims;
    if (s.handshake === null) return;
    const outs = s.handshake.accept(
      { playerId, sessionId, serverKeyShare: share?.keyShare ?? EMPTY, resumeTicket: this.deps.auth.issueTicket(playerId, sessionId, ticketId), resumed },
      sessionNow(),
    );
    this.run(s, outs, share);
  }

  private open(s: ClientSession, o: ServerEstablished, share: NodeKeyShare | undefined): void {
    s.encoding = o.encoding;
    s.version = o.welcome.version;
    s.compressor = this.deps.codecs.compressorFor(sessionCodecs(o.welcome.codecs).compression);
    const channel = serverChannel(nodeCrypto, o, share, { psk: this.deps.psk, keyRotationSeconds: this.deps.keyRotationSeconds() });
    if (E.isLeft(channel)) return this.fail(s, channel.left);
    s.channel = channel.right;
    s.handshake = null;
    this.deps.established(s, o.welcome.resumed);
  }

  private fail(s: ClientSession, why: string): void {
    this.deps.failed('key_exchange');
    this.deps.end(s, CloseCode.ProtocolViolation, why);
  }

  private refuse(s: ClientSession, r: Refusal): void {
    if (s.handshake === null || s.phase === Phase.Closed) return;
    this.deps.failed(r.reason, r.code);
    // reject() sends an Error saying why, then asks for the close.
    const outs = s.handshake.reject(r.code, r.message, sessionNow()).filter((o) => o.kind !== 'failed');
    this.run(s, outs);
  }
}
