import * as E from 'fp-ts/lib/Either.js';
import { isRetryable, type ClusterError } from '../model/errors';
import type { ClaimResult, SessionClaim, SessionPolicy, SessionRecord } from '../model/session';
import { sessionFromClaim } from '../model/validate';
import type { ClusterStore } from '../store/cluster-store';
import type { MemberParts } from './member-parts';

/** A claim as the member reports it: `confirmed` is false when it was admitted while the store was unreachable. */
export interface MemberClaim extends ClaimResult {
  readonly confirmed: boolean;
}

/** Changes a node makes to a live session; flushed with the next heartbeat. */
export interface SessionPatch {
  readonly serverId?: string | null;
  readonly ticketId?: string | null;
  readonly position?: { readonly x: number; readonly y: number; readonly z: number } | null;
  /** The last client sequence number the player's game server took, as far as the node knows. */
  readonly lastClientSeq?: number;
}

/** Options of one claim. */
export interface MemberClaimOptions {
  readonly policy?: SessionPolicy;
  /** `admit`: when the store is unreachable, hold the session locally and claim it (refuse policy) on recovery. Default `fail`. */
  readonly whenUnavailable?: 'fail' | 'admit';
}

interface OwnSession {
  record: SessionRecord;
  dirty: boolean;
  refreshedAt: number;
}

const BATCH = 256;

/** True when applying `patch` would change `record` (a position is compared by value). */
function changes(record: SessionRecord, patch: SessionPatch): boolean {
  if (patch.serverId !== undefined && patch.serverId !== record.serverId) return true;
  if (patch.ticketId !== undefined && patch.ticketId !== record.ticketId) return true;
  if (patch.lastClientSeq !== undefined && patch.lastClientSeq !== record.lastClientSeq) return true;
  const a = patch.position;
  const b = record.position;
  if (a === undefined) return false;
  return a === null || b === null ? a !== b : a.x !== b.x || a.y !== b.y || a.z !== b.z;
}

/** Runs `run` over `items` BATCH at a time; false (the rest not run) once a batch had a run answer `false`. */
async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<boolean> {
  for (let i = 0; i < items.length; i += BATCH) {
    const results = await Promise.all(items.slice(i, i + BATCH).map(run));
    if (results.includes(false)) return false;
  }
  return true;
}

/** The players live on this node: claimed, refreshed before their TTL, re-claimed after outages. */
export class OwnSessions {
  private readonly sessions = new Map<string, OwnSession>();

  constructor(
    private readonly member: MemberParts,
    private readonly ttlMs: number,
    private readonly policy: SessionPolicy,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  get(playerId: string): SessionRecord | undefined {
    return this.sessions.get(playerId)?.record;
  }

  async claim(claim: Omit<SessionClaim, 'nodeId'>, options: MemberClaimOptions = {}): Promise<E.Either<ClusterError, MemberClaim>> {
    const full: SessionClaim = { ...claim, nodeId: this.member.nodeId };
    const result = await this.member.store.sessions.claim(full, {
      policy: options.policy ?? this.policy,
      ttlMs: this.ttlMs,
      staleNodeIds: this.member.view.failedNodeIds(),
    });
    if (E.isRight(result)) {
      this.hold(result.right.session, false);
      return E.right({ ...result.right, confirmed: true });
    }
    if (options.whenUnavailable === 'admit' && isRetryable(result.left)) {
      const local = sessionFromClaim(full, Date.now());
      if (E.isLeft(local)) return local;
      this.hold(local.right, true);
      return E.right({ session: local.right, previous: null, confirmed: false });
    }
    return result;
  }

  update(playerId: string, patch: SessionPatch): boolean {
    const own = this.sessions.get(playerId);
    if (own === undefined) return false;
    // The node reports every placed player's position each heartbeat: an idle one's must not
    // rewrite its record (20,000 of them took the memory store ~100 ms of one turn).
    if (!changes(own.record, patch)) return true;
    own.record = { ...own.record, ...patch, updatedAt: Date.now() };
    own.dirty = true;
    return true;
  }

  /** The resumed client has its new ticket (it spoke after the Welcome): the redeemed one is used up for good. */
  confirmTicket(playerId: string): void {
    const own = this.sessions.get(playerId);
    if (own === undefined || own.record.spentTicketId === undefined) return;
    const { spentTicketId: _ticket, spentBy: _by, ...rest } = own.record;
    own.record = { ...rest, updatedAt: Date.now() };
    own.dirty = true;
  }

  async release(playerId: string): Promise<E.Either<ClusterError, boolean>> {
    this.sessions.delete(playerId);
    const result = await this.member.store.sessions.release(playerId, this.member.nodeId);
    if (E.isLeft(result) && isRetryable(result.left)) {
      this.member.queue.enqueue(`session:${playerId}`, () => this.member.store.sessions.release(playerId, this.member.nodeId));
    }
    return result;
  }

  /** Another node took a player over: forget it here and tell the node to disconnect it. */
  takenOver(playerId: string, byNodeId: string): void {
    if (!this.sessions.delete(playerId)) return;
    this.member.emit({ type: 'session_lost', playerId, nodeId: byNodeId, reason: 'taken_over' });
  }

  /** Writes changed sessions, and refreshes every session's TTL at a third of its life. */
  async refresh(): Promise<void> {
    const now = Date.now();
    await inBatches([...this.sessions.values()].filter((own) => own.dirty || now - own.refreshedAt >= this.ttlMs / 3), (own) => this.push(own));
  }

  /**
   * Writes these players' records now, and no others: a write a transfer waits for must not
   * queue behind every position changed since the last heartbeat.
   */
  async write(playerIds: Iterable<string>): Promise<void> {
    const due: OwnSession[] = [];
    for (const id of playerIds) {
      const own = this.sessions.get(id);
      if (own !== undefined) due.push(own);
    }
    await inBatches(due, (own) => this.push(own));
  }

  /** Claims every held session again (refuse policy: a player someone else holds now is lost here). */
  async reclaimAll(): Promise<boolean> {
    return inBatches([...this.sessions.values()], (own) => this.reclaim(own));
  }

  /** Best-effort last write of everything, then forgets it here; the records expire by their TTL (drain). */
  async handOffAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    // Handed-off sessions are disconnected here: their tickets resume them on another node.
    await inBatches(all, (own) => this.member.store.sessions.update({ ...own.record, disconnectedAt: Date.now() }, this.ttlMs));
  }

