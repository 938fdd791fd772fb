import * as E from 'fp-ts/lib/Either.js';
import { isRetryable, type ClusterError } from '../model/errors';
import type { ClusterEvent } from '../model/events';
import { StoreStatus, type StoreHealth, type Unsubscribe } from '../model/health';
import { NodeStatus, type LiveNodeStatus } from '../model/node';
import type { GameServerInfo, ServerLoad, ServerRegistration } from '../model/server';
import { SessionPolicy, type SessionClaim, type SessionRecord, type TicketRedemption } from '../model/session';
import type { ClusterStore, Result } from '../store/cluster-store';
import { emitSafely, ignoreError } from '../store/emit';
import { ClusterView } from './cluster-view';
import type { MemberEvent } from './member-events';
import type { MemberParts } from './member-parts';
import { OwnServers } from './own-servers';
import { OwnSessions, type MemberClaim, type MemberClaimOptions, type SessionPatch } from './own-sessions';
import { DEFAULT_RETRY, RetryQueue, type RetryQueueOptions } from './retry-queue';

/** Options of {@link ClusterMember}. */
export interface ClusterMemberOptions {
  readonly node: { readonly id: string; readonly address: string; readonly metadata?: Readonly<Record<string, string>> };
  /** Heartbeat and failure-detector period. Default 1000 ms; keep it well under the store's heartbeatTimeoutMs. */
  readonly heartbeatIntervalMs?: number;
  /** Full re-read of nodes and servers, a safety net for lost pushes. Default 10 heartbeat intervals. */
  readonly resyncIntervalMs?: number;
  /** Session TTL; sessions are refreshed at a third of it. Default 30 000 ms. */
  readonly sessionTtlMs?: number;
  /** Second login elsewhere: `takeover` (default) or `refuse`. */
  readonly sessionPolicy?: SessionPolicy;
  /** A game server with no `reportServerLoad` for this long is presumed dead: not put back after the store forgot it. Default: the store's serverTimeoutMs. */
  readonly serverReportTimeoutMs?: number;
  readonly retry?: Partial<RetryQueueOptions>;
  /** Where errors thrown by listeners go. */
  readonly onError?: (error: unknown) => void;
}

/**
 * This node's membership in the cluster: registers the node, heartbeats it and its game
 * servers, runs the failure detector (every member sweeps; the store makes each change
 * happen once), keeps a synchronous {@link ClusterView}, holds player sessions, and
 * reconciles everything after a store outage. Nothing it does rejects or throws.
 */
export class ClusterMember {
  readonly id: string;
  readonly view = new ClusterView();
  private status: LiveNodeStatus = NodeStatus.Starting;
  private connections = 0;
  private load = 0;
  private readonly own: { servers: OwnServers; sessions: OwnSessions };
  private readonly queue: RetryQueue;
  private readonly listeners = new Set<(event: MemberEvent) => void>();
  private readonly detach: Unsubscribe[] = [];
  private timers: Array<ReturnType<typeof setTimeout>> = [];
  private running = false;
  private ticking = false;
  private reconciling: Promise<void> | null = null;
  private wasDegraded = false;
  /**
   * Until then the member is settling: after it started, after the store came back, or after
   * the store forgot this node. It judges nobody (peers get one timeout to heartbeat again)
   * and a resync drops nothing the store lacks (owners get that long to put it back).
   */
  private settleUntil = 0;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly interval: number;
  private readonly onError: (error: unknown) => void;

  constructor(
    readonly store: ClusterStore,
    private readonly options: ClusterMemberOptions,
  ) {
    this.id = options.node.id;
    this.interval = options.heartbeatIntervalMs ?? 1000;
    this.onError = options.onError ?? ignoreError;
    const emit = (event: MemberEvent) => this.emit(event);
    this.queue = new RetryQueue({ ...DEFAULT_RETRY, ...options.retry }, (key, error) => emit({ type: 'write_dropped', key, error }));
    const parts: MemberParts = { store, nodeId: this.id, view: this.view, queue: this.queue, emit };
    this.own = {
      servers: new OwnServers(parts, options.serverReportTimeoutMs ?? store.timings.serverTimeoutMs),
      sessions: new OwnSessions(parts, options.sessionTtlMs ?? 30_000, options.sessionPolicy ?? SessionPolicy.Takeover),
    };
  }

