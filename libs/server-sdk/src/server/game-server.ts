// The game server's side of Atlas: listens for node links on uWebSockets.js, or dials
// the nodes itself (`dialNodes`, for servers nodes cannot reach), keeps the players that
// live here, tells game code what happens to them, and delivers game messages back
// through the nodes. One instance per game-server process.
import { Emitter } from '@atlas/common';
import * as E from 'fp-ts/lib/Either.js';
import { CloseCode, DetachReason, type ClientSingleMessage, type ServerSingleMessage } from '@atlas/protocol';
import { createLinkAuth, type LinkAuth } from '@atlas/crypto/node';
import { NodeDialer, type LinkNode } from '../link/node-dialer';
import { NodeLink, type LinkHost, type LinkSocket } from '../link/node-link';
import { uWS, type us_listen_socket, type us_socket } from '../link/uws';
import { uwsSocket } from '../link/uws-socket';
import type { HeartbeatStatus } from '../register/register';
import { deliverTo, type DeliverTo } from './deliver';
import { resolveOptions, type GameServerOptions, type ResolvedOptions } from './options';
import { parseClaims, PlayerEntry } from './player-entry';
import { Intake } from './intake';
import { Replay } from './replay';
import { GhostTable } from './ghost-table';
import { TransferDesk } from './transfers';
import type { GamePlayer, GameServerError, GameServerEvents, GhostPlayer, LeaveReason, NodeLinkInfo, RegionBoundsInfo, TraceContext } from './types';

/** Why `listen` failed. */
export interface ListenError {
  readonly kind: 'listen' | 'link-auth';
  readonly message: string;
}

interface SocketData {
  link?: NodeLink;
}

const text = new TextDecoder();

/** A game server that Atlas nodes link to. Create with `createGameServer`, then `listen()`. */
export class GameServer implements LinkHost {
  readonly heartbeatMs: number;
  readonly handshakeTimeoutMs: number;
  readonly maxFrameBytes: number;
  auth: LinkAuth = undefined as unknown as LinkAuth;
  private readonly o: ResolvedOptions;
  private bounds: RegionBoundsInfo | undefined;
  private readonly events = new Emitter<GameServerEvents>((error, event) => {
    if (event !== 'error') this.emitError({ kind: 'listener', message: `a "${event}" listener threw: ${String(error)}` });
  });
  private readonly linkSet = new Set<NodeLink>();
  private readonly byHandle = new Map<NodeLink, Map<number, PlayerEntry>>();
  private readonly byId = new Map<string, PlayerEntry>();
  private readonly desk: TransferDesk;
  private readonly intake = new Intake();
  private readonly replay: Replay;
  private readonly ghostTable = new GhostTable(
    {
      enter: (g) => this.events.emit('ghost-enter', g),
      move: (g) => this.events.emit('ghost-move', g),
      leave: (g, reason) => this.events.emit('ghost-leave', g, reason),
    },
    (playerId) => this.byId.has(playerId),
  );
  private listenSocket: us_listen_socket | undefined;
  private dialer: NodeDialer | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private nextLinkId = 1;
  private lastLoad = 0;
  private accepting = true;
  private tickMsAvg = 0;
  private boundPort = 0;

  constructor(options: GameServerOptions = {}) {
    this.o = resolveOptions(options);
    this.heartbeatMs = this.o.heartbeatMs;
    this.handshakeTimeoutMs = this.o.handshakeTimeoutMs;
    this.maxFrameBytes = this.o.maxFrameBytes;
    this.replay = new Replay(this.o.replay);
    this.desk = new TransferDesk({
      hooks: this.o.transfer,
      transferTimeoutMs: this.o.transferTimeoutMs,
      player: (link, handle) => this.byHandle.get(link)?.get(handle),
      attach: (p, cause) => this.attach(p, cause, undefined),
      detach: (p, reason) => this.leave(p, reason),
      emit: (event, ...args) => this.events.emit(event, ...args),
    });
  }

  /** The port nodes connect to (0 before `listen`). */
  get port(): number {
    return this.boundPort;
  }

  /** The link URL to register with a node, e.g. `ws://127.0.0.1:7101/atlas`. */
  get url(): string {
    const host = this.o.host === '0.0.0.0' ? '127.0.0.1' : this.o.host;
    return `ws://${host}:${this.boundPort}${this.o.path}`;
  }

  /** Every player living here, by player id. */
  get players(): ReadonlyMap<string, GamePlayer> {
    return this.byId;
  }

  /** Every ghost this server sees (players of neighbours near its region), by player id. */
  get ghosts(): ReadonlyMap<string, GhostPlayer> {
    return this.ghostTable.byId;
  }