  /**
   * The player's socket was lost without a clean close: the record stays for `ttlMs` marked
   * disconnected (its ticket may be redeemed once), and this node stops refreshing it.
   */
  async park(playerId: string, ttlMs: number): Promise<E.Either<ClusterError, boolean>> {
    const own = this.sessions.get(playerId);
    if (own === undefined) return E.right(false);
    this.sessions.delete(playerId);
    const result = await this.member.store.sessions.update({ ...own.record, disconnectedAt: Date.now(), updatedAt: Date.now() }, ttlMs);
    return E.isLeft(result) ? result : E.right(true);
  }

  /** Redeems a resume ticket (see `SessionDirectory.redeemTicket`); failed nodes' sessions count as disconnected. */
  redeem(playerId: string, ticketId: string): ReturnType<ClusterStore['sessions']['redeemTicket']> {
    return this.member.store.sessions.redeemTicket(playerId, ticketId, this.member.nodeId, this.member.view.failedNodeIds());
  }

  /**
   * Gives back a ticket this node redeemed for a resume that then never claimed the session
   * (see `SessionDirectory.returnTicket`); retried until the store answers, like a release.
   * A retry says the session was disconnected when the resume failed, not when the store
   * came back, and it never outlives the record: the return keeps the record's expiry.
   */
  async returnTicket(playerId: string, ticketId: string): Promise<E.Either<ClusterError, boolean>> {
    const failedAt = Date.now();
    const give = () => this.member.store.sessions.returnTicket(playerId, ticketId, this.member.nodeId, failedAt);
    const result = await give();
    if (E.isLeft(result) && isRetryable(result.left)) this.member.queue.enqueue(`ticket:${playerId}`, give);
    return result;
  }

  /** Best-effort release of everything (graceful stop). */
  async releaseAll(): Promise<void> {
    const ids = [...this.sessions.keys()];
    this.sessions.clear();
    await inBatches(ids, (id) => this.member.store.sessions.release(id, this.member.nodeId));
  }

  private hold(record: SessionRecord, dirty: boolean): void {
    this.member.queue.cancel(`session:${record.playerId}`);
    this.sessions.set(record.playerId, { record, dirty, refreshedAt: dirty ? 0 : Date.now() });
  }

  /** False when the store is unreachable. */
  private async push(own: OwnSession): Promise<boolean> {
    const sent = own.record;
    const result = await this.member.store.sessions.update(sent, this.ttlMs);
    if (E.isRight(result)) {
      // Unchanged since: keep the record as the store wrote it (an in-memory store holds that
      // very object, so a player's record is not kept twice).
      if (own.record === sent) {
        own.record = result.right;
        own.dirty = false;
      }
      own.refreshedAt = Date.now();
      return true;
    }
    if (isRetryable(result.left)) return false;
    if (result.left.kind === 'not_found') return this.reclaim(own);
    this.lose(sent.playerId, result.left);
    return true;
  }

  private async reclaim(own: OwnSession): Promise<boolean> {
    const { playerId, serverId, ticketId, position, lastClientSeq } = own.record;
    const result = await this.member.store.sessions.claim(
      { playerId, nodeId: this.member.nodeId, serverId, ticketId, position, lastClientSeq },
      { policy: 'refuse', ttlMs: this.ttlMs, staleNodeIds: this.member.view.failedNodeIds() },
    );
    if (E.isRight(result)) {
      if (this.sessions.get(playerId) === own) {
        own.record = { ...result.right.session, updatedAt: own.record.updatedAt };
        own.dirty = false;
        own.refreshedAt = Date.now();
      }
      return true;
    }
    if (isRetryable(result.left)) return false;
    this.lose(playerId, result.left);
    return true;
  }

  private lose(playerId: string, error: ClusterError): void {
    if (!this.sessions.delete(playerId)) return;
    if (error.kind === 'session_conflict' || error.kind === 'not_holder') {
      const holder = error.kind === 'session_conflict' ? error.holderNodeId : error.holder;
      this.member.emit({ type: 'session_lost', playerId, nodeId: holder, reason: 'conflict' });
    } else {
      this.member.emit({ type: 'write_dropped', key: `session:${playerId}`, error });
    }
  }
}
