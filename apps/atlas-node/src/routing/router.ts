// Routes each player's messages to the game server that owns its position: attach on
// first placement, forward everything over that server's upstream link, update the
// interest grid on every move and ask the transfer decider whether to hand over.
// When a server's link is lost its players are re-homed on a server that can take
// their position, or parked with a clear status and re-attached when it returns.
// Actions of a player without a route are held (held.ts) and sent, in order, right
// after its Attach.
import { DetachReason, ErrorCode, TransferPhase, TransferReason, seqNewer, type ClientSingleMessage, type PlayerMove } from '@atlas/protocol';
import type { Region, TransferDecision } from '@atlas/spatial';
import type { TransferManager } from '../transfer/transfer-manager';
import type { UpstreamLinks } from '../upstream/ports';
import type { ClientOutlet } from '../transfer/ports';
import type { HeldActions } from './held';
import type { GhostStreams } from './ghosts/ghost-streams';
import type { PlayerRoutes, RoutedPlayer } from './ports';
import type { Routes } from './routes';
import type { World } from './world';

const EMPTY = new Uint8Array(0);
const NO_REGIONS: readonly Region[] = [];
const ZERO = { x: 0, y: 0, z: 0 } as const;

/** Player placement and message routing of one node. */
export class Router<P extends RoutedPlayer> implements PlayerRoutes<P> {
  constructor(
    private readonly world: World,
    private readonly links: UpstreamLinks,
    private readonly clients: ClientOutlet<P>,
    private readonly transfers: TransferManager<P>,
    private readonly routes: Routes<P>,
    private readonly players: ReadonlyMap<number, P>,
    private readonly held: HeldActions<P>,
    private readonly ghosts: GhostStreams,
  ) {}

  /** A message from an active player (not Heartbeat/Resume/Disconnect: the hub answers those). */
  fromClient(s: P, m: ClientSingleMessage): void {
    if (m.type === 'PlayerMove') {
      this.move(s, m);
      return;
    }
    if (m.type === 'PlayerAction') {
      this.forward(s, m);
      return;
    }
    this.clients.enqueue(s, { type: 'Error', code: ErrorCode.UnexpectedMessage, message: `${m.type} is not something a client sends` });
  }

  /** {@inheritDoc PlayerRoutes.place} */
  place(s: P, hostedBy: string | null): void {
    if (!s.placed || s.server !== null || !s.routable) return;
    this.world.grid.set(s.handle, { x: s.x, y: s.y, z: s.z });
    // The server the player was on knows which of its actions the game code took (the others
    // do not): its re-sent actions must go there, not to the owner of a position the directory
    // may hold from before a transfer, or from inside the hysteresis band. Its next move
    // transfers it, with the SeqHandover, if it is elsewhere.
    if (hostedBy !== null && this.links.isUp(hostedBy)) this.attachTo(s, hostedBy, undefined);
    else this.attachToOwner(s, undefined);
  }

  /** The player is leaving this node: its server is told why, transfers are cancelled, preloads withdrawn. */
  leave(s: P, reason: DetachReason): void {
    this.transfers.cancel(s);
    this.held.forget(s);
    this.withdrawPreloads(s, NO_REGIONS, undefined);
    this.ghosts.left(s);
    this.world.grid.remove(s.handle);
    const server = s.server;
    if (server !== null) {
      this.links.send(server, { type: 'Detach', handle: s.handle, reason });
      this.routes.detach(s);
    }
  }

  /** Drops held actions that waited too long (about once a second). */
  sweep(now: number): void {
    this.held.expire(now);
  }

  /** A server's link came up, or the regions changed: attach parked players that now have a home. */
  reattachParked(): void {
    for (const s of this.players.values()) {
      if (s.routable && s.placed && s.server === null) this.attachToOwner(s, s.prevServer ?? undefined);
    }
  }

  /**
   * A server's link came up: players of other servers already near its region are shown to
   * it as ghosts now, not only once they next move (a restarted neighbour would otherwise
   * not see a player standing still by the border).
   */
  showGhostsTo(serverId: string): void {
    for (const s of this.players.values()) {
      if (!s.placed || s.server === null || s.server === serverId || s.transferId !== 0) continue;
      const d = this.world.decide(s.x, s.y, s.z, s.server);
      if (d !== undefined && d.kind === 'preload' && d.regions.some((r) => r.owner === serverId)) this.ghosts.restate(s, d);
    }
  }

