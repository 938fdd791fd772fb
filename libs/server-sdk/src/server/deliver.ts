// Turns "send this to these players" into one Deliver per link that has any of them:
// handles are per link, so a list is split by link, and a region or radius goes to
// every link (each node knows which of its players are inside).
import type { ClientSingleMessage, Deliver, DeliverTarget, Vec3 } from '@atlas/protocol';
import type { NodeLink } from '../link/node-link';
import type { PlayerEntry } from './player-entry';

/** Whom to deliver to: a player, a list of players, everyone in a region, or within a radius. */
export type DeliverTo =
  | PlayerEntry
  | readonly PlayerEntry[]
  | { readonly region: string }
  | { readonly center: Vec3; readonly radius: number };

/** Queues the Deliver messages for `to` on the right links. */
export function deliverTo(links: Iterable<NodeLink>, to: DeliverTo, message: ClientSingleMessage, exclude: PlayerEntry | undefined): void {
  const excludeOn = (link: NodeLink): number => (exclude !== undefined && exclude.link === link ? exclude.handle : 0);
  const send = (link: NodeLink, target: DeliverTarget): void => {
    const m: Deliver = { type: 'Deliver', target, exclude: excludeOn(link), message };
    link.send(m);
  };
  if (Array.isArray(to)) {
    const byLink = new Map<NodeLink, number[]>();
    for (const p of to as readonly PlayerEntry[]) {
      if (!p.link.up || p === exclude) continue;
      const handles = byLink.get(p.link);
      if (handles === undefined) byLink.set(p.link, [p.handle]);
      else handles.push(p.handle);
    }
    for (const [link, handles] of byLink) {
      send(link, handles.length === 1 ? { kind: 'player', handle: handles[0] as number } : { kind: 'players', handles });
    }
    return;
  }
  if ('region' in to) {
    for (const link of links) if (link.up) send(link, { kind: 'region', regionId: to.region });
    return;
  }
  if ('radius' in to) {
    for (const link of links) if (link.up) send(link, { kind: 'radius', center: to.center, radius: to.radius });
    return;
  }
  const player = to as PlayerEntry;
  if (player.link.up && player !== exclude) send(player.link, { kind: 'player', handle: player.handle });
}
