// Which neighbours see which of this node's players as ghosts, and when each ghost is
// due its next update. Sans-IO: moves, zone changes, transfers, leaves and time go in;
// GhostUpdate/GhostEnd messages per server come out of `drain()`, coalesced to one per
// player per link per turn (the newest wins). No sockets, no timers, no clock.
import type { GhostRing } from '@atlas/config';
import { GhostEndReason, type GhostEnd, type GhostUpdate, type Vec3 } from '@atlas/protocol';

/** The tracker's settings. */
export interface GhostSettings {
  /** The interest distance (world units). */
  readonly distance: number;
  /** Rings from the border outwards; the last reaches 1. */
  readonly rings: readonly GhostRing[];
}

/** A move of one of this node's players, as the tracker needs it. */
export interface GhostMove {
  readonly handle: number;
  readonly playerId: string;
  /** The server that owns the player now. */
  readonly owner: string;
  readonly position: Vec3;
  readonly velocity: Vec3;
}

/** A neighbour whose region is within the interest distance, and how far away it is. */
export interface GhostNeighbour {
  readonly server: string;
  readonly distance: number;
}

/** A message for one server's link. */
export interface GhostOutput {
  readonly server: string;
  readonly message: GhostUpdate | GhostEnd;
}

/** One neighbour watching one player. */
interface Watch {
  lastSentAt: number;
  intervalMs: number;
  /** A move arrived that the ring held back: send it when due. */
  dirty: boolean;
}

/** One ghosted player. */
interface Subject {
  readonly handle: number;
  readonly playerId: string;
  owner: string;
  position: Vec3;
  velocity: Vec3;
  counter: number;
  readonly watches: Map<string, Watch>;
}

/** The ghost streams of one node's players. */
export class GhostTracker {
  private readonly subjects = new Map<number, Subject>();
  private pending = new Map<string, Map<number, GhostUpdate | GhostEnd>>();
  private held = 0;

  constructor(private settings: GhostSettings) {}

  /** Applies reloaded settings (rings take effect at each ghost's next move). */
  reconfigure(settings: GhostSettings): void {
    this.settings = settings;
  }

  /** The interest distance. */
  get distance(): number {
    return this.settings.distance;
  }

  /** Players ghosted to at least one neighbour. */
  get size(): number {
    return this.subjects.size;
  }

  /** The last velocity sent for the player's ghost, if it has one. */
  velocityOf(handle: number): Vec3 | undefined {
    return this.subjects.get(handle)?.velocity;
  }

  /** True when the player is ghosted somewhere. */
  has(handle: number): boolean {
    return this.subjects.has(handle);
  }

  /** True when some ghost holds a move back until its ring allows it (call `tick`). */
  get holding(): boolean {
    return this.held > 0;
  }

  /** The servers that see the player as a ghost. */
  watchers(handle: number): readonly string[] {
    const s = this.subjects.get(handle);
    return s === undefined ? [] : [...s.watches.keys()];
  }

  /** Every ghosted player's id and the servers that see it (the admin map). */
  *ghosted(): IterableIterator<{ readonly playerId: string; readonly watchers: readonly string[] }> {
    for (const s of this.subjects.values()) yield { playerId: s.playerId, watchers: [...s.watches.keys()] };
  }

  /** The owner of the player `server` sees as ghost `handle`, if it does. */
  ownerFor(handle: number, server: string): string | undefined {
    const s = this.subjects.get(handle);
    return s !== undefined && s.watches.has(server) ? s.owner : undefined;
  }

  /**
   * A move. `zone`: the neighbours now within the interest distance (empty: none, the
   * player's ghosts end); undefined: unknown this move (a transfer is in flight), the
   * player's ghosts stay as they are and get the new position.
   */
  move(m: GhostMove, zone: readonly GhostNeighbour[] | undefined, now: number): void {
    let s = this.subjects.get(m.handle);
    if (zone !== undefined && zone.length === 0) {
      if (s !== undefined) this.endAll(s, GhostEndReason.LeftZone);
      return;
    }
    if (s === undefined) {
      if (zone === undefined) return;
      s = { handle: m.handle, playerId: m.playerId, owner: m.owner, position: m.position, velocity: m.velocity, counter: 0, watches: new Map() };
      this.subjects.set(m.handle, s);
    }
    if (s.owner !== m.owner) this.ownerChanged(s, m.owner);
    s.position = m.position;
    s.velocity = m.velocity;
    if (zone !== undefined) this.rezone(s, zone);
    for (const [server, w] of s.watches) {
      if (now - w.lastSentAt >= w.intervalMs) this.emit(s, server, w, now);
      else if (!w.dirty) {
        w.dirty = true;
        this.held++;
      }
    }
    if (s.watches.size === 0) this.subjects.delete(s.handle);
  }

