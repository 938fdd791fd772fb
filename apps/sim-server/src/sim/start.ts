// startSimServer: a GameServer (node links on /atlas), the simulated world on it,
// optional direct mode (/ws) and optional registration with a node.
import * as E from 'fp-ts/lib/Either.js';
import { createGameServer, registerWithNode, type GameServer, type LinkPsk, type Registration } from '@atlas/server-sdk';
import { startDirectServer, type DirectServer } from '../direct/direct-server';
import { decodeCarried } from './state-codec';
import { World, type PlayerSink } from './world';
import { gridCell, regionOf, type Region } from './region';

/** Everything a sim-server can be told. */
export interface SimServerOptions {
  /** Bind address (default 127.0.0.1). */
  readonly host?: string;
  /** Link port (default 0: any free port). */
  readonly port?: number;
  /** The region this server owns (default: 0..1000 in x and y, -1000..1000 in z). */
  readonly region?: Region;
  /** Name in the registration (default `sim-<i>-<j>`). */
  readonly name?: string;
  /** Players before it reports that it is full (default 1000). */
  readonly capacity?: number;
  /** Pre-shared key nodes must prove on the link. */
  readonly psk?: LinkPsk;
  /** Node HTTP URL(s) to register with (and heartbeat); with several, heartbeats fail over between them. */
  readonly register?: string | readonly string[];
  /** Dial the nodes the registration lists instead of listening for their links (needs `register`). */
  readonly dialNodes?: boolean;
  /** Bearer secret for the registration API. */
  readonly registrationSecret?: string;
  /** Also serve game clients directly on /ws (benchmark baseline). */
  readonly direct?: boolean;
  /** Direct-mode port (default 0). */
  readonly directPort?: number;
  /** Direct mode: encrypt sessions (default true). */
  readonly directEncryption?: boolean;
  /** Direct mode: verify player tokens with this secret (default: anonymous). */
  readonly tokenSecret?: string;
  readonly tickHz?: number;
  readonly syncHz?: number;
  readonly syncRadius?: number;
  /** Link heartbeat (default 5000 ms). */
  readonly heartbeatMs?: number;
  /** Called when the cluster's region map gives this server new bounds. */
  readonly onRegion?: (region: Region, mapVersion: number) => void;
  /** Called for registration problems (the heartbeat loop keeps trying). */
  readonly onError?: (message: string) => void;
}

/** A running sim-server. */
export interface SimServer {
  /** Link port (nodes dial `url`); 0 when it dials the nodes. */
  readonly port: number;
  /** The link URL nodes dial; empty when it dials the nodes. */
  readonly url: string;
  readonly directPort?: number;
  readonly directUrl?: string;
  /** The region it owns now: the one it started with, until a RegionBounds (a split or merge) moves it. */
  readonly region: Region;
  readonly server: GameServer;
  readonly world: World;
  readonly direct?: DirectServer;
  readonly registration?: Registration;
  /** Deregisters, closes links and sockets, stops the tick loop. */
  close(): Promise<void>;
}

/** Starts a sim-server; resolves once it listens (and is registered, when asked). */
export async function startSimServer(o: SimServerOptions = {}): Promise<E.Either<string, SimServer>> {
  const host = o.host ?? '127.0.0.1';
  const region = o.region ?? gridCell(1, 1, 0, 0, 1000);
  const server = createGameServer({
    host,
    port: o.port ?? 0,
    psk: o.psk,
    capacity: o.capacity ?? 1000,
    heartbeatMs: o.heartbeatMs,
    transfer: { exportState: (p) => world.exportState(p.playerId) },
  });
  const world = new World({ tickHz: o.tickHz, syncHz: o.syncHz, syncRadius: o.syncRadius, onTick: (ms) => server.reportTick(ms) });
  server.on('attach', (p, cause) => {
    const sink: PlayerSink = { send: (m) => server.send(p, m) };
    p.data = sink;
    const carried = cause === 'transfer' || p.state.length > 0 ? decodeCarried(p.state) : undefined;
    world.join(p.playerId, p.position, sink, carried);
  });
  server.on('detach', (p) => world.leave(p.playerId, p.data as PlayerSink));
  server.on('move', (p, m) => world.move(p.playerId, m.position));
  server.on('action', (p, a) => world.action(p.playerId, a));
  server.on('preload', (p) => world.preload(p.playerId, p.active));
  server.on('ghost-enter', (g) => world.ghost(g.playerId, g.position));
  server.on('ghost-move', (g) => world.ghost(g.playerId, g.position));
  server.on('ghost-leave', (g) => world.ghostLeft(g.playerId));
  // The map owns the bounds: a split or merge moves them, and the players follow by transfer.
  let owned = region;
  server.on('region', (b) => {
    owned = regionOf({ min: b.min, max: b.max }, region.coord);
    o.onRegion?.(owned, b.mapVersion);
  });

  const dials = o.dialNodes === true;
  // A refused or failed dial is retried by the SDK; say so once per attempt.
  server.on('error', (e) => {
    if (e.kind === 'link') o.onError?.(e.message);
  });
  if (dials && o.register === undefined) return E.left('dialNodes needs register: the registration answer lists the nodes to dial');
  if (!dials) {
    const listening = await server.listen();
    if (E.isLeft(listening)) return E.left(listening.left.message);
  }
  let direct: DirectServer | undefined;
  if (o.direct === true) {
    const d = await startDirectServer(world, {
      host,
      port: o.directPort ?? 0,
      encryption: o.directEncryption,
      tokenSecret: o.tokenSecret,
      heartbeatMs: o.heartbeatMs,
    });
    if (E.isLeft(d)) {
      await server.close();
      return E.left(d.left);
    }
    direct = d.right;
  }
  world.start();

  let registration: Registration | undefined;
  if (o.register !== undefined) {
    const { x, y } = region.coord;
    const r = await registerWithNode(
      o.register,
      {
        name: o.name ?? `sim-${x}-${y}`,
        address: dials ? '' : server.url,
        dialsNodes: dials,
        regionCoord: region.coord,
        center: region.center,
        bounds: region.bounds,
        capacity: o.capacity ?? 1000,
        version: '0.1.0',
        metadata: { kind: 'sim-server', direct: direct?.url ?? '' },
      },
      {
        secret: o.registrationSecret,
        status: () => server.heartbeatStatus(),
        onError: (e) => o.onError?.(e.message),
        onLinkNodes: (nodes, serverId) => {
          const dialled = server.dialNodes(serverId, nodes);
          if (E.isLeft(dialled)) o.onError?.(dialled.left.message);
        },
        onFailover: (from, to, e) => o.onError?.(`node ${from} failed (${e.message}); registration moves to ${to}`),
      },
    );
    if (E.isLeft(r)) {
      world.stop();
      direct?.close();
      await server.close();
      return E.left(`registration with ${[o.register].flat().join(', ')} failed: ${r.left.message}`);
    }
    registration = r.right;
  }

  return E.right({
    port: server.port,
    url: dials ? '' : server.url,
    directPort: direct?.port,
    directUrl: direct?.url,
    get region() {
      return owned;
    },
    server,
    world,
    direct,
    registration,
    async close() {
      await registration?.stop();
      world.stop();
      direct?.close();
      await server.close();
    },
  });
}

