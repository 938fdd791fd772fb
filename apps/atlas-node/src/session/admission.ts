// Admitting a verified player on this node: the session policy for a player already
// connected here, the cluster session directory claim (one live session per player in
// the whole cluster), resume-record lookups, and giving claims back when a socket dies
// before its Welcome.
import * as E from 'fp-ts/Either';
import type { AtlasConfig } from '@atlas/config';
import { CloseCode } from '@atlas/protocol';
import type { NodeCluster } from '../cluster/node-cluster';
import type { Refusal } from './auth';
import type { HandshakeDeps } from './handshake-driver';
import type { SessionHub } from './hub';
import { Phase, type ClientSession } from './session';

/** The admission part of the handshake driver's dependencies. */
export type Admission = Pick<HandshakeDeps, 'recordOf' | 'admit' | 'abandoned'>;

/** What a still-open session of the player (a half-open socket the resume supersedes) says. */
function liveRecord(s: ClientSession | undefined): { sessionId: string; position: { x: number; y: number; z: number } | null; lastClientSeq: number } | undefined {
  if (s === undefined || s.phase === Phase.Closed || s.phase === Phase.Handshake) return undefined;
  return { sessionId: s.sessionId, position: s.placed ? { x: s.x, y: s.y, z: s.z } : null, lastClientSeq: s.lastClientSeq };
}

/** Admission for `hub`; `cluster()` is undefined until the node has joined. */
export function createAdmission(hub: SessionHub, config: () => AtlasConfig, cluster: () => NodeCluster | undefined): Admission {
  return {
    async recordOf(playerId) {
      const c = cluster();
      const rec = c === undefined ? null : await c.record(playerId);
      // This node's own memory of the session is exact and immediate; the directory's copy
      // is written with the heartbeat and may lag (or the store may be unreachable).
      const here = hub.departed.get(playerId) ?? liveRecord(hub.byPlayer.get(playerId));
      if (rec === 'unavailable' || rec === null) return here ?? rec;
      if (here === undefined || here.sessionId !== rec.ticketId) return { sessionId: rec.ticketId, position: rec.position, lastClientSeq: rec.lastClientSeq };
      return { sessionId: rec.ticketId, position: rec.position ?? here.position, lastClientSeq: Math.max(rec.lastClientSeq, here.lastClientSeq) };
    },
    async admit(s: ClientSession, playerId: string, sessionId: string, resumed: boolean): Promise<E.Either<Refusal, void>> {
      const existing = hub.byPlayer.get(playerId);
      if (existing !== undefined && existing !== s && config().security.session_policy === 'refuse' && !resumed) {
        return E.left({ code: CloseCode.AuthFailed, message: 'this player is already connected (session_policy = refuse)', reason: 'session_conflict' });
      }
      const c = cluster();
      if (c !== undefined) {
        const position = s.placed ? { x: s.x, y: s.y, z: s.z } : null;
        const claimed = await c.claim(playerId, sessionId, position, resumed ? { lastClientSeq: Math.max(0, s.lastClientSeq) } : undefined);
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
    abandoned(playerId) {
      const holder = hub.byPlayer.get(playerId);
      if (holder !== undefined && holder.phase !== Phase.Closed) return;
      hub.byPlayer.delete(playerId);
      cluster()?.release(playerId);
    },
  };
}
