// The node's Horizon path in one piece for the composition root: the Horizon servers'
// upstreams (node-core's LinkPool with HorizonUpstream as its link kind), a world of
// Horizon regions only (Horizon clients are routed among Horizon servers, Atlas clients
// among Atlas servers: the protocols differ), the players, and the `/horizon` endpoint.
import { ServerKind, serverKind, type GameServerInfo } from '@atlas/cluster';
import type { AtlasConfig } from '@atlas/config';
import type uWS from 'uWebSockets.js';
import { mountHorizonEdge } from './edge/horizon-edge';
import { HorizonPlayers, type HorizonPlayersDeps } from './routing/horizon-players';
import { World } from './routing/world';
import type { PlayerAuth } from './session/auth';
import { HorizonUpstream } from './upstream/horizon/horizon-upstream';
import type { LinkAuth } from './upstream/link-auth';
import { LinkPool } from './upstream/link-pool';

/** What the Horizon side needs from the node. */
export interface HorizonPathOptions {
  config(): AtlasConfig;
  readonly nodeId: string;
  /** Unused by Horizon upstreams (no link handshake); the pool's type wants one. */
  readonly linkAuth: LinkAuth;
  readonly auth: PlayerAuth;
  draining(): boolean;
  readonly notice: HorizonPlayersDeps['notice'];
  readonly counted: HorizonPlayersDeps['counted'];
  onError(where: string, e: unknown): void;
  traffic(direction: 'in' | 'out', bytes: number, messages: number): void;
}

/** The Horizon side of a node. */
export interface HorizonPath {
  readonly players: HorizonPlayers;
  /** Follows the registry: Horizon-kind servers get an upstream and a region. */
  sync(servers: readonly GameServerInfo[]): void;
  mount(app: uWS.TemplatedApp, maxPayloadLength: number): void;
  close(): void;
}

/** Builds the Horizon side (nothing is dialled until a player attaches). */
export function createHorizonPath(o: HorizonPathOptions): HorizonPath {
  const world = new World(o.config().spatial);
  // The pool's events reach the players, which reach the pool: one late-bound reference.
  const ref: { players?: HorizonPlayers } = {};
  const pool = new LinkPool({
    nodeId: o.nodeId,
    auth: o.linkAuth,
    events: {
      message: (link, m) => ref.players?.fromUpstream(link, m),
      state: () => undefined,
      traffic: o.traffic,
    },
    connect: (server, events) => new HorizonUpstream(server, events, o.config().limits.max_frame_bytes),
  });
  const players = new HorizonPlayers({
    world,
    link: (serverId) => pool.get(serverId),
    settings: () => ({ moveEvent: o.config().game_servers.horizon_move_event, positionPath: o.config().game_servers.horizon_position_path }),
    notice: o.notice,
    counted: o.counted,
  });
  ref.players = players;
  const own = players;
  return {
    players: own,
    sync(servers) {
      const horizon = servers.filter((s) => serverKind(s) === ServerKind.Horizon);
      world.reconfigure(o.config().spatial);
      world.sync(horizon);
      pool.sync(horizon);
    },
    mount(app, maxPayloadLength) {
      mountHorizonEdge(app, {
        players: own,
        auth: o.auth,
        maxPayloadLength,
        maxFrameBytes: () => o.config().limits.max_frame_bytes,
        draining: o.draining,
        onError: o.onError,
        refused: (reason) => o.notice?.('no_server', { reason }),
      });
    },
    close: () => pool.closeAll(1001, 'node shut down'),
  };
}
