// Game server -> players: a Deliver addresses one player, a list, everyone of this
// node in a region, or everyone within a radius. Each recipient gets the message in
// its per-turn frame; the outbox stamps each player's own sequence number.
import type { Deliver } from '@atlas/protocol';
import type { ClientOutlet } from '../transfer/ports';
import type { RoutedPlayer } from './ports';
import type { World } from './world';

/** Fans Deliver messages out to this node's players. */
export class Delivery<P extends RoutedPlayer> {
  constructor(
    private readonly world: World,
    private readonly clients: ClientOutlet<P>,
    private readonly players: ReadonlyMap<number, P>,
  ) {}

  /** Delivers `d` sent by `serverId`; returns how many players it reached. */
  deliver(serverId: string, d: Deliver): number {
    const t = d.target;
    switch (t.kind) {
      case 'player':
        return this.one(serverId, t.handle, d, true);
      case 'players': {
        let n = 0;
        for (const h of t.handles) n += this.one(serverId, h, d, true);
        return n;
      }
      case 'region':
        return this.many(serverId, this.world.playersInRegion(t.regionId), d);
      case 'radius':
        return this.many(serverId, this.world.playersInRadius(t.center, t.radius), d);
    }
  }

  private many(serverId: string, handles: readonly number[], d: Deliver): number {
    let n = 0;
    // Interest deliveries reach every player of the area, whichever server simulates it.
    for (const h of handles) n += this.one(serverId, h, d, false);
    return n;
  }

  private one(serverId: string, handle: number, d: Deliver, mustOwn: boolean): number {
    if (handle === d.exclude) return 0;
    const s = this.players.get(handle);
    if (s === undefined || !s.routable) return 0;
    // A server addresses a player by handle only while it hosts it, hosts it next (transfer), or just did.
    if (mustOwn && s.server !== serverId && s.prevServer !== serverId && !(s.transferId !== 0)) return 0;
    this.clients.enqueue(s, d.message);
    return 1;
  }
}