  /** The bounds the newest region map version gave this server; undefined until a RegionBounds arrives. */
  get regionBounds(): RegionBoundsInfo | undefined {
    return this.bounds;
  }

  /** The node links that are up. */
  get links(): readonly NodeLinkInfo[] {
    return [...this.linkSet].filter((l) => l.up);
  }

  /** True while the server reports that it takes new players. */
  get isAccepting(): boolean {
    return this.accepting && this.byId.size < this.o.capacity;
  }

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof GameServerEvents>(event: K, listener: GameServerEvents[K]): () => void {
    return this.events.on(event, listener);
  }

  /** Binds the port and starts accepting node links. */
  listen(): Promise<E.Either<ListenError, number>> {
    const ready = this.prepare();
    if (E.isLeft(ready)) return Promise.resolve(ready);
    const app = uWS.App().ws<SocketData>(this.o.path, {
      compression: uWS.DISABLED,
      maxPayloadLength: this.o.maxFrameBytes,
      maxBackpressure: this.o.maxBackpressureBytes,
      idleTimeout: 0,
      open: (ws) => {
        ws.getUserData().link = this.openLink(uwsSocket(ws));
      },
      message: (ws, message, isBinary) => {
        const frame = isBinary ? new Uint8Array(message.slice(0)) : text.decode(message);
        ws.getUserData().link?.receive(frame, Date.now());
      },
      close: (ws, code, message) => {
        const link = ws.getUserData().link;
        if (link !== undefined) this.linkClosed(link, code, text.decode(message));
      },
    });
    return new Promise((resolve) => {
      // 1 = LIBUS_LISTEN_EXCLUSIVE_PORT: without it uWS listens with SO_REUSEPORT and a second
      // server on the port would share it silently (the 20.30 typings lack this overload).
      (app.listen as unknown as (h: string, p: number, options: number, cb: (s: us_listen_socket | false) => void) => void).call(app, this.o.host, this.o.port, 1, (socket) => {
        if (socket === false) {
          if (this.dialer === undefined) {
            clearInterval(this.timer);
            this.timer = undefined;
          }
          resolve(E.left({ kind: 'listen', message: `cannot listen on ${this.o.host}:${this.o.port}` }));
          return;
        }
        this.listenSocket = socket;
        this.boundPort = uWS.us_socket_local_port(socket as unknown as us_socket);
        resolve(E.right(this.boundPort));
      });
    });
  }

  /**
   * Keeps one link to each of `nodes`, dialled by this server as `serverId` (the id its
   * registration got): for a server the nodes cannot dial, registered with `dialsNodes`.
   * Call it again with each new list (registerWithNode's `onLinkNodes` does): new nodes
   * are dialled, nodes gone from the list are let go, a dropped link is redialled.
   * Returns how many nodes it links to.
   */
  dialNodes(serverId: string, nodes: readonly LinkNode[]): E.Either<ListenError, number> {
    const ready = this.prepare();
    if (E.isLeft(ready)) return ready;
    this.dialer ??= new NodeDialer(
      {
        opened: (socket) => this.openLink(socket),
        closed: (link, code, reason) => this.linkClosed(link as NodeLink, code, reason),
        failed: (_url, message) => this.emitError({ kind: 'link', message }),
      },
      {
        maxFrameBytes: this.o.maxFrameBytes,
        maxBackpressureBytes: this.o.maxBackpressureBytes,
        handshakeTimeoutMs: this.o.handshakeTimeoutMs,
        proof: (id) => this.auth.dialProof(id, Date.now()),
      },
    );
    this.dialer.sync(serverId, nodes);
    return E.right(this.dialer.urls.length);
  }

  /** The player with this id, if it lives here. */
  player(playerId: string): GamePlayer | undefined {
    return this.byId.get(playerId);
  }

  /**
   * Sends `message` to one player (its `seq` is assigned by the node). A reliable action is
   * numbered and kept, so a node crash between here and the client cannot lose it (§11).
   */
  send(player: GamePlayer, message: ClientSingleMessage): void {
    const p = player as PlayerEntry;
    deliverTo(this.linkSet, p, this.replay.outgoing(p, message, Date.now()), undefined);
  }

  /**
   * Sends `message` to a player, a list, everyone in a region, or everyone within a radius.
   * Only a message to one player is numbered for a replay: one Deliver serves a list or an area.
   */
  deliver(to: GamePlayer | readonly GamePlayer[] | DeliverTo, message: ClientSingleMessage, options: { readonly exclude?: GamePlayer } = {}): void {
    if (to instanceof PlayerEntry && to !== options.exclude) return this.send(to, message);
    deliverTo(this.linkSet, to as DeliverTo, message, options.exclude as PlayerEntry | undefined);
  }