  /** Registers the node and starts the loops. `unavailable`: it keeps running and registers when the store returns. */
  async start(): Result<void> {
    if (this.running) return E.right(undefined);
    this.running = true;
    this.detach.push(
      this.store.subscribe((event) => this.onEvent(event)),
      this.store.onHealth((health) => this.onHealth(health)),
    );
    this.view.stale = this.store.health().status !== StoreStatus.Ok;
    this.wasDegraded = this.view.stale;
    this.settle();
    const registered = await this.registerNode();
    if (E.isLeft(registered) && !isRetryable(registered.left)) {
      await this.stop({ leave: false });
      return registered;
    }
    await this.resync();
    // A random phase per member, so members' sweeps interleave instead of firing together.
    const phase = setTimeout(() => {
      if (!this.running) return;
      void this.tick();
      const heartbeat = setInterval(() => void this.tick(), this.interval);
      heartbeat.unref();
      this.timers.push(heartbeat);
    }, Math.floor(Math.random() * this.interval));
    const resync = setInterval(() => void this.resync(), this.options.resyncIntervalMs ?? 10 * this.interval);
    phase.unref();
    resync.unref();
    this.timers = [phase, resync];
    return E.isLeft(registered) ? registered : E.right(undefined);
  }

  /**
   * Stops the loops; with `leave` (default) deregisters its servers, releases its sessions and
   * leaves. With `handOff`, sessions are written one last time and left in the directory until
   * their TTL, so another node resuming a player finds its last position and client seq, and
   * servers stay registered: a live game server moves its heartbeats to another node, which
   * takes it over under the same id (one that does not times out as usual).
   */
  async stop(options: { readonly leave?: boolean; readonly handOff?: boolean } = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer); // clears intervals too
    this.timers = [];
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.queue.stop();
    if (options.leave ?? true) {
      const handOff = options.handOff === true;
      await Promise.all([handOff ? undefined : this.own.servers.deregisterAll(), handOff ? this.own.sessions.handOffAll() : this.own.sessions.releaseAll()]);
      await this.store.nodes.leave(this.id);
    }
    for (const detach of this.detach.splice(0)) detach();
  }

  /** Listen to cluster changes and to what they mean for this node. */
  on(listener: (event: MemberEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): StoreHealth {
    return this.store.health();
  }

  /** Sent with the next heartbeat (use `Active` once serving, `Draining` on SIGTERM). */
  setStatus(status: LiveNodeStatus): void {
    this.status = status;
  }

  /** Connections and utilisation (0..1), sent with the next heartbeat. */
  setLoad(connections: number, load: number): void {
    this.connections = connections;
    this.load = load;
  }

  /** Registers a game server connected through this node (its region claim is atomic). */
  registerServer(registration: Omit<ServerRegistration, 'nodeId'>): Result<GameServerInfo> {
    return this.own.servers.register(registration);
  }

  /** Load and liveness of a game server; call it on each of its heartbeats (each is written at once). False if unknown here. */
  reportServerLoad(serverId: string, load: ServerLoad): boolean {
    return this.own.servers.reportLoad(serverId, load);
  }

  deregisterServer(serverId: string): Result<boolean> {
    return this.own.servers.deregister(serverId);
  }

  /** Claims a player for this node under the configured (or given) policy. */
  claimSession(claim: Omit<SessionClaim, 'nodeId'>, options?: MemberClaimOptions): Result<MemberClaim> {
    return this.own.sessions.claim(claim, options);
  }

  /** Updates a held session locally; written with the next heartbeat. False if not held here. */
  updateSession(playerId: string, patch: SessionPatch): boolean {
    return this.own.sessions.update(playerId, patch);
  }

  /** A resumed client confirmed its new ticket: the one its resume redeemed is used up (written with the next heartbeat). */
  confirmTicket(playerId: string): void {
    this.own.sessions.confirmTicket(playerId);
  }

  /** Writes the sessions changed since the last heartbeat now (e.g. before a drain hands players to other nodes). */
  async flushSessions(): Promise<void> {
    if (this.running) await this.own.sessions.refresh();
  }

  /** Writes these players' held sessions now, and no others (e.g. a new server, which a transfer waits for). */
  async writeSessions(playerIds: Iterable<string>): Promise<void> {
    if (this.running) await this.own.sessions.write(playerIds);
  }

  releaseSession(playerId: string): Result<boolean> {
    return this.own.sessions.release(playerId);
  }

  /** Keeps a session whose socket was lost for `ttlMs`, marked disconnected, so its ticket can resume it. */
  parkSession(playerId: string, ttlMs: number): Result<boolean> {
    return this.own.sessions.park(playerId, ttlMs);
  }

  /** Consumes a resume ticket atomically in the session directory (single use). */
  redeemTicket(playerId: string, ticketId: string): Result<TicketRedemption> {
    return this.own.sessions.redeem(playerId, ticketId);
  }

  /** Undoes this node's redemption of a ticket whose resume never claimed the session (the client tries again). */
  returnTicket(playerId: string, ticketId: string): Result<boolean> {
    return this.own.sessions.returnTicket(playerId, ticketId);
  }

  /** The session this node holds for a player, if any. */
  session(playerId: string): SessionRecord | undefined {
    return this.own.sessions.get(playerId);
  }

  /** One heartbeat + detector round (the timer calls it; tests may too). */
  async tick(): Promise<void> {
    if (!this.running || this.ticking) return;
    this.ticking = true;
    try {
      const beat = await this.store.nodes.heartbeat(this.id, { status: this.status, connections: this.connections, load: this.load });
      if (E.isLeft(beat)) {
        if (beat.left.kind === 'not_found') {
          // The store forgot this node (restarted empty, flushed, failed over): it may have forgotten everyone.
          this.settle();
          await this.reconcile();
        }
        return;
      }
      await this.own.sessions.refresh();
      if (this.store.health().status === StoreStatus.Ok && Date.now() >= this.settleUntil) await this.store.sweep(this.id);
    } finally {
      this.ticking = false;
    }
  }

  /** Re-reads nodes and servers and reports what changed (a safety net for lost pushes). */
  async resync(): Promise<void> {
    if (!this.running) return;
    const [nodes, servers] = await Promise.all([this.store.nodes.list(), this.store.servers.list()]);
    if (E.isLeft(nodes) || E.isLeft(servers)) return;
    for (const event of this.view.replace(nodes.right, servers.right, Date.now() < this.settleUntil)) this.emit(event);
  }

  /** Starts (or extends) a settling period of one heartbeat timeout, with a full resync at its end. */
  private settle(): void {
    const period = this.store.timings.heartbeatTimeoutMs;
    this.settleUntil = Date.now() + period;
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      void this.resync();
    }, period + 1);
    this.settleTimer.unref();
  }

  private async registerNode(): Promise<E.Either<ClusterError, unknown>> {
    return this.store.nodes.register({
      id: this.id,
      address: this.options.node.address,
      metadata: this.options.node.metadata,
      status: this.status,
      connections: this.connections,
      load: this.load,
    });
  }

  /** Puts back everything this node owns: the node, its servers' claims, its sessions. One at a time. */
  private reconcile(): Promise<void> {
    this.reconciling ??= (async () => {
      try {
        const node = await this.registerNode();
        if (E.isLeft(node) || !this.running) return;
        if (!(await this.own.servers.reclaimAll())) return;
        await this.own.sessions.reclaimAll();
      } finally {
        this.reconciling = null;
      }
    })();
    return this.reconciling;
  }

  private onEvent(event: ClusterEvent): void {
    if (event.type === 'map') {
      this.emit(event);
      return;
    }
    if (event.type === 'session') {
      if (event.previousNodeId === this.id) this.own.sessions.takenOver(event.playerId, event.nodeId);
      this.emit(event);
      return;
    }
    // Declared failed while alive (a partition, a long pause): come back.
    if (event.type === 'node' && event.node.id === this.id && event.change === 'failed' && this.running) void this.reconcile();
    if (this.view.apply(event)) this.emit(event);
  }

  private onHealth(health: StoreHealth): void {
    this.view.stale = health.status !== StoreStatus.Ok;
    this.emit({ type: 'health', health });
    if (health.status !== StoreStatus.Ok) {
      this.wasDegraded = true;
      return;
    }
    if (!this.wasDegraded || !this.running) return;
    this.wasDegraded = false;
    this.settle();
    void (async () => {
      await this.reconcile();
      await this.queue.flush();
      await this.resync();
    })();
  }

  private emit(event: MemberEvent): void {
    emitSafely(this.listeners, event, this.onError);
  }
}