  /** A server's link went down: move its players to another owner or park them. */
  serverLost(serverId: string): void {
    this.transfers.serverLost(serverId);
    for (const s of this.players.values()) {
      if (s.preloaded !== null) this.forgetPreload(s, serverId);
      if (s.server !== serverId) continue;
      this.routes.lost(s, serverId);
      this.held.requeue(s, Date.now());
      const owner = this.world.ownerAt(s.x, s.y, s.z);
      if (owner !== undefined && owner !== serverId && this.links.isUp(owner)) this.attachToOwner(s, serverId);
      else this.park(s, serverId);
    }
  }

  /** The game server removed a player (Detach from the server): it is no longer routed there. */
  kickedBy(s: P, serverId: string): boolean {
    if (s.server !== serverId) return false;
    this.transfers.cancel(s);
    this.held.forget(s);
    this.routes.detach(s);
    return true;
  }

  private move(s: P, m: PlayerMove): void {
    const p = m.position;
    if (!(Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.z))) {
      this.clients.enqueue(s, { type: 'Error', code: ErrorCode.InvalidFrame, message: 'position must be finite' });
      return;
    }
    s.x = p.x;
    s.y = p.y;
    s.z = p.z;
    this.world.grid.set(s.handle, p);
    if (!s.placed) {
      s.placed = true;
      this.attachToOwner(s, undefined);
    } else if (s.server === null && s.transferId === 0) {
      // Parked (its server is down): walking into a live region re-homes it there.
      this.attachToOwner(s, s.prevServer ?? undefined);
    }
    this.forward(s, m);
    const d = s.server !== null && s.transferId === 0 ? this.maybeTransfer(s, m) : undefined;
    this.ghosts.moved(s, m, d);
  }

  /** Acts on the move's transfer decision (preloads, a handover) and returns it for the ghost streams. */
  private maybeTransfer(s: P, m: PlayerMove): TransferDecision | undefined {
    const current = s.server as string;
    const d = this.world.decide(s.x, s.y, s.z, current, m.velocity);
    if (d === undefined) return d;
    if (d.kind !== 'transfer') {
      const near = d.kind === 'preload' ? d.regions : NO_REGIONS;
      if (near.length > 0) this.sendPreloads(s, m, current, near);
      if (s.preloaded !== null) this.withdrawPreloads(s, near, m);
      return d;
    }
    const target = d.region.owner;
    if (target === current || !this.links.isUp(target)) return d;
    // TransferPrepare supersedes the preload; after the transfer the zones are judged afresh.
    this.forgetPreload(s, target);
    this.transfers.start(s, current, target, TransferReason.Boundary, m.position);
    return d;
  }

  /** Tells each neighbour in `near` not yet warned that the player is near (once per zone visit). */
  private sendPreloads(s: P, m: PlayerMove, current: string, near: readonly Region[]): void {
    for (const r of near) {
      const owner = r.owner;
      if (owner === current || (s.preloaded !== null && s.preloaded.includes(owner))) continue;
      const sent = this.links.send(owner, {
        type: 'TransferPreload',
        handle: s.handle,
        active: true,
        playerId: s.playerId,
        fromServer: current,
        position: m.position,
        velocity: m.velocity,
      });
      if (!sent) continue;
      if (s.preloaded === null) s.preloaded = [owner];
      else s.preloaded.push(owner);
    }
  }

  /** Tells each warned server no longer in `near` that the player left its zone. */
  private withdrawPreloads(s: P, near: readonly Region[], m: PlayerMove | undefined): void {
    const warned = s.preloaded;
    if (warned === null) return;
    for (let i = warned.length - 1; i >= 0; i--) {
      const server = warned[i] as string;
      if (near.some((r) => r.owner === server)) continue;
      warned.splice(i, 1);
      this.links.send(server, {
        type: 'TransferPreload',
        handle: s.handle,
        active: false,
        playerId: s.playerId,
        fromServer: s.server ?? '',
        position: m?.position ?? { x: s.x, y: s.y, z: s.z },
        velocity: m?.velocity ?? ZERO,
      });
    }
    if (warned.length === 0) s.preloaded = null;
  }

  /** Drops `server` from the warned list without telling it (it is down, or a transfer supersedes). */
  private forgetPreload(s: P, server: string): void {
    const warned = s.preloaded;
    if (warned === null) return;
    const i = warned.indexOf(server);
    if (i >= 0) warned.splice(i, 1);
    if (warned.length === 0) s.preloaded = null;
  }

  /** Sends a message to the player's server (through the transfer while one is in flight). */
  private forward(s: P, m: ClientSingleMessage): void {
    if (s.transferId !== 0) {
      this.transfers.fromClient(s, m);
      return;
    }
    const server = s.server;
    if (server !== null && this.send(s, server, m)) return;
    if (server !== null) {
      // The link dropped within this turn: the loss handler moves or parks the player (its
      // unacknowledged actions go back to the held queue), then this one follows them.
      this.serverLost(server);
      this.forward(s, m);
      return;
    }
    this.holdIfAction(s, m);
    if (!s.parkedNotice) {
      s.parkedNotice = true;
      const why = s.placed ? 'no game server owns your position right now' : 'the node routes by position: send a PlayerMove';
      this.clients.enqueue(s, { type: 'Error', code: ErrorCode.Unroutable, message: `actions held until a game server takes you: ${why}` });
    }
  }

  /** Forwards `m` to `server`; a reliable action stays in flight until the server acknowledges it. */
  private send(s: P, server: string, m: ClientSingleMessage): boolean {
    if (!this.links.send(server, { type: 'Forward', handle: s.handle, message: m })) return false;
    this.forwarded(s, server, m);
    return true;
  }

  /**
   * `m` went to `server` (here, or flushed by a transfer): kept until the server
   * acknowledges it, or, on a link that never does, taken as far as the node can know.
   */
  forwarded(s: P, server: string, m: ClientSingleMessage): void {
    if (this.links.acks(server)) {
      if (m.type === 'PlayerAction') this.held.sent(s, m, Date.now());
    } else if (m.type === 'PlayerAction' || m.type === 'PlayerMove') this.took(s, m.seq);
  }

  /** The server acknowledged every client seq of the player up to `seq`. */
  acked(s: P, serverId: string, seq: number): void {
    if (s.server !== serverId) return;
    this.held.acked(s, seq);
    this.took(s, seq);
  }

  private took(s: P, seq: number): void {
    if (seqNewer(seq, s.takenSeq)) s.takenSeq = seq;
  }

  /** Holds an action of an unrouted player (moves are not held: Attach carries the last position). */
  private holdIfAction(s: P, m: ClientSingleMessage): void {
    if (m.type === 'PlayerAction') this.held.hold(s, m, Date.now());
  }

  private attachToOwner(s: P, formerServer: string | undefined): void {
    const owner = this.world.ownerAt(s.x, s.y, s.z);
    if (owner === undefined || !this.links.isUp(owner)) {
      this.park(s, formerServer);
      return;
    }
    this.attachTo(s, owner, formerServer);
  }

  private attachTo(s: P, owner: string, formerServer: string | undefined): void {
    const sent = this.links.send(owner, {
      type: 'Attach',
      handle: s.handle,
      playerId: s.playerId,
      sessionId: s.sessionId,
      position: { x: s.x, y: s.y, z: s.z },
      state: EMPTY,
      claims: s.claims,
      // The server numbers after it and replays what it kept beyond it (a v1 link drops it).
      replayAfter: s.lastOseq,
    });
    if (!sent) {
      this.park(s, formerServer);
      return;
    }
    this.routes.attach(s, owner);
    s.parkedNotice = false;
    for (const m of this.held.take(s)) this.send(s, owner, m);
    if (formerServer !== undefined) {
      // Re-homed after its server failed (or re-attached when it returned): the client is
      // told as for a transfer, and its socket stays open.
      this.clients.enqueue(s, {
        type: 'ServerTransfer',
        seq: 0,
        transferId: 0,
        fromServer: formerServer,
        toServer: owner,
        reason: TransferReason.ServerFailed,
        phase: TransferPhase.Completed,
      });
      this.routes.settled(s);
    }
  }

  /** Tells an unrouted player (every caller has `server` null already) why, once. */
  private park(s: P, formerServer: string | undefined): void {
    if (s.parkedNotice) return;
    s.parkedNotice = true;
    const why =
      formerServer !== undefined
        ? `region unavailable: game server ${formerServer} is down; you will be re-attached when it returns`
        : 'region unavailable: no game server owns your position; you will be attached when one does';
    this.clients.enqueue(s, { type: 'Error', code: ErrorCode.Unroutable, message: why });
  }
}
