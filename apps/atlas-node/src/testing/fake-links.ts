// In-memory upstream links by server id (what routing and transfers use), each a
// FakeUpstream a test drives as the game server would.
import type { GameServerInfo } from '@atlas/cluster';
import { IDLE_SERVER_LOAD } from '@atlas/cluster';
import type { ServerSingleMessage } from '@atlas/protocol';
import type { UpstreamEvents, UpstreamLinks } from '../upstream/ports';
import { FakeUpstream } from './fake-upstream';

/** Fake links, created on demand and up at once. */
export class FakeLinks implements UpstreamLinks {
  private readonly links = new Map<string, FakeUpstream>();

  constructor(private readonly events: UpstreamEvents) {}

  /** The link to `serverId` (made and opened on first use). */
  link(serverId: string): FakeUpstream {
    let l = this.links.get(serverId);
    if (l === undefined) {
      l = new FakeUpstream(serverId, this.events);
      this.links.set(serverId, l);
      l.open();
    }
    return l;
  }

  /** {@inheritDoc UpstreamLinks.isUp} */
  isUp(serverId: string): boolean {
    return this.links.get(serverId)?.isUp === true;
  }

  /** {@inheritDoc UpstreamLinks.acks} */
  acks(serverId: string): boolean {
    const l = this.links.get(serverId);
    return l !== undefined && l.isUp && l.version >= 2;
  }

  /** {@inheritDoc UpstreamLinks.carriesGhosts} */
  carriesGhosts(serverId: string): boolean {
    return this.links.get(serverId)?.ghosts === true;
  }

  /** {@inheritDoc UpstreamLinks.send} */
  send(serverId: string, m: ServerSingleMessage): boolean {
    const l = this.links.get(serverId);
    return l !== undefined && l.send(m);
  }

  /** Forgets what every link recorded. */
  clearSent(): void {
    for (const l of this.links.values()) l.sent.length = 0;
  }
}

/** A registered game server owning x in [x0, x1) of a flat world (y 0..100). */
export function fakeServer(id: string, x0: number, x1: number): GameServerInfo {
  return {
    id,
    name: id,
    address: `fake://${id}`,
    region: { min: { x: x0, y: 0, z: 0 }, max: { x: x1, y: 100, z: 0 } },
    capacity: 100,
    version: '1',
    nodeId: 'test-node',
    metadata: {},
    status: 'active',
    load: IDLE_SERVER_LOAD,
    lastHeartbeat: 1,
  };
}
