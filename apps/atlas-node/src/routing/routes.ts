// The one writer of a player's route (`server`, `prevServer`): the router attaches,
// detaches and parks through it, the transfer manager switches through it, and the
// per-server player counts follow from its events.
import type { ClientSingleMessage } from '@atlas/protocol';
import type { RouteSwitch } from '../transfer/ports';
import type { RoutedPlayer } from './ports';

/** What a route change reports (per-server player gauges). */
export interface RouteEvents<P> {
  attached?(p: P, serverId: string): void;
  detached?(p: P, serverId: string): void;
  switched?(p: P, from: string, to: string): void;
  /** A message a transfer held went to `server` (see RouteSwitch.flushed). */
  flushed?(p: P, server: string, m: ClientSingleMessage): void;
  /** A message a transfer held found its link down (see RouteSwitch.unsent). */
  unsent?(p: P, m: ClientSingleMessage): void;
}

/** Route changes of this node's players. */
export class Routes<P extends RoutedPlayer> implements RouteSwitch<P> {
  constructor(private readonly events: RouteEvents<P> = {}) {}

  /** The player's messages go to `serverId` from now on. */
  attach(p: P, serverId: string): void {
    p.server = serverId;
    this.events.attached?.(p, serverId);
  }

  /** The player's messages go nowhere (it left, or its server removed it); returns the server it had. */
  detach(p: P): string | null {
    const server = p.server;
    if (server === null) return null;
    p.server = null;
    this.events.detached?.(p, server);
    return server;
  }

  /** The player's server was lost: unrouted, and `prevServer` remembers it for the re-home notice. */
  lost(p: P, serverId: string): void {
    p.server = null;
    p.prevServer = serverId;
    this.events.detached?.(p, serverId);
  }

  /** A re-homed player was told: its former server is forgotten. */
  settled(p: P): void {
    p.prevServer = null;
  }

  /** {@inheritDoc RouteSwitch.flushed} */
  flushed(p: P, server: string, m: ClientSingleMessage): void {
    this.events.flushed?.(p, server, m);
  }

  /** {@inheritDoc RouteSwitch.unsent} */
  unsent(p: P, m: ClientSingleMessage): void {
    this.events.unsent?.(p, m);
  }

  /** {@inheritDoc RouteSwitch.switchRoute} */
  switchRoute(p: P, from: string, to: string): void {
    p.prevServer = from;
    p.server = to;
    this.events.switched?.(p, from, to);
  }
}
