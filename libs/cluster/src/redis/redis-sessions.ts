import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from '../model/errors';
import type { LeaseGrant, LeaseInfo } from '../model/lease';
import type { SessionRecord, TicketRedemption } from '../model/session';
import { sessionFromClaim, validateId, validateSession, validateTtl } from '../model/validate';
import type { Leases, SessionDirectory } from '../store/cluster-store';
import { decodeSession } from './codec';
import type { RedisContext } from './redis-registry';
import { LuaScript } from './script';
import { ACQUIRE_LEASE, CLAIM_SESSION, REDEEM_TICKET, RELEASE_LEASE, RELEASE_SESSION, RENEW_LEASE, RETURN_TICKET, UPDATE_SESSION } from './scripts';

const scripts = {
  claim: new LuaScript(CLAIM_SESSION),
  update: new LuaScript(UPDATE_SESSION),
  release: new LuaScript(RELEASE_SESSION),
  redeem: new LuaScript(REDEEM_TICKET),
  returnTicket: new LuaScript(RETURN_TICKET),
  acquire: new LuaScript(ACQUIRE_LEASE),
  renew: new LuaScript(RENEW_LEASE),
  releaseLease: new LuaScript(RELEASE_LEASE),
};

function chain<A, B>(result: E.Either<ClusterError, A>, f: (a: A) => E.Either<ClusterError, B>): E.Either<ClusterError, B> {
  return E.isLeft(result) ? result : f(result.right);
}

function encodeSession(record: SessionRecord): string {
  const { playerId, nodeId, serverId, ticketId, position, lastClientSeq, claimedAt, updatedAt, disconnectedAt } = record;
  // The spent ticket is always written (null when none), right before position: REDEEM_TICKET rewrites it in place.
  const spentTicketId = record.spentTicketId ?? null;
  const spentBy = record.spentBy ?? null;
  return JSON.stringify({ playerId, nodeId, serverId, ticketId, spentTicketId, spentBy, position, lastClientSeq, claimedAt, updatedAt, disconnectedAt });
}

