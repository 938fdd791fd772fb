// The ghost tracker put to work: the router reports each move with its transfer decision,
// the streams work out which neighbours are within the interest distance (only for players
// the decider already found near a border: a far player costs one comparison), send the
// tracker's messages once per turn on the links that carry ghosts, release held-back moves
// on a short timer, and relay PeerMessages from a ghost's viewer to its owner.
import type { GhostEnd, GhostUpdate, PeerMessage, PlayerMove } from '@atlas/protocol';
import { distanceToBounds, type Region, type TransferDecision } from '@atlas/spatial';
import type { Upstream } from '../../upstream/ports';
import type { RoutedPlayer } from '../ports';
import { GhostTracker, type GhostNeighbour, type GhostSettings } from './ghost-tracker';

/** The links as the ghost streams use them. */
export interface GhostLinks {
  /** Queues a message on a server's link; false when it is missing or not up. */
  send(serverId: string, m: PeerMessage | GhostUpdate | GhostEnd): boolean;
  /** True when the server's link is up and carries ghost messages (protocol v2; never a Horizon upstream). */
  carriesGhosts(serverId: string): boolean;
}

/** What the streams report (metrics and logs). */
export interface GhostEvents {
  /** A PeerMessage named no ghost its sender sees (or the owner cannot take it): dropped. */
  peerDropped?(from: string, handle: number): void;
}

/** What the streams are built from. */
export interface GhostStreamsDeps {
  readonly links: GhostLinks;
  /** The current settings (distance already resolved; reloads apply on the next move). */
  settings(): GhostSettings;
  readonly events?: GhostEvents;
  /** Milliseconds (default `performance.now`). */
  readonly clock?: () => number;
  /** Runs `fn` at the end of this turn (default `setImmediate`). */
  readonly endOfTurn?: (fn: () => void) => void;
}

const NONE: readonly GhostNeighbour[] = [];
/** How often held-back moves are looked at, ms (well under the shortest useful ring interval). */
const HOLD_CHECK_MS = 20;
const STILL = Object.freeze({ x: 0, y: 0, z: 0 });

/** Ghost streams of one node's players to the neighbouring servers. */
export class GhostStreams {
  readonly tracker: GhostTracker;
  private flushQueued = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly clock: () => number;
  private readonly endOfTurn: (fn: () => void) => void;

  constructor(private readonly deps: GhostStreamsDeps) {
    this.tracker = new GhostTracker(deps.settings());
    this.clock = deps.clock ?? (() => performance.now());
    this.endOfTurn = deps.endOfTurn ?? ((fn) => void setImmediate(fn));
  }

  /** A routed move; `d` is its transfer decision (undefined when none was taken: a transfer is in flight). */
  moved(s: RoutedPlayer, m: PlayerMove, d: TransferDecision | undefined): void {
    const t = this.tracker;
    if (d !== undefined && d.kind === 'stay' && (t.size === 0 || !t.has(s.handle))) return;
    const owner = s.server;
    if (owner === null) return;
    if (d === undefined && !t.has(s.handle)) return;
    const zone = d === undefined || d.kind === 'transfer' ? undefined : d.kind === 'stay' ? NONE : this.zoneOf(owner, d.regions, m);
    t.reconfigure(this.deps.settings());
    t.move({ handle: s.handle, playerId: s.playerId, owner, position: m.position, velocity: m.velocity }, zone, this.clock());
    this.queueFlush();
  }

  /** Re-evaluates a player that did not move (a neighbour's link came up) at its last position and velocity. */
  restate(s: RoutedPlayer, d: TransferDecision): void {
    const velocity = this.tracker.velocityOf(s.handle) ?? STILL;
    this.moved(s, { type: 'PlayerMove', seq: 0, timestamp: 0, position: { x: s.x, y: s.y, z: s.z }, velocity }, d);
  }

  /** The player was handed over to `to`. */
  transferred(s: RoutedPlayer, to: string): void {
    if (!this.tracker.has(s.handle)) return;
    this.tracker.transferred(s.handle, to);
    this.queueFlush();
  }

  /** The player left this node. */
  left(s: RoutedPlayer): void {
    if (!this.tracker.has(s.handle)) return;
    this.tracker.left(s.handle);
    this.queueFlush();
  }

  /** A server's link is gone. */
  serverLost(serverId: string): void {
    this.tracker.serverLost(serverId);
  }

  /** A PeerMessage from `link`'s server to the owner of one of the ghosts it sees. */
  peer(link: Upstream, m: PeerMessage): void {
    const owner = this.tracker.ownerFor(m.handle, link.serverId);
    const sent =
      owner !== undefined &&
      this.deps.links.carriesGhosts(owner) &&
      this.deps.links.send(owner, { type: 'PeerMessage', handle: m.handle, fromServer: link.serverId, tag: m.tag, data: m.data });
    if (!sent) this.deps.events?.peerDropped?.(link.serverId, m.handle);
  }

  /** Sends this turn's ghost messages. */
  readonly flush = (): void => {
    this.flushQueued = false;
    const t = this.tracker;
    for (const o of t.drain()) this.deps.links.send(o.server, o.message);
    if (t.holding && this.timer === undefined) {
      this.timer = setInterval(this.release, HOLD_CHECK_MS);
      this.timer.unref();
    } else if (!t.holding && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  };

  /** Stops the hold timer (node shutdown). */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private readonly release = (): void => {
    this.tracker.tick(this.clock());
    this.flush();
  };

  private zoneOf(owner: string, regions: readonly Region[], m: PlayerMove): readonly GhostNeighbour[] {
    const max = this.tracker.distance;
    const out: GhostNeighbour[] = [];
    for (const r of regions) {
      if (r.owner === owner || !this.deps.links.carriesGhosts(r.owner)) continue;
      const distance = distanceToBounds(r.bounds, m.position);
      if (distance <= max) out.push({ server: r.owner, distance });
    }
    return out;
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.endOfTurn(this.flush);
  }
}
