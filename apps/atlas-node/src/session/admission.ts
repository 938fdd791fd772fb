// Admitting a verified player on this node: the session policy for a player already
// connected here, the cluster session directory claim (one live session per player in
// the whole cluster), resume-record lookups, and giving claims back when a socket dies
// before its Welcome.
import * as E from 'fp-ts/lib/Either.js';
import type { AtlasConfig } from '@atlas/config';
import { CloseCode } from '@atlas/protocol';
import type { NodeCluster } from '../cluster/node-cluster';
import type { Refusal } from './auth';
import type { HandshakeDeps } from './handshake-driver';
import type { SessionHub } from './hub';
import { Phase, type ClientSession } from './session';

/** The admission part of the handshake driver's dependencies. */
export type Admission = Pick<HandshakeDeps, 'redeem' | 'admit' | 'abandoned' | 'returnTicket'>;

/**
 * Why a ticket was refused, by what the directory found, each with its own metrics label:
 * 4009 when it can never work, 4019 when it may once the session stops being live (its
 * node's death is noticed at `cluster.heartbeat_timeout`) or the directory answers again.
 */
const REDEEM_REFUSALS: Record<'missing' | 'used' | 'live' | 'unavailable', Refusal> = {
  missing: { code: CloseCode.ResumeFailed, message: 'resume ticket refused: no such session (it ended, or its resume window passed)', reason: 'ticket_no_session' },
  used: { code: CloseCode.ResumeFailed, message: 'resume ticket refused: it was used already, or the session was replaced', reason: 'ticket_reused' },
  live: { code: CloseCode.ResumeLater, message: 'resume ticket refused for now: the session is live (a ticket cannot take it over); retry', reason: 'ticket_session_live' },
  unavailable: { code: CloseCode.ResumeLater, message: 'resume ticket refused for now: the session directory is unavailable; retry', reason: 'ticket_directory_unavailable' },
};

/** How long a resume waits before looking again at a session whose socket close may be in flight. */
const LIVE_RECHECK_MS = 300;

/** `f()` after `ms`. */
function later<A>(ms: number, f: () => Promise<A>): Promise<A> {
  return new Promise((resolve, reject) => setTimeout(() => f().then(resolve, reject), ms));
}

/** Admission for `hub`; `cluster()` is undefined until the node has joined. */
export function createAdmission(hub: SessionHub, config: () => AtlasConfig, cluster: () => NodeCluster | undefined): Admission {
  return {
    async redeem(playerId, ticketId, sessionId) {
      const c = cluster();
      // A ticket without an id predates single-use tickets: it names no ticket the directory holds.
      if (c === undefined || ticketId === '') return E.left(c === undefined ? REDEEM_REFUSALS.unavailable : REDEEM_REFUSALS.used);
      let r = await c.redeem(playerId, ticketId);
      // A close may be in flight for the old socket (the client reconnected first): look once more.
      if (r !== 'unavailable' && r.kind === 'live' && hub.byPlayer.get(playerId) === undefined) r = await later(LIVE_RECHECK_MS, () => c.redeem(playerId, ticketId));
      if (r === 'unavailable') return E.left(REDEEM_REFUSALS.unavailable);
      if (r.kind !== 'redeemed') return E.left(REDEEM_REFUSALS[r.kind]);
      // This node's own memory of a session that left it is newer; the directory's copy may lag.
      const here = hub.departed.get(playerId);
      const rec = r.session;
      if (here === undefined || here.sessionId !== sessionId) return E.right({ position: rec.position, lastClientSeq: rec.lastClientSeq, serverId: rec.serverId });
      return E.right({ position: rec.position ?? here.position, lastClientSeq: Math.max(rec.lastClientSeq, here.takenSeq), serverId: here.server ?? rec.serverId });
    },
    async admit(s: ClientSession, playerId: string, ticketId: string, resumed: boolean): Promise<E.Either<Refusal, void>> {
      const existing = hub.byPlayer.get(playerId);
      if (existing !== undefined && existing !== s && config().security.session_policy === 'refuse' && !resumed) {
        return E.left({ code: CloseCode.AuthFailed, message: 'this player is already connected (session_policy = refuse)', reason: 'session_conflict' });
      }
      const c = cluster();
      if (c !== undefined) {
        const position = s.placed ? { x: s.x, y: s.y, z: s.z } : null;
        const resume = resumed ? { lastClientSeq: Math.max(0, s.lastClientSeq), serverId: s.lastServer, spentTicketId: s.resumedTicketId ?? undefined } : undefined;
        const claimed = await c.claim(playerId, ticketId, position, resume);
        if (E.isLeft(claimed)) {
          return E.left({ code: CloseCode.AuthFailed, message: `this player is live elsewhere: ${claimed.left.message}`, reason: 'session_conflict' });
        }
      }
      const previous = hub.byPlayer.get(playerId);
      if (previous !== undefined && previous !== s) {
        // Take the player over locally: the new session holds the claim before the old one closes.
        hub.byPlayer.set(playerId, s);
        hub.close(previous, CloseCode.Superseded, 'the same player connected again');
      }
      return E.right(undefined);
    },
    abandoned(playerId, resumed) {
      const holder = hub.byPlayer.get(playerId);
      if (holder !== undefined && holder.phase !== Phase.Closed) return;
      hub.byPlayer.delete(playerId);
      const window = config().security.resume_ticket_ttl * 1000;
      if (resumed && window > 0) cluster()?.park(playerId, window);
      else cluster()?.release(playerId);
    },
    returnTicket(playerId, ticketId) {
      cluster()?.returnTicket(playerId, ticketId);
    },
  };
}
