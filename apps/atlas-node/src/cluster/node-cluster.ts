// This node in the cluster: the configured store (memory by default, Redis for several
// nodes), the membership (register, heartbeat, failure detection), the game-server
// registry view every node shares, and the player session directory.
import * as E from 'fp-ts/Either';
import {
  createClusterMember,
  createClusterStore,
  describeClusterError,
  NodeStatus,
  type ClusterMember,
  type ClusterStore,
  type GameServerInfo,
  type MemoryBackend,
  type SessionRecord,
  type TicketRedemption,
  type Vec3,
} from '@atlas/cluster';
import type { AtlasConfig } from '@atlas/config';

/** How the cluster reaches the node's owner. */
export interface NodeClusterEvents {
  /** The registry changed (pushed, or found by a resync): the full current list. */
  servers(list: readonly GameServerInfo[]): void;
  /** Another node took one of our players over: disconnect it here. */
  sessionLost(playerId: string, byNode: string | null): void;
  /** Something worth a log line (store degraded, dropped write...). */
  notice?(level: 'info' | 'warn', message: string): void;
}

/** Extra wiring that does not come from the config. */
export interface NodeClusterOptions {
  /** Share one in-memory backend between nodes of one process (tests, the demo). */
  readonly memoryBackend?: MemoryBackend;
  /** Redis key prefix (tests use a random one). */
  readonly keyPrefix?: string;
}

/** A claim refused by the directory. */
export interface ClaimRefusal {
  readonly conflict: boolean;
  readonly message: string;
}

/** The node's cluster membership and directories. */
export class NodeCluster {
  private constructor(
    readonly store: ClusterStore,
    readonly member: ClusterMember,
  ) {}

  /** Opens the store (waits for Redis) and prepares the membership; call `start()` next. */
  static async create(config: AtlasConfig, address: string, events: NodeClusterEvents, options: NodeClusterOptions = {}): Promise<E.Either<string, NodeCluster>> {
    const clusterConfig = { ...config.cluster, key_prefix: options.keyPrefix ?? config.cluster.key_prefix };
    const store = await createClusterStore(clusterConfig, {
      memoryBackend: options.memoryBackend,
      readyTimeoutMs: 5000,
      onError: (e) => events.notice?.('warn', `cluster store error: ${(e as Error).message ?? String(e)}`),
    });
    if (E.isLeft(store)) return E.left(describeClusterError(store.left));
    const member = createClusterMember(store.right, clusterConfig, { address, metadata: { version: '0.1.0' } }, {
      sessionPolicy: config.security.session_policy,
      sessionTtlMs: Math.max(3 * Math.round(config.cluster.health_check_interval * 1000), 10_000),
      onError: (e) => events.notice?.('warn', `cluster listener error: ${(e as Error).message ?? String(e)}`),
    });
    const cluster = new NodeCluster(store.right, member);
    member.on((event) => {
      if (event.type === 'server') events.servers(member.view.servers());
      else if (event.type === 'session_lost') events.sessionLost(event.playerId, event.nodeId);
      else if (event.type === 'health') events.notice?.(event.health.status === 'ok' ? 'info' : 'warn', `cluster store ${event.health.status}`);
      else if (event.type === 'write_dropped') events.notice?.('warn', `cluster write dropped: ${event.key}`);
    });
    return E.right(cluster);
  }

  /** Registers the node and starts heartbeats; `unavailable` is not fatal (it retries). */
  async start(): Promise<E.Either<string, void>> {
    const started = await this.member.start();
    if (E.isLeft(started) && started.left.kind !== 'unavailable') return E.left(describeClusterError(started.left));
    return E.right(undefined);
  }

  /** Every known game server (the synchronous view; never awaits the store). */
  servers(): readonly GameServerInfo[] {
    return this.member.view.servers();
  }

  /** Marks the node active (serving) or draining, sent with the next heartbeat. */
  setServing(serving: boolean): void {
    this.member.setStatus(serving ? NodeStatus.Active : NodeStatus.Draining);
  }

  /** Connections and utilisation for load balancing. */
  setLoad(connections: number, load: number): void {
    this.member.setLoad(connections, load);
  }

  /** Claims a player for this node (takeover or refuse per `security.session_policy`). */
  async claim(playerId: string, ticketId: string, position: Vec3 | null, resume?: { readonly lastClientSeq: number }): Promise<E.Either<ClaimRefusal, void>> {
    // A resume redeemed its ticket (single use, disconnected session): it moves the session
    // here whatever the policy. The record holds the id of the ticket the new Welcome carries.
    const r = await this.member.claimSession(
      { playerId, ticketId, serverId: null, position, lastClientSeq: resume?.lastClientSeq ?? 0 },
      { whenUnavailable: 'admit', policy: resume === undefined ? undefined : 'takeover' },
    );
    if (E.isRight(r)) return E.right(undefined);
    return E.left({ conflict: r.left.kind === 'session_conflict', message: describeClusterError(r.left) });
  }

  /** The directory record of a player, or null; `unavailable` when the store cannot be read. */
  async record(playerId: string): Promise<SessionRecord | null | 'unavailable'> {
    const r = await this.store.sessions.get(playerId);
    return E.isRight(r) ? r.right : 'unavailable';
  }

  /** Records where a held player is and the last client seq forwarded (written with the next heartbeat). */
  update(playerId: string, serverId: string | null, position: Vec3 | null, lastClientSeq: number): void {
    this.member.updateSession(playerId, { serverId, position, lastClientSeq });
  }

  /** Writes the changed session records now (drain: before clients are sent elsewhere). */
  flush(): Promise<void> {
    return this.member.flushSessions();
  }

  /** Consumes a resume ticket in the directory (atomic, single use); `unavailable` when the store cannot be reached. */
  async redeem(playerId: string, ticketId: string): Promise<TicketRedemption | 'unavailable'> {
    const r = await this.member.redeemTicket(playerId, ticketId);
    return E.isRight(r) ? r.right : 'unavailable';
  }

  /** A held player's socket was lost (not a clean close): keep its record `ttlMs` for a resume. */
  park(playerId: string, ttlMs: number): void {
    void this.member.parkSession(playerId, ttlMs);
  }

  /** Releases a held player (best effort). */
  release(playerId: string): void {
    void this.member.releaseSession(playerId);
  }

  /**
   * Leaves the cluster (deregisters the node) and closes the store. Sessions are released, or
   * with `handOff` (drain) left to expire so the node a player resumes on finds its record.
   */
  async stop(options: { readonly handOff?: boolean } = {}): Promise<void> {
    await this.member.stop({ leave: true, handOff: options.handOff });
    await this.store.close();
  }
}