  /**
   * Sends game data to the owner of a ghost (e.g. "hit by Y"): the node relays it, and the
   * owner's `peer-message` event gets it with this server as `fromServer`.
   */
  sendToGhostOwner(ghost: GhostPlayer, tag: number, data: Uint8Array): void {
    const g = ghost as GhostPlayer & { link: NodeLink };
    if (this.ghostTable.get(g.link, g.handle) !== ghost) return;
    g.link.send({ type: 'PeerMessage', handle: g.handle, fromServer: '', tag, data });
  }

  /** Removes a player: the node is told (Detach, Kicked) and closes or re-homes its client. */
  kick(player: GamePlayer): void {
    const p = player as PlayerEntry;
    if (this.byHandle.get(p.link)?.get(p.handle) !== p) return;
    p.link.send({ type: 'Detach', handle: p.handle, reason: DetachReason.Kicked });
    this.leave(p, DetachReason.Kicked);
  }

  /** Says whether the server takes new players (reported to every node). */
  setAccepting(accepting: boolean): void {
    this.accepting = accepting;
  }

  /** Records one simulation tick's duration; LoadReport carries the moving average. */
  reportTick(ms: number): void {
    this.tickMsAvg = this.tickMsAvg === 0 ? ms : this.tickMsAvg * 0.9 + ms * 0.1;
  }

  /** What a registration heartbeat reports (pass `() => server.heartbeatStatus()` to registerWithNode). */
  heartbeatStatus(): HeartbeatStatus {
    const players = this.byId.size;
    const load = Number.isFinite(this.o.capacity) ? Math.min(1, players / Math.max(1, this.o.capacity)) : 0;
    return { currentConnections: players, load, acceptingConnections: this.isAccepting, avgTickMs: this.tickMsAvg, memoryBytes: process.memoryUsage.rss() };
  }

  /** Closes every link (code 1001) and the port; players are detached with `link-lost`. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.listenSocket !== undefined) uWS.us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
    this.dialer?.close();
    for (const link of [...this.linkSet]) link.close(1001, 'game server shutting down');
  }

  /** LinkHost: a link finished its handshake. */
  established(link: NodeLink): void {
    for (const other of this.linkSet) {
      if (other !== link && other.up && other.nodeId === link.nodeId) other.close(CloseCode.DuplicateLink, 'replaced by a newer link from the same node');
    }
    this.byHandle.set(link, new Map());
    this.sendLoad(link);
    this.events.emit('link', link);
  }

  /** LinkHost: the link writes its turn's frame. */
  endOfTurn(link: NodeLink): void {
    this.intake.endOfTurn(link);
  }

  /** LinkHost: a message from a node. */
  message(link: NodeLink, m: ServerSingleMessage, trace?: TraceContext): void {
    // A Traced is handled as its message alone; the transfer desk keeps its trace context.
    if (m.type === 'Traced') return this.message(link, m.message, { traceparent: m.traceparent, tracestate: m.tracestate });
    if (this.desk.receive(link, m, Date.now(), trace)) return;
    const handles = this.byHandle.get(link);
    if (handles === undefined) return;
    if (m.type === 'Forward') {
      const p = handles.get(m.handle);
      if (p === undefined) return;
      const inner = m.message;
      const seq = inner.type === 'PlayerMove' || inner.type === 'PlayerAction' ? inner.seq : undefined;
      // A replay of what the game code already took (after a link loss or a client's re-send) stops here.
      if (seq !== undefined && !this.intake.fresh(p, seq)) return;
      if (inner.type === 'PlayerMove') {
        p.position = inner.position;
        this.events.emit('move', p, inner);
      } else if (inner.type === 'PlayerAction') {
        this.events.emit('action', p, inner);
      }
      this.events.emit('message', p, inner);
      // Acknowledged once the game code's listeners have returned.
      if (seq !== undefined) this.intake.taken(p, seq);
    } else if (m.type === 'Attach') {
      this.attach(new PlayerEntry(m.playerId, m.sessionId, m.handle, link, m.position, parseClaims(m.claims), m.state.slice()), 'connect', m.replayAfter);
    } else if (m.type === 'Detach') {
      const p = handles.get(m.handle);
      if (p !== undefined) this.leave(p, m.reason);
    } else if (m.type === 'TransferPreload') {
      this.events.emit('preload', m, link);
    } else if (m.type === 'GhostUpdate') {
      this.ghostTable.update(link, m);
    } else if (m.type === 'GhostEnd') {
      this.ghostTable.end(link, m);
    } else if (m.type === 'RegionBounds') {
      // Every node linked here says it; only a newer version is news.
      if (this.bounds === undefined || m.mapVersion > this.bounds.mapVersion) {
        this.bounds = { mapVersion: m.mapVersion, min: m.min, max: m.max };
        this.events.emit('region', this.bounds);
      }
    } else if (m.type === 'SeqHandover') {
      const p = handles.get(m.handle);
      if (p === undefined) return;
      p.sessionId = m.sessionId;
      this.intake.handover(p, m.seq);
      this.replay.handover(p, m.oseq);
    } else if (m.type === 'PeerMessage') {
      const p = handles.get(m.handle);
      if (p !== undefined) this.events.emit('peer-message', p, { fromServer: m.fromServer, tag: m.tag, data: m.data.slice() });
    }
  }