/** The session directory on Redis: one hash per player (fields node, rec) with a PX TTL. */
export function redisSessions(ctx: RedisContext): SessionDirectory {
  const { connection, keys } = ctx;
  return {
    claim: async (claim, options) => {
      const ttl = validateTtl('session ttl', options.ttlMs);
      if (E.isLeft(ttl)) return ttl;
      const valid = sessionFromClaim(claim, Date.now());
      if (E.isLeft(valid)) return valid;
      const session = valid.right;
      const reply = await connection.attempt((c) =>
        scripts.claim.run(
          c,
          [keys.session(session.playerId)],
          [session.nodeId, encodeSession(session), ttl.right, options.policy, keys.channel, session.playerId, ...(options.staleNodeIds ?? [])],
        ),
      );
      return chain(reply, (raw) => {
        const [outcome, value] = Array.isArray(raw) ? raw : [];
        if (outcome === 'conflict') return E.left(ClusterErrors.sessionConflict(session.playerId, String(value)));
        if (typeof value !== 'string' || value === '') return E.right({ session, previous: null });
        return E.map((previous: SessionRecord) => ({ session, previous }))(decodeSession(value, `session ${session.playerId}`));
      });
    },
    update: async (record, ttlMs) => {
      const ttl = validateTtl('session ttl', ttlMs);
      if (E.isLeft(ttl)) return ttl;
      const valid = validateSession(record);
      if (E.isLeft(valid)) return valid;
      const reply = await connection.attempt((c) =>
        scripts.update.run(c, [keys.session(record.playerId)], [record.nodeId, encodeSession(valid.right), ttl.right]),
      );
      return chain(reply, (raw) => {
        const [outcome, holder] = Array.isArray(raw) ? raw : [];
        if (outcome === 'missing') return E.left(ClusterErrors.notFound('session', record.playerId));
        if (outcome === 'not_holder') return E.left(ClusterErrors.notHolder(record.playerId, String(holder)));
        // The caller's own object, not the validated copy: a holder keeps what update returns,
        // and a new record per refresh would be old-generation garbage for every player.
        return E.right(record);
      });
    },
    release: async (playerId, nodeId) => {
      const reply = await connection.attempt((c) => scripts.release.run(c, [keys.session(playerId)], [nodeId]));
      return E.map((raw: unknown) => Number(raw) === 1)(reply);
    },
    redeemTicket: async (playerId, ticketId, redeemer, staleNodeIds) => {
      const reply = await connection.attempt((c) => scripts.redeem.run(c, [keys.session(playerId)], [JSON.stringify(ticketId), JSON.stringify(redeemer), ...staleNodeIds]));
      return chain(reply, (raw): E.Either<ClusterError, TicketRedemption> => {
        const [outcome, value] = Array.isArray(raw) ? raw : [];
        if (outcome === 'missing') return E.right({ kind: 'missing' });
        if (outcome === 'used') return E.right({ kind: 'used' });
        if (outcome === 'live') return E.right({ kind: 'live', nodeId: String(value) });
        return E.map((session: SessionRecord) => ({ kind: 'redeemed' as const, session }))(decodeSession(String(value), `session ${playerId}`));
      });
    },
    returnTicket: async (playerId, ticketId, redeemer, now) => {
      const reply = await connection.attempt((c) =>
        scripts.returnTicket.run(c, [keys.session(playerId)], [JSON.stringify(ticketId), JSON.stringify(redeemer), redeemer, String(Math.round(now))]),
      );
      return E.map((raw: unknown) => Number(raw) === 1)(reply);
    },
    get: async (playerId) => {
      const reply = await connection.attempt((c) => c.hget(keys.session(playerId), 'rec'));
      return chain(reply, (raw) => (raw === null ? E.right(null) : decodeSession(raw, `session ${playerId}`)));
    },
  };
}

function parseLease(value: string): LeaseInfo | null {
  const sep = value.indexOf(':');
  if (sep < 0) return null;
  return { token: Number(value.slice(0, sep)), holder: value.slice(sep + 1) };
}

/** Leases on Redis: SET NX PX plus a fencing counter, in one script. */
export function redisLeases(ctx: RedisContext): Leases {
  const { connection, keys } = ctx;
  return {
    acquire: async (name, holder, ttlMs) => {
      const checks = [validateId('lease name', name), validateId('lease holder', holder), validateTtl('lease ttl', ttlMs)];
      for (const check of checks) if (E.isLeft(check)) return check;
      const reply = await connection.attempt((c) => scripts.acquire.run(c, [keys.lease(name), keys.leaseSeq(name)], [holder, ttlMs]));
      return chain(reply, (raw): E.Either<ClusterError, LeaseGrant> => {
        const [outcome, value] = Array.isArray(raw) ? raw : [];
        if (outcome === 'held') return E.left(ClusterErrors.leaseHeld(name, String(value)));
        return E.right({ name, holder, token: Number(value), ttlMs });
      });
    },
    renew: async (grant) => {
      const reply = await connection.attempt((c) =>
        scripts.renew.run(c, [keys.lease(grant.name)], [grant.token, grant.holder, grant.ttlMs]),
      );
      return chain(reply, (raw) => (Number(raw) === 1 ? E.right(undefined) : E.left(ClusterErrors.leaseLost(grant.name))));
    },
    release: async (grant) => {
      const reply = await connection.attempt((c) => scripts.releaseLease.run(c, [keys.lease(grant.name)], [grant.token, grant.holder]));
      return E.map((raw: unknown) => Number(raw) === 1)(reply);
    },
    current: async (name) => {
      const reply = await connection.attempt((c) => c.get(keys.lease(name)));
      return E.map((raw: string | null) => (raw === null ? null : parseLease(raw)))(reply);
    },
  };
}
