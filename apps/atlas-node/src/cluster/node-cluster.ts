// This node in the cluster: the configured store (memory by default, Redis for several
// nodes), the membership (register, heartbeat, failure detection), the game-server
// registry view every node shares, and the player session directory.
import * as E from 'fp-ts/lib/Either.js';
import {
  createClusterMember,
  createClusterStore,
  describeClusterError,
  NodeStatus,
  StoreStatus,
  type ClusterMember,
  type ClusterStore,
  type GameServerInfo,
  type MemoryBackend,
  type RegionMapRecord,
  type ServerRegistry,
  type SessionRecord,
  type TicketRedemption,
  type Vec3,
} from '@atlas/cluster';
import type { AtlasConfig } from '@atlas/config';
import { crashPoint } from '../crash-point';
import { LINK_URL_METADATA, type LinkNode } from './advertise';
import { nodeRegistry } from './node-registry';
import { RegionMapFollower } from './region-map-follower';
import { within } from './within';

/** How the cluster reaches the node's owner. */
export interface NodeClusterEvents {
  /** The registry changed (pushed, or found by a resync): the full current list. */
  servers(list: readonly GameServerInfo[]): void;
  /** The cluster's region map moved to a newer version (every node applies the same ones). */
  mapChanged?(previous: RegionMapRecord, next: RegionMapRecord): void;
  /** Another node took one of our players over: disconnect it here. */
  sessionLost(playerId: string, byNode: string | null): void;
  /** Something worth a log line (store degraded, dropped write...). */
  notice?(level: 'info' | 'warn', message: string): void;
}

/** Extra wiring that does not come from the config. */
export interface NodeClusterOptions {
  /** Shown to every member with the node (e.g. its link URL). */
  readonly metadata?: Readonly<Record<string, string>>;
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

/** Whether the node's registry view is the last one known rather than the store's (the store is unreachable). */
export interface RegistryFreshness {
  readonly stale: boolean;
  /** When the store became unreachable (ms since the epoch); null while it is reachable. */
  readonly since: number | null;
}

/**
 * The TTL of the session records this node holds (refreshed at a third of it). Nobody writes
 * a crashed node's records again, so what the last refresh gave them must cover the rest:
 * up to a third of the TTL and a heartbeat since that refresh, the failure detection after
 * (heartbeat_timeout and a sweep interval), then the resume window its players are promised.
 * A TTL of a few heartbeats (the old rule) let the records of a node killed under the default
 * timings expire before anyone declared it dead: its players' resumes found no session (4009).
 */
export function sessionTtlMs(config: AtlasConfig): number {
  const { health_check_interval: interval, heartbeat_timeout: timeout } = config.cluster;
  const needed = timeout + 2 * interval + config.security.resume_ticket_ttl;
  return Math.max(10_000, Math.ceil(1500 * needed));
}

/** The node's cluster membership and directories. */
export class NodeCluster {
  /** The registry the HTTP API registers and heartbeats game servers through (see node-registry.ts). */
  readonly registry: ServerRegistry;
  /** The region map version this node applies. */
  readonly regionMap: RegionMapFollower;
  /** The write of new servers' session records scheduled for the end of this turn, if any. */
  private flushing: Promise<void> | undefined;
  /** The players that write is for. */
  private readonly moved = new Set<string>();

  private constructor(
    readonly store: ClusterStore,
    readonly member: ClusterMember,
    private readonly events: NodeClusterEvents,
  ) {
    this.registry = nodeRegistry(member);
    this.regionMap = new RegionMapFollower(store.regionMap, (previous, next) => events.mapChanged?.(previous, next));
  }

