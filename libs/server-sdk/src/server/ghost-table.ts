// The ghosts this server sees: players of neighbouring servers within its interest
// distance, streamed by the nodes (GhostUpdate/GhostEnd, protocol v2). Keyed by
// (link, handle) as the node addresses them, and by player id for game code. A ghost
// whose player attaches here becomes that player: it leaves the table as `transferred`
// at the Attach, so there is no moment in which the server sees neither.
import { GhostEndReason, type GhostEnd, type GhostUpdate, type Vec3 } from '@atlas/protocol';
import type { NodeLink } from '../link/node-link';
import type { GhostLeaveReason, GhostPlayer } from './types';

/** The server's record of one ghost. */
export class GhostEntry implements GhostPlayer {
  data: unknown = undefined;

  constructor(
    readonly playerId: string,
    readonly handle: number,
    readonly link: NodeLink,
    public ownerServer: string,
    public position: Vec3,
    public velocity: Vec3,
    public counter: number,
  ) {}
}

/** What the table reports (the GameServer emits these as events). */
export interface GhostTableEvents {
  enter(ghost: GhostPlayer): void;
  move(ghost: GhostPlayer): void;
  leave(ghost: GhostPlayer, reason: GhostLeaveReason): void;
}

const REASONS: { readonly [K in GhostEndReason]: GhostLeaveReason } = {
  [GhostEndReason.LeftZone]: 'left-zone',
  [GhostEndReason.Transferred]: 'transferred',
  [GhostEndReason.Disconnected]: 'disconnected',
};

/** Every ghost one GameServer sees. */
export class GhostTable {
  private readonly byLink = new Map<NodeLink, Map<number, GhostEntry>>();
  readonly byId = new Map<string, GhostEntry>();

  constructor(
    private readonly events: GhostTableEvents,
    /** True when the player lives on this server (a stale update for it is ignored). */
    private readonly isLocal: (playerId: string) => boolean,
  ) {}

  /** The ghost `handle` names on `link`. */
  get(link: NodeLink, handle: number): GhostEntry | undefined {
    return this.byLink.get(link)?.get(handle);
  }

  /** A GhostUpdate: enters a new ghost, moves a known one; an out-of-date counter is ignored. */
  update(link: NodeLink, m: GhostUpdate): void {
    if (this.isLocal(m.playerId)) return;
    let handles = this.byLink.get(link);
    if (handles === undefined) {
      handles = new Map();
      this.byLink.set(link, handles);
    }
    const g = handles.get(m.handle);
    if (g === undefined) {
      const earlier = this.byId.get(m.playerId);
      if (earlier !== undefined) this.remove(earlier, 'disconnected');
      const entry = new GhostEntry(m.playerId, m.handle, link, m.ownerServer, m.position, m.velocity, m.counter);
      handles.set(m.handle, entry);
      this.byId.set(m.playerId, entry);
      this.events.enter(entry);
      return;
    }
    if (m.counter <= g.counter) return;
    g.counter = m.counter;
    g.ownerServer = m.ownerServer;
    g.position = m.position;
    g.velocity = m.velocity;
    this.events.move(g);
  }

  /** A GhostEnd (unknown handles are ignored: the ghost may already have become a player). */
  end(link: NodeLink, m: GhostEnd): void {
    const g = this.get(link, m.handle);
    if (g !== undefined) this.remove(g, REASONS[m.reason]);
  }

  /** The player attached here: its ghost, if any, became it. */
  attached(playerId: string): void {
    const g = this.byId.get(playerId);
    if (g !== undefined) this.remove(g, 'transferred');
  }

  /** A link closed: its ghosts are gone. */
  linkLost(link: NodeLink): void {
    for (const g of [...(this.byLink.get(link)?.values() ?? [])]) this.remove(g, 'link-lost');
    this.byLink.delete(link);
  }

  private remove(g: GhostEntry, reason: GhostLeaveReason): void {
    const handles = this.byLink.get(g.link);
    if (handles?.get(g.handle) === g) handles.delete(g.handle);
    if (this.byId.get(g.playerId) === g) this.byId.delete(g.playerId);
    this.events.leave(g, reason);
  }
}
