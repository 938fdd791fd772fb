import * as E from 'fp-ts/lib/Either.js';
import { isRetryable, type ClusterError } from '../model/errors';
import { IDLE_SERVER_LOAD, serverTimeoutOf, type GameServerInfo, type ServerLoad, type ServerRegistration } from '../model/server';
import type { MemberParts } from './member-parts';

/** A server as this node means it to be registered. */
interface OwnServer {
  registration: ServerRegistration;
  load: ServerLoad;
  /** Local time of the last sign of life from the game server. */
  reportedAt: number;
  /** A heartbeat write is under way; `again` asks for one more, with the newest load, once it ends. */
  writing: boolean;
  again: boolean;
}

/**
 * The game servers connected through this node: registered, heartbeated as they report,
 * and put back with the same id when the store forgot them (restarted empty, or declared
 * them failed while they kept reporting).
 */
export class OwnServers {
  private readonly servers = new Map<string, OwnServer>();

  constructor(
    private readonly member: MemberParts,
    /** A server quiet for longer is presumed dead: it is not put back after an outage. */
    private readonly reportTimeoutMs: number,
  ) {}

  /** Ids of the servers this node keeps registered. */
  ids(): string[] {
    return [...this.servers.keys()];
  }

  /** Registers (claims the region). Kept for retry when the store is unreachable; dropped when refused. */
  async register(registration: Omit<ServerRegistration, 'nodeId'>): Promise<E.Either<ClusterError, GameServerInfo>> {
    const full: ServerRegistration = { ...registration, nodeId: this.member.nodeId };
    const result = await this.member.store.servers.register(full);
    if (E.isRight(result) || isRetryable(result.left)) {
      this.member.queue.cancel(`server:${full.id}`);
      this.servers.set(full.id, { registration: full, load: full.load ?? IDLE_SERVER_LOAD, reportedAt: Date.now(), writing: false, again: false });
    }
    if (E.isRight(result) && this.member.view.apply({ type: 'server', change: 'registered', server: result.right })) {
      this.member.emit({ type: 'server', change: 'registered', server: result.right });
    }
    return result;
  }

  /**
   * Records load and liveness reported by the game server and writes its heartbeat at once
   * (in the background, one write at a time per server, the newest load winning), so the
   * store's failure detector times a silent server exactly as if it heartbeated the store.
   */
  reportLoad(serverId: string, load: ServerLoad): boolean {
    const own = this.servers.get(serverId);
    if (own === undefined) return false;
    own.load = load;
    own.reportedAt = Date.now();
    void this.write(own);
    return true;
  }

  /** Deregisters now, or queues it while the store is unreachable. */
  async deregister(serverId: string): Promise<E.Either<ClusterError, boolean>> {
    this.servers.delete(serverId);
    const result = await this.member.store.servers.deregister(serverId);
    if (E.isLeft(result) && isRetryable(result.left)) {
      this.member.queue.enqueue(`server:${serverId}`, () => this.member.store.servers.deregister(serverId));
    }
    return result;
  }

  /** Registers again every server that reported recently (after a store restart or a partition); conflicts are reported and dropped. */
  async reclaimAll(): Promise<boolean> {
    const now = Date.now();
    for (const own of [...this.servers.values()]) {
      // A quiet server (past its own timeout, if it has one) is presumed dead: left out, so the
      // cluster does not see it alive again. Should it report after all, its heartbeat finds it
      // missing and registers it then.
      if (own.reportedAt < now - serverTimeoutOf(own.registration, this.reportTimeoutMs)) continue;
      if (!(await this.reclaim(own))) return false;
    }
    return true;
  }

  /** Best-effort deregistration of everything (graceful stop). */
  async deregisterAll(): Promise<void> {
    const ids = this.ids();
    this.servers.clear();
    await Promise.all(ids.map((id) => this.member.store.servers.deregister(id)));
  }

  private async write(own: OwnServer): Promise<void> {
    if (own.writing) {
      own.again = true;
      return;
    }
    own.writing = true;
    try {
      do {
        own.again = false;
        const result = await this.member.store.servers.heartbeat(own.registration.id, own.load);
        // The store forgot it: put it back. Declared failed: whoever heartbeats decides whether it
        // comes back (the game server registers again). Unreachable: the reconciliation after the outage puts it back.
        const forgotten = E.isLeft(result) && result.left.kind === 'not_found' && result.left.reason === 'missing';
        if (forgotten && this.servers.get(own.registration.id) === own) await this.reclaim(own);
      } while (own.again && this.servers.get(own.registration.id) === own);
    } finally {
      own.writing = false;
    }
  }

  /** False when the store is unreachable (stop reconciling for now). */
  private async reclaim(own: OwnServer): Promise<boolean> {
    const registration = { ...own.registration, load: own.load };
    const result = await this.member.store.servers.register(registration);
    if (E.isRight(result)) return true;
    if (isRetryable(result.left)) return false;
    if (this.servers.get(registration.id) === own) this.servers.delete(registration.id);
    if (result.left.kind === 'region_conflict') {
      this.member.emit({ type: 'server_claim_lost', serverId: registration.id, conflictsWith: result.left.conflictsWith });
    } else {
      this.member.emit({ type: 'write_dropped', key: `server:${registration.id}`, error: result.left });
    }
    return true;
  }
}
