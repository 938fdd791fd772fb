// Every registered game server gets one upstream link from this node, whichever node
// the server registered with. The pool follows the registry: new servers are dialled,
// deregistered or removed ones are closed, a changed address is re-dialled. A server
// registered without an address dials the node instead: its link waits for that socket
// (`accept`), and a socket for a server the registry does not hold is refused.
import type { GameServerInfo } from '@atlas/cluster';
import { ACK_VERSION, type ServerSingleMessage } from '@atlas/protocol';
import type { LinkAuth } from './link-auth';
import type { LinkWire, WireEvents } from './link-wire';
import type { Upstream, UpstreamEvents, UpstreamLinks } from './ports';
import { UpstreamLink, type UpstreamLinkOptions } from './upstream-link';

/** Settings shared by every link of the pool. */
export interface LinkPoolOptions {
  readonly nodeId: string;
  readonly auth: LinkAuth;
  readonly events: UpstreamEvents;
  readonly maxFrameBytes?: number;
  readonly backoffMs?: UpstreamLinkOptions['backoffMs'];
  /** Makes the link for a registered server (default: a `ws` UpstreamLink; tests pass fakes). */
  readonly connect?: (server: GameServerInfo, events: UpstreamEvents) => Upstream;
}

/** The node's upstream links, keyed by game-server id. */
export class LinkPool implements UpstreamLinks {
  private readonly links = new Map<string, Upstream>();

  constructor(private readonly options: LinkPoolOptions) {}

  /** The link to a server, if the pool has one. */
  get(serverId: string): Upstream | undefined {
    return this.links.get(serverId);
  }

  /** True when the server's link is up. */
  isUp(serverId: string): boolean {
    return this.links.get(serverId)?.isUp === true;
  }

  /** {@inheritDoc UpstreamLinks.acks} */
  acks(serverId: string): boolean {
    const l = this.links.get(serverId);
    return l !== undefined && l.isUp && l.version >= ACK_VERSION;
  }

  /** True when the server's link is up and carries ghost messages. */
  carriesGhosts(serverId: string): boolean {
    return this.links.get(serverId)?.ghosts === true;
  }

  /** Queues a message on a server's link; false when the link is missing or not up. */
  send(serverId: string, m: ServerSingleMessage): boolean {
    const link = this.links.get(serverId);
    return link !== undefined && link.send(m);
  }

  /** Every link. */
  all(): IterableIterator<Upstream> {
    return this.links.values();
  }

  /** Makes the links match the registry's servers (any status: a failed server keeps being redialled until removed). */
  sync(servers: readonly GameServerInfo[]): void {
    const wanted = new Map<string, GameServerInfo>();
    for (const s of servers) wanted.set(s.id, s);
    for (const [id, link] of this.links) {
      const s = wanted.get(id);
      if (s === undefined || s.address !== link.address) {
        this.links.delete(id);
        link.close(1000, s === undefined ? 'game server left the registry' : 'game server address changed');
      }
    }
    for (const s of wanted.values()) {
      if (this.links.has(s.id)) continue;
      const link = this.options.connect?.(s, this.options.events) ?? this.dial(s);
      this.links.set(s.id, link);
      link.open();
    }
  }

  /**
   * The socket server `serverId` dialled this node with: its link opens on it. Undefined
   * (close the socket) when the registry holds no such server, or the node dials it.
   */
  accept(serverId: string, wire: LinkWire): WireEvents | undefined {
    const link = this.links.get(serverId);
    return link !== undefined && link.address === '' && link.accept !== undefined ? link.accept(wire) : undefined;
  }

  /**
   * Whether a socket for `serverId` may be upgraded: `no-server` unless it is registered
   * and dials the node; `live` while its link is up, so a socket from anyone who knows the
   * id cannot knock a working link off (a restarted server gets in once the node saw the
   * old link die, within 3 heartbeats).
   */
  awaits(serverId: string): 'yes' | 'no-server' | 'live' {
    const link = this.links.get(serverId);
    if (link === undefined || link.address !== '') return 'no-server';
    return link.isUp ? 'live' : 'yes';
  }

  private dial(s: GameServerInfo): Upstream {
    const o = this.options;
    return new UpstreamLink({ nodeId: o.nodeId, serverId: s.id, address: s.address, auth: o.auth, events: o.events, maxFrameBytes: o.maxFrameBytes, backoffMs: o.backoffMs });
  }

  /** Flushes every link's queue now. */
  flushAll(): void {
    for (const link of this.links.values()) link.flush();
  }

  /** Closes every link. */
  closeAll(code = 1000, reason = 'node stopping'): void {
    for (const link of this.links.values()) link.close(code, reason);
    this.links.clear();
  }
}
