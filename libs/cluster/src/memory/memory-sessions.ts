import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors } from '../model/errors';
import type { LeaseGrant } from '../model/lease';
import { SessionPolicy, type TicketRedemption } from '../model/session';
import { sessionFromClaim, validateId, validateSession, validateTtl } from '../model/validate';
import type { Leases, SessionDirectory } from '../store/cluster-store';
import type { SessionEntry } from './memory-backend';
import type { MemoryContext } from './memory-store';

/** The session directory on the in-memory backend (TTLs expire lazily, on access). */
export function memorySessions({ backend, run }: MemoryContext): SessionDirectory {
  const live = (playerId: string): SessionEntry | undefined => {
    const entry = backend.sessions.get(playerId);
    if (entry !== undefined && entry.expiresAt <= backend.now()) {
      backend.sessions.delete(playerId);
      return undefined;
    }
    return entry;
  };
  return {
    claim: (claim, options) =>
      run(() => {
        const ttl = validateTtl('session ttl', options.ttlMs);
        if (E.isLeft(ttl)) return ttl;
        const valid = sessionFromClaim(claim, backend.now());
        if (E.isLeft(valid)) return valid;
        const session = valid.right;
        const previous = live(session.playerId)?.record ?? null;
        if (previous !== null && previous.nodeId !== session.nodeId) {
          const stale = options.staleNodeIds?.includes(previous.nodeId) ?? false;
          if (options.policy !== SessionPolicy.Takeover && !stale) {
            return E.left(ClusterErrors.sessionConflict(session.playerId, previous.nodeId));
          }
          backend.publish({
            type: 'session',
            change: 'taken_over',
            playerId: session.playerId,
            previousNodeId: previous.nodeId,
            nodeId: session.nodeId,
          });
        }
        backend.sessions.set(session.playerId, { record: session, expiresAt: backend.now() + ttl.right });
        return E.right({ session, previous });
      }),
    update: (record, ttlMs) =>
      run(() => {
        const ttl = validateTtl('session ttl', ttlMs);
        if (E.isLeft(ttl)) return ttl;
        // A holder refreshing the record it holds (the very object stored here, so valid and
        // unchanged) only moves the expiry: no new record for every idle player each refresh.
        const held = backend.sessions.get(record.playerId);
        if (held !== undefined && held.record === record && held.expiresAt > backend.now()) {
          held.expiresAt = backend.now() + ttl.right;
          return E.right(record);
        }
        const valid = validateSession(record);
        if (E.isLeft(valid)) return valid;
        const current = live(record.playerId);
        if (current === undefined) return E.left(ClusterErrors.notFound('session', record.playerId));
        if (current.record.nodeId !== record.nodeId) return E.left(ClusterErrors.notHolder(record.playerId, current.record.nodeId));
        backend.sessions.set(record.playerId, { record: valid.right, expiresAt: backend.now() + ttl.right });
        return E.right(valid.right);
      }),
    release: (playerId, nodeId) =>
      run(() => {
        const current = live(playerId);
        if (current === undefined || current.record.nodeId !== nodeId) return E.right(false);
        backend.sessions.delete(playerId);
        return E.right(true);
      }),
    get: (playerId) => run(() => E.right(live(playerId)?.record ?? null)),
    redeemTicket: (playerId, ticketId, redeemer, staleNodeIds) =>
      run((): E.Either<never, TicketRedemption> => {
        const entry = live(playerId);
        if (entry === undefined) return E.right({ kind: 'missing' });
        const session = entry.record;
        if (session.ticketId !== ticketId) {
          // The ticket a resume redeemed, not yet confirmed by the client, is good again once
          // its redeemer is known dead or lost the client; until then the redeemer has it.
          if (session.spentTicketId !== ticketId || session.spentBy === undefined) return E.right({ kind: 'used' });
          const lostIt = session.nodeId === session.spentBy && session.disconnectedAt !== undefined;
          if (!staleNodeIds.includes(session.spentBy) && !lostIt) return E.right({ kind: 'live', nodeId: session.spentBy });
        } else if (session.disconnectedAt === undefined && !staleNodeIds.includes(session.nodeId)) return E.right({ kind: 'live', nodeId: session.nodeId });
        // Not disconnected any more: from here on a disconnect is the redeemer's, after its claim.
        const { disconnectedAt: _gone, ...kept } = session;
        backend.sessions.set(playerId, { record: { ...kept, ticketId: null, spentTicketId: ticketId, spentBy: redeemer }, expiresAt: entry.expiresAt });
        return E.right({ kind: 'redeemed', session });
      }),
    returnTicket: (playerId, ticketId, redeemer, now) =>
      run(() => {
        const entry = live(playerId);
        const session = entry?.record;
        if (entry === undefined || session === undefined) return E.right(false);
        if (session.ticketId !== null || session.spentTicketId !== ticketId || session.spentBy !== redeemer || session.nodeId === redeemer) return E.right(false);
        const { spentTicketId: _ticket, spentBy: _by, ...kept } = session;
        backend.sessions.set(playerId, { record: { ...kept, ticketId, disconnectedAt: session.disconnectedAt ?? now }, expiresAt: entry.expiresAt });
        return E.right(true);
      }),
  };
}

/** Leases on the in-memory backend; tokens follow the Redis rule: max(previous + 1, now). */
export function memoryLeases({ backend, run }: MemoryContext): Leases {
  const current = (name: string) => {
    const entry = backend.leases.get(name);
    if (entry !== undefined && entry.expiresAt <= backend.now()) {
      backend.leases.delete(name);
      return undefined;
    }
    return entry;
  };
  const isCurrent = (grant: LeaseGrant): boolean => {
    const entry = current(grant.name);
    return entry !== undefined && entry.holder === grant.holder && entry.token === grant.token;
  };
  return {
    acquire: (name, holder, ttlMs) =>
      run(() => {
        const checks = [validateId('lease name', name), validateId('lease holder', holder), validateTtl('lease ttl', ttlMs)];
        for (const check of checks) if (E.isLeft(check)) return check;
        const held = current(name);
        if (held !== undefined) return E.left(ClusterErrors.leaseHeld(name, held.holder));
        const now = backend.now();
        const token = Math.max((backend.leaseTokens.get(name) ?? 0) + 1, now);
        backend.leaseTokens.set(name, token);
        backend.leases.set(name, { holder, token, expiresAt: now + ttlMs });
        return E.right({ name, holder, token, ttlMs });
      }),
    renew: (grant) =>
      run(() => {
        if (!isCurrent(grant)) return E.left(ClusterErrors.leaseLost(grant.name));
        backend.leases.set(grant.name, { holder: grant.holder, token: grant.token, expiresAt: backend.now() + grant.ttlMs });
        return E.right(undefined);
      }),
    release: (grant) =>
      run(() => {
        if (!isCurrent(grant)) return E.right(false);
        backend.leases.delete(grant.name);
        return E.right(true);
      }),
    current: (name) =>
      run(() => {
        const entry = current(name);
        return E.right(entry === undefined ? null : { holder: entry.holder, token: entry.token });
      }),
  };
}