  /** Opens the store (waits for Redis) and prepares the membership; call `start()` next. */
  static async create(config: AtlasConfig, address: string, events: NodeClusterEvents, options: NodeClusterOptions = {}): Promise<E.Either<string, NodeCluster>> {
    const clusterConfig = { ...config.cluster, key_prefix: options.keyPrefix ?? config.cluster.key_prefix };
    const ttlMs = sessionTtlMs(config);
    const store = await createClusterStore(clusterConfig, {
      memoryBackend: options.memoryBackend,
      minRetentionMs: ttlMs,
      readyTimeoutMs: 5000,
      onError: (e) => events.notice?.('warn', `cluster store error: ${(e as Error).message ?? String(e)}`),
    });
    if (E.isLeft(store)) return E.left(describeClusterError(store.left));
    const member = createClusterMember(store.right, clusterConfig, { address, metadata: { version: '0.1.0', ...options.metadata } }, {
      sessionPolicy: config.security.session_policy,
      sessionTtlMs: ttlMs,
      onError: (e) => events.notice?.('warn', `cluster listener error: ${(e as Error).message ?? String(e)}`),
    });
    const cluster = new NodeCluster(store.right, member, events);
    member.on((event) => {
      if (event.type === 'server') events.servers(member.view.servers());
      else if (event.type === 'map') cluster.regionMap.offer(event.map);
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
    await this.regionMap.start();
    return E.right(undefined);
  }

  /** Whether `servers()` is the store's current registry or the last view kept through an outage. */
  freshness(): RegistryFreshness {
    const health = this.store.health();
    return health.status === StoreStatus.Ok ? { stale: false, since: null } : { stale: true, since: health.since };
  }

  /** Every node that is not failed and takes links dialled by game servers, with its link URL. */
  linkNodes(): readonly LinkNode[] {
    const nodes: LinkNode[] = [];
    for (const n of this.member.view.nodes()) {
      const url = n.metadata[LINK_URL_METADATA];
      if (url !== undefined && url !== '' && n.status !== NodeStatus.Failed) nodes.push({ node_id: n.id, url });
    }
    return nodes;
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

  /**
   * Claims a player for this node (takeover or refuse per `security.session_policy`). While
   * the store is unreachable, or when it does not answer within the store deadline, the
   * player is admitted on this node's word and the claim is made when the store answers (or
   * on recovery, under `refuse`); should that claim be refused, the player is disconnected
   * here as if taken over (`sessionLost`).
   */
  async claim(
    playerId: string,
    ticketId: string,
    position: Vec3 | null,
    resume?: { readonly lastClientSeq: number; readonly serverId: string | null; readonly spentTicketId?: string | undefined },
  ): Promise<E.Either<ClaimRefusal, void>> {
    // A resume redeemed its ticket (single use, disconnected session): it moves the session
    // here whatever the policy. The record holds the id of the ticket the new Welcome carries
    // and the one redeemed (good again only should this node die, or lose the client, before
    // the client confirms the new one), and keeps the server the player was on until it is placed.
    const spent = resume?.spentTicketId === undefined ? {} : { spentTicketId: resume.spentTicketId };
    const claiming = this.member.claimSession(
      { playerId, ticketId, serverId: resume?.serverId ?? null, position, lastClientSeq: resume?.lastClientSeq ?? 0, ...spent },
      { whenUnavailable: 'admit', policy: resume === undefined ? undefined : 'takeover' },
    );
    const r = await within(claiming);
    if (E.isRight(r)) return E.right(undefined);
    if (r.left.kind === 'unavailable') {
      void claiming.then((late) => {
        if (E.isLeft(late)) this.events.sessionLost(playerId, late.left.kind === 'session_conflict' ? late.left.holderNodeId : null);
      });
      return E.right(undefined);
    }
    return E.left({ conflict: r.left.kind === 'session_conflict', message: describeClusterError(r.left) });
  }

  /**
   * The directory record of a player, or null; `unavailable` when the store cannot be read
   * (at once once it is known to be unreachable; within its command timeout before). Not
   * bounded tighter: a resume needs the record's last client seq. A session this node holds
   * is answered from memory.
   */
  async record(playerId: string): Promise<SessionRecord | null | 'unavailable'> {
    const held = this.member.session(playerId);
    if (held !== undefined) return held;
    const r = await this.store.sessions.get(playerId);
    return E.isRight(r) ? r.right : 'unavailable';
  }

  /**
   * Records where a held player is and the last client seq its server took (written with the next
   * heartbeat). A new server is written at once (one write round per turn, of the players
   * whose server changed in it, not of every changed position): it is where a resume after
   * this node's crash attaches the player, the server whose receiver knows which of its
   * actions the game code has taken. Returns that write, settled once done or
   * failed (a transfer waits for it before the target gets anything to take); undefined
   * when nothing is written now or the store is known to be unreachable.
   */
  update(playerId: string, serverId: string | null, position: Vec3 | null, takenSeq: number): Promise<void> | undefined {
    const moved = serverId !== null && this.member.session(playerId)?.serverId !== serverId;
    this.member.updateSession(playerId, { serverId, position, lastClientSeq: takenSeq });
    if (!moved) return undefined;
    this.moved.add(playerId);
    this.flushing ??= new Promise<void>((settle) =>
      setImmediate(() => {
        this.flushing = undefined;
        const ids = [...this.moved];
        this.moved.clear();
        this.member.writeSessions(ids).then(
          () => {
            crashPoint('session-written');
            settle();
          },
          () => settle(),
        );
      }),
    );
    return this.store.health().status === StoreStatus.Ok ? this.flushing : undefined;
  }

  /** Writes the changed session records now (drain: before clients are sent elsewhere). */
  flush(): Promise<void> {
    return this.member.flushSessions();
  }

  /** A resumed player spoke after its Welcome, so it holds the new ticket: the redeemed one is used up. */
  confirmTicket(playerId: string): void {
    this.member.confirmTicket(playerId);
  }

  /** Consumes a resume ticket in the directory (atomic, single use); `unavailable` when the store cannot be reached. */
  async redeem(playerId: string, ticketId: string): Promise<TicketRedemption | 'unavailable'> {
    const r = await this.member.redeemTicket(playerId, ticketId);
    return E.isRight(r) ? r.right : 'unavailable';
  }

  /** A resume redeemed `ticketId` but never claimed the session: give the ticket back for the client's next try (best effort). */
  returnTicket(playerId: string, ticketId: string): void {
    void this.member.returnTicket(playerId, ticketId);
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
   * with `handOff` (drain) left to expire so the node a player resumes on finds its record;
   * game servers registered here are deregistered, or with `handOff` left registered (they
   * live on, and the node they move their heartbeats to takes them over).
   */
  async stop(options: { readonly handOff?: boolean } = {}): Promise<void> {
    this.regionMap.stop();
    await this.member.stop({ leave: true, handOff: options.handOff });
    await this.store.close();
  }
}