  /** LinkHost: a recoverable problem on a link. */
  problem(link: NodeLink, kind: 'protocol' | 'backpressure', message: string): void {
    this.emitError({ kind, message, linkId: link.id });
  }

  /** Link auth and the tick loop, once, before the first link of either direction. */
  private prepare(): E.Either<ListenError, void> {
    if (this.timer !== undefined) return E.right(undefined);
    const auth = createLinkAuth(this.o.psk);
    if (E.isLeft(auth)) return E.left({ kind: 'link-auth', message: auth.left.message });
    this.auth = auth.right;
    this.timer = setInterval(() => this.tick(Date.now()), Math.min(250, this.o.heartbeatMs / 2));
    return E.right(undefined);
  }

  /** A socket to a node opened (accepted or dialled): its link, handshake pending. */
  private openLink(socket: LinkSocket): NodeLink {
    const link = new NodeLink(this.nextLinkId++, socket, this, Date.now());
    this.linkSet.add(link);
    return link;
  }

  private attach(p: PlayerEntry, cause: 'connect' | 'transfer', replayAfter: number | undefined): void {
    const handles = this.byHandle.get(p.link);
    if (handles === undefined) return;
    const earlier = this.byId.get(p.playerId);
    // The same session arriving again (a resume through another node before this one noticed
    // the old link die) continues: its seen seqs stay, and game code hears it was suspended.
    if (earlier !== undefined) this.leave(earlier, earlier.sessionId !== '' && earlier.sessionId === p.sessionId ? DetachReason.Suspended : DetachReason.Disconnected);
    const sameHandle = handles.get(p.handle);
    if (sameHandle !== undefined) this.leave(sameHandle, DetachReason.Disconnected);
    handles.set(p.handle, p);
    this.byId.set(p.playerId, p);
    p.link.players = handles.size;
    // A session seen before (a resume, possibly through another node): the node learns at once
    // what the game code took of it, so a transfer hands that on and a replay stops here.
    if (cause === 'connect') this.intake.remind(p);
    else this.intake.arrived(p);
    // What the client missed of this session goes first: anything game code sends from
    // here on is numbered after it.
    for (const m of this.replay.attached(p, cause, replayAfter, Date.now())) deliverTo(this.linkSet, p, m, undefined);
    this.events.emit('attach', p, cause);
    this.ghostTable.attached(p.playerId);
  }

  private leave(p: PlayerEntry, reason: LeaveReason): void {
    const handles = this.byHandle.get(p.link);
    if (handles?.get(p.handle) === p) handles.delete(p.handle);
    if (this.byId.get(p.playerId) === p) this.byId.delete(p.playerId);
    p.link.players = handles?.size ?? 0;
    const now = Date.now();
    this.intake.left(p, reason, now);
    this.replay.left(p, reason, now);
    this.events.emit('detach', p, reason);
  }

  private linkClosed(link: NodeLink, code: number, reason: string): void {
    link.markClosed();
    this.linkSet.delete(link);
    const handles = this.byHandle.get(link);
    if (handles === undefined) return;
    this.desk.linkLost(link);
    this.intake.linkLost(link);
    this.ghostTable.linkLost(link);
    for (const p of [...handles.values()]) this.leave(p, 'link-lost');
    this.byHandle.delete(link);
    this.events.emit('linkClosed', link, code, reason);
  }

  private tick(now: number): void {
    for (const link of this.linkSet) link.tick(now);
    this.desk.tick(now);
    if (now - this.lastLoad >= this.o.loadReportMs) {
      this.lastLoad = now;
      this.replay.sweep(now);
      this.intake.sweep(now, this.o.replay.retentionMs);
      for (const link of this.linkSet) if (link.up) this.sendLoad(link);
    }
  }

  private sendLoad(link: NodeLink): void {
    link.send({ type: 'LoadReport', players: this.byId.size, tickMs: this.tickMsAvg, memoryBytes: process.memoryUsage.rss(), accepting: this.isAccepting });
  }

  private emitError(error: { kind: GameServerError['kind']; message: string; linkId?: number }): void {
    this.events.emit('error', error);
  }
}

/** A game server with these options (not listening yet: call `listen()`). */
export function createGameServer(options: GameServerOptions = {}): GameServer {
  return new GameServer(options);
}
