// The routing stage put together, in data-path order: the route writer, the transfers
// and the upstream links behind it, the router and the deliveries; and what the links
// report back (game-server messages: deliveries, kicks, transfer replies; link state:
// up re-attaches parked players, down moves or parks the server's players). Built up
// front: the links are made here, handed this stage's own handlers.
import { CloseCode, type ServerSingleMessage } from '@atlas/protocol';
import type { RouteDirectory } from '../transfer/ports';
import { TransferManager, type TransferEvents, type TransferSettings } from '../transfer/transfer-manager';
import type { Upstream, UpstreamEvents, UpstreamLinks, UpstreamState } from '../upstream/ports';
import { Delivery } from './delivery';
import { HeldActions, type HeldEvents, type HeldLimits } from './held';
import { GhostStreams, type GhostEvents } from './ghosts/ghost-streams';
import type { GhostSettings } from './ghosts/ghost-tracker';
import type { ClientLink, RoutedPlayer } from './ports';
import { Router } from './router';
import { Routes, type RouteEvents } from './routes';
import type { World } from './world';

/** What the routing stage reports (metrics and logs; routing acts after each report). */
export interface RoutingEvents<P> extends RouteEvents<P>, TransferEvents, HeldEvents, GhostEvents {
  /** A link changed state. */
  linkChanged?(link: Upstream, state: UpstreamState, why: string): void;
  /** A game server sent something the node does not expect from it. */
  unexpected?(link: Upstream, m: ServerSingleMessage): void;
}

/** What the routing stage is built from. */
export interface RoutingDeps<P extends RoutedPlayer, L extends UpstreamLinks> {
  readonly world: World;
  /** This node's players by handle (filled by the session stage). */
  readonly players: ReadonlyMap<number, P>;
  /** The way back to the clients (the session stage's outbox). */
  readonly clients: ClientLink<P>;
  /** Makes the upstream links, reporting to `events`. */
  links(events: UpstreamEvents): L;
  readonly transfer: TransferSettings;
  /** Where a switched route is recorded before the target gets the held messages. */
  readonly directory: RouteDirectory<P>;
  /** Bounds of the actions held for players without a route. */
  readonly held: HeldLimits;
  /** Ghost streams: the interest distance and rings now (read on every near-border move). */
  ghostSettings(): GhostSettings;
  readonly events: RoutingEvents<P>;
}

/** Routing, transfers and upstream links of one node. */
export class RoutingStage<P extends RoutedPlayer, L extends UpstreamLinks> {
  readonly links: L;
  readonly transfers: TransferManager<P>;
  readonly router: Router<P>;
  readonly delivery: Delivery<P>;
  readonly ghosts: GhostStreams;

  constructor(private readonly deps: RoutingDeps<P, L>) {
    this.links = deps.links({ message: (link, m) => this.fromServer(link, m), state: (link, st, why) => this.linkState(link, st, why) });
    const held = new HeldActions<P>(deps.held, deps.clients, deps.events);
    const ghosts = new GhostStreams({ links: this.links, settings: deps.ghostSettings, events: deps.events });
    this.ghosts = ghosts;
    // A handover hands the held actions on and ends the target's ghost of the player (it became the real one there).
    const routes = new Routes<P>({
      ...deps.events,
      switched: (p, from, to) => {
        held.transferred(p);
        deps.events.switched?.(p, from, to);
        ghosts.transferred(p, to);
      },
      // Flushed after the switch (which cleared what was in flight to the source): kept until the target acknowledges it.
      flushed: (p, server, m) => this.router.forwarded(p, server, m),
      // Its link went down under the flush: held like any action of a player without a route;
      // the link's loss then puts what was in flight to the target in front of it, in seq
      // order (the loss handler re-homes or parks the player).
      unsent: (p, m) => {
        if (m.type === 'PlayerAction') held.hold(p, m, Date.now());
      },
    });
    this.transfers = new TransferManager<P>(this.links, deps.clients, routes, deps.directory, deps.transfer, deps.events);
    this.router = new Router<P>(deps.world, this.links, deps.clients, this.transfers, routes, deps.players, held, ghosts);
    this.delivery = new Delivery<P>(deps.world, deps.clients, deps.players);
  }

  /** Handles one message from a game server. */
  fromServer(link: Upstream, m: ServerSingleMessage): void {
    if (this.transfers.fromServer(link.serverId, m)) return;
    switch (m.type) {
      case 'Deliver':
        this.delivery.deliver(link.serverId, m);
        return;
      case 'Detach': {
        const s = this.deps.players.get(m.handle);
        if (s !== undefined && this.router.kickedBy(s, link.serverId)) this.deps.clients.close(s, CloseCode.Kicked, 'removed by the game server');
        return;
      }
      case 'ForwardAck':
        for (const a of m.acks) {
          const s = this.deps.players.get(a.handle);
          if (s !== undefined) this.router.acked(s, link.serverId, a.seq);
        }
        return;
      case 'PeerMessage':
        this.ghosts.peer(link, m);
        return;
      case 'LoadReport':
        return;
      default:
        this.deps.events.unexpected?.(link, m);
    }
  }

  /** Handles a link state change. */
  linkState(link: Upstream, st: UpstreamState, why: string): void {
    this.deps.events.linkChanged?.(link, st, why);
    if (st === 'up') {
      this.router.reattachParked();
      this.router.showGhostsTo(link.serverId);
    }
    else if (st === 'down' || st === 'closed') {
      this.ghosts.serverLost(link.serverId);
      this.router.serverLost(link.serverId);
    }
  }
}
