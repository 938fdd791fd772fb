// What the node does with its upstream links' news: game-server messages (deliveries,
// kicks, transfer replies) and link state (up: re-attach parked players; down: move or
// park the server's players).
import { publicUrl } from '@atlas/config';
import { CloseCode, type ServerSingleMessage } from '@atlas/protocol';
import type { Logger } from 'winston';
import { LinkStateValue, type NodeMetrics } from '../metrics/metrics';
import type { SessionHub } from '../session/hub';
import type { TransferManager } from '../transfer/transfer-manager';
import type { Upstream, UpstreamState } from '../upstream/ports';
import type { Delivery } from './delivery';
import type { Router } from './router';

/** The parts that react to upstream traffic. */
export interface UpstreamEventDeps {
  readonly hub: SessionHub;
  readonly router: Router;
  readonly delivery: Delivery;
  readonly transfers: TransferManager;
  readonly metrics: NodeMetrics;
  readonly log: Logger;
}

/** Handles one message from a game server. */
export function onUpstreamMessage(d: UpstreamEventDeps, link: Upstream, m: ServerSingleMessage): void {
  if (d.transfers.fromServer(link.serverId, m)) return;
  switch (m.type) {
    case 'Deliver':
      d.delivery.deliver(link.serverId, m);
      return;
    case 'Detach': {
      const s = d.hub.sessions.get(m.handle);
      if (s !== undefined && d.router.kickedBy(s, link.serverId)) d.hub.close(s, CloseCode.Kicked, 'removed by the game server');
      return;
    }
    case 'LoadReport':
      return;
    default:
      d.log.debug('unexpected message from game server', { serverId: link.serverId, type: m.type });
  }
}

/** Handles a link state change. */
export function onUpstreamState(d: UpstreamEventDeps, link: Upstream, st: UpstreamState, why: string): void {
  d.metrics.setLinkState(link.serverId, st === 'up' ? LinkStateValue.Up : st === 'connecting' ? LinkStateValue.Connecting : LinkStateValue.Down);
  if (st === 'up') {
    d.log.info('upstream link up', { serverId: link.serverId, address: publicUrl(link.address) });
    d.router.reattachParked();
  } else if (st === 'down' || st === 'closed') {
    if (st === 'closed') d.metrics.forgetServer(link.serverId);
    d.log.info(`upstream link ${st}`, { serverId: link.serverId, why });
    d.router.serverLost(link.serverId);
  }
}