  /** The player was handed over to `to`: the ghost there became the real player. */
  transferred(handle: number, to: string): void {
    const s = this.subjects.get(handle);
    if (s !== undefined) this.ownerChanged(s, to);
  }

  /** The player left this node (disconnect, kick, suspension): every ghost of it ends. */
  left(handle: number): void {
    const s = this.subjects.get(handle);
    if (s !== undefined) this.endAll(s, GhostEndReason.Disconnected);
  }

  /** A server's link is gone: its ghosts are forgotten without a message (it forgets them too). */
  serverLost(server: string): void {
    this.pending.delete(server);
    for (const s of this.subjects.values()) {
      const w = s.watches.get(server);
      if (w === undefined) continue;
      this.unwatch(s, server, w);
      if (s.watches.size === 0) this.subjects.delete(s.handle);
    }
  }

  /** Sends the moves the rings held back that are now due. */
  tick(now: number): void {
    if (this.held === 0) return;
    for (const s of this.subjects.values()) {
      for (const [server, w] of s.watches) if (w.dirty && now - w.lastSentAt >= w.intervalMs) this.emit(s, server, w, now);
    }
  }

  /** This turn's messages, at most one per player per server, in the order the players first got one. */
  drain(): GhostOutput[] {
    if (this.pending.size === 0) return [];
    const out: GhostOutput[] = [];
    for (const [server, byHandle] of this.pending) for (const message of byHandle.values()) out.push({ server, message });
    this.pending = new Map();
    return out;
  }

  private ownerChanged(s: Subject, owner: string): void {
    s.owner = owner;
    const w = s.watches.get(owner);
    if (w !== undefined) this.end(s, owner, w, GhostEndReason.Transferred);
    if (s.watches.size === 0) this.subjects.delete(s.handle);
  }

  private rezone(s: Subject, zone: readonly GhostNeighbour[]): void {
    for (const [server, w] of s.watches) if (!zone.some((n) => n.server === server)) this.end(s, server, w, GhostEndReason.LeftZone);
    for (const n of zone) {
      if (n.server === s.owner) continue;
      const intervalMs = this.intervalAt(n.distance);
      const w = s.watches.get(n.server);
      if (w === undefined) s.watches.set(n.server, { lastSentAt: -Infinity, intervalMs, dirty: false });
      else w.intervalMs = intervalMs;
    }
  }

  private intervalAt(distance: number): number {
    const { rings } = this.settings;
    const f = this.settings.distance > 0 ? distance / this.settings.distance : 0;
    for (const r of rings) if (f <= r.upTo) return r.intervalMs;
    return rings[rings.length - 1]?.intervalMs ?? 0;
  }

  private emit(s: Subject, server: string, w: Watch, now: number): void {
    if (w.dirty) {
      w.dirty = false;
      this.held--;
    }
    w.lastSentAt = now;
    s.counter = (s.counter + 1) >>> 0;
    this.queue(server, {
      type: 'GhostUpdate',
      handle: s.handle,
      playerId: s.playerId,
      ownerServer: s.owner,
      position: s.position,
      velocity: s.velocity,
      counter: s.counter,
    });
  }

  private endAll(s: Subject, reason: GhostEndReason): void {
    for (const [server, w] of s.watches) this.end(s, server, w, reason);
    this.subjects.delete(s.handle);
  }

  private end(s: Subject, server: string, w: Watch, reason: GhostEndReason): void {
    this.unwatch(s, server, w);
    this.queue(server, { type: 'GhostEnd', handle: s.handle, reason });
  }

  private unwatch(s: Subject, server: string, w: Watch): void {
    if (w.dirty) this.held--;
    s.watches.delete(server);
  }

  private queue(server: string, m: GhostUpdate | GhostEnd): void {
    let byHandle = this.pending.get(server);
    if (byHandle === undefined) {
      byHandle = new Map();
      this.pending.set(server, byHandle);
    }
    byHandle.set(m.handle, m);
  }
}
