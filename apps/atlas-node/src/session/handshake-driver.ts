// Drives the pure ServerHandshake machine for one connection: verifies the token or
// resume ticket, claims the player in the cluster's session directory, then runs
// @atlas/session's server glue: the node's key share, and on `established` the session
// keys and the AES-256-GCM channel (node:crypto, synchronous).
import * as E from 'fp-ts/Either';
import * as nodeCrypto from '@atlas/crypto/node';
import type { NodeKeyShare } from '@atlas/crypto/node';
import { CloseCode, type ServerEstablished, type ServerHandshakeOutput, type VerifyOutput } from '@atlas/protocol';
import { serverChannel, serverKeyShare, sessionCodecs } from '@atlas/session';
import type { Refusal } from './auth';
import { newSessionId, type PlayerAuth } from './auth';
import type { CodecPolicy } from './codecs';
import { Phase, type ClientSession } from './session';

/** What the driver needs from the node. */
export interface HandshakeDeps {
  readonly auth: PlayerAuth;
  readonly codecs: CodecPolicy;
  /** The derived pre-shared key, for the psk seal mode. */
  readonly psk: Uint8Array | undefined;
  keyRotationSeconds(): number;
  /** Resolves a resume: the directory record's session id (null: no record) or 'unavailable'. */
  recordOf(
    playerId: string,
  ): Promise<{ sessionId: string | null; position: { x: number; y: number; z: number } | null; lastClientSeq: number } | null | 'unavailable'>;
  /** Makes room for the player on this node (supersedes a local duplicate, claims the directory). */
  admit(s: ClientSession, playerId: string, sessionId: string, resumed: boolean): Promise<E.Either<Refusal, void>>;
  /** A claimed player whose socket closed before Welcome: release its claim (unless another session holds it). */
  abandoned(playerId: string): void;
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
      const rec = await this.deps.recordOf(ticket.right.playerId);
      if (rec !== 'unavailable' && rec !== null && rec.sessionId !== null && rec.sessionId !== ticket.right.sessionId) {
        return this.refuse(s, { code: CloseCode.ResumeFailed, message: 'resume ticket refused: the session was replaced by a newer one', reason: 'stale_ticket' });
      }
      if (rec !== 'unavailable' && rec !== null && rec.position !== null) {
        s.x = rec.position.x;
        s.y = rec.position.y;
        s.z = rec.position.z;
        s.placed = true;
      }
      // What the node that had the player forwarded last: our Resume asks the client for the rest.
      // Unknown (no record) is -1: no Resume is sent, the client then re-sends only what never left.
      s.lastClientSeq = rec !== 'unavailable' && rec !== null ? rec.lastClientSeq : -1;
      playerId = ticket.right.playerId;
      sessionId = ticket.right.sessionId;
    } else {
      const who = this.deps.auth.authenticate(c.token);
      if (E.isLeft(who)) return this.refuse(s, who.left);
      playerId = who.right.playerId;
      claims = who.right.claims;
      sessionId = newSessionId();
    }
    if (gone(s)) return;
    const admitted = await this.deps.admit(s, playerId, sessionId, resumed);
    if (E.isRight(admitted)) s.playerId = playerId;
    if (gone(s)) {
      // The socket closed while the claim was made: give the claim back.
      if (E.isRight(admitted) && s.phase === Phase.Closed) this.deps.abandoned(playerId);
      return;
    }
    if (E.isLeft(admitted)) return this.refuse(s, admitted.left);
    const made = serverKeyShare(nodeCrypto, c, sessionCodecs(o.codecs).encryption);
    if (E.isLeft(made)) return this.refuse(s, { code: CloseCode.ProtocolViolation, message: made.left, reason: 'bad_key_share' });
    const share = made.right;
    s.playerId = playerId;
    s.sessionId = sessionId;
    s.claims = claims;
    if (s.handshake === null) return;
    const outs = s.handshake.accept(
      { playerId, sessionId, serverKeyShare: share?.keyShare ?? EMPTY, resumeTicket: this.deps.auth.issueTicket(playerId, sessionId), resumed },
      Date.now(),
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
    const outs = s.handshake.reject(r.code, r.message, Date.now()).filter((o) => o.kind !== 'failed');
    this.run(s, outs);
  }
}
