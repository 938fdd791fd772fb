// The node's data path, built up front in stage order: the session stage's outbox (the
// way back to every client), then routing with its transfers and upstream links, then
// the session hub in front of them. Each stage gets the ports of the one behind it and
// hands its own back-port forward; nothing is filled in later. The edge (uWS) is
// mounted on top by the composition root.
import { parseGhostRings, publicUrl, type AtlasConfig } from '@atlas/config';
import type { Logger } from 'winston';
import type { NodeCluster } from './cluster/node-cluster';
import { Direction, LinkStateValue, type NodeMetrics } from './metrics/metrics';
import type { GhostSettings } from './routing/ghosts/ghost-tracker';
import { RoutingStage, type RoutingEvents } from './routing/routing-stage';
import { World } from './routing/world';
import { PlayerAuth } from './session/auth';
import { createCodecPolicy } from './session/codecs';
import { SessionHub } from './session/hub';
import { Outbox } from './session/outbox';
import type { ClientSession } from './session/session';
import type { LinkAuth } from './upstream/link-auth';
import { LinkPool } from './upstream/link-pool';
import type { NodeTracing } from './tracing/node-tracing';

/** What the data path is built from. */
export interface DataPathDeps {
  /** The current configuration (reloadable parts are read through it). */
  config(): AtlasConfig;
  readonly metrics: NodeMetrics;
  readonly logger: Logger;
  readonly linkAuth: LinkAuth;
  /** Spans for handshakes, transfers, links and failovers (NO_TRACING when off). */
  readonly tracing: NodeTracing;
  /** The derived pre-shared key, for psk-sealed client sessions. */
  readonly psk: Uint8Array | undefined;
  /** Signs version-2 Welcomes with the node identity key; undefined: unsigned. */
  readonly sign: ((message: Uint8Array) => Uint8Array) | undefined;
  /** A game server's link came up (after its handshake). */
  linkUp?(serverId: string): void;
  /** The cluster, once the node has joined it. */
  cluster(): NodeCluster | undefined;
}

/** The built stages. */
export interface DataPath {
  readonly world: World;
  readonly outbox: Outbox;
  readonly routing: RoutingStage<ClientSession, LinkPool>;
  readonly hub: SessionHub;
}

/** Builds session, routing, transfer and upstream, in that order of dependence. */
export function buildDataPath(d: DataPathDeps): DataPath {
  const { config, metrics, logger } = d;
  const initial = config();
  const log = logger.child({ component: 'node' });
  const world = new World(initial.spatial);
  const outbox = new Outbox({
    maxBackpressureBytes: () => config().limits.max_backpressure_bytes,
    sent: (bytes) => metrics.countFrame(Direction.ClientOut, bytes),
    countOut: (kind) => metrics.countMessage(Direction.ClientOut, kind),
    dropped: (n) => metrics.backpressureDrops.inc(n),
    unsendable: (type) => metrics.versionUnsendable.labels(type).inc(),
    ended: (code) => metrics.countClose(code),
  });
  const sessions = new Map<number, ClientSession>();
  const routed = routingEvents(metrics, logger, d.tracing, sessions, d.linkUp);
  const routing = new RoutingStage<ClientSession, LinkPool>({
    world,
    players: sessions,
    clients: outbox,
    links: (events) =>
      new LinkPool({
        nodeId: initial.cluster.node_id,
        auth: d.linkAuth,
        events: {
          ...events,
          decodeError: (link, message) => {
            metrics.decodeErrors.inc();
            log.warn('undecodable frame from game server', { serverId: link.serverId, error: message });
          },
          traffic: (direction, bytes) => metrics.countFrame(direction === 'in' ? Direction.UpstreamIn : Direction.UpstreamOut, bytes),
          kind: (direction, kind) => metrics.countMessage(direction === 'in' ? Direction.UpstreamIn : Direction.UpstreamOut, kind),
        },
        backoffMs: { initial: 100, max: 5000 },
      }),
    transfer: {
      timeoutSeconds: () => config().game_servers.transfer_timeout,
      bufferMessages: () => config().limits.transfer_buffer_messages,
    },
    directory: { record: (s, to) => d.cluster()?.update(s.playerId, to, { x: s.x, y: s.y, z: s.z }, s.takenSeq) },
    held: {
      messages: () => config().limits.held_messages,
      bytes: () => config().limits.held_bytes,
      timeoutMs: () => config().limits.held_timeout * 1000,
    },
    ghostSettings: ghostSettingsOf(config),
    events: {
      ...routed,
      attached: (s, id) => {
        metrics.servers.addPlayers(id, 1);
        // The directory learns the position and the server at once, so a resume on another
        // node soon after the first move is placed before it moves again, on that server.
        d.cluster()?.update(s.playerId, id, { x: s.x, y: s.y, z: s.z }, s.takenSeq);
      },
    },
  });
  const sessionLog = logger.child({ component: 'session' });
  const hub = new SessionHub({
    config,
    codecs: createCodecPolicy(initial.compression, initial.security, Math.max(4 * initial.limits.max_frame_bytes, 1 << 20)),
    outbox,
    routes: routing.router,
    handshake: {
      auth: new PlayerAuth(initial.security, initial.cluster.node_id),
      psk: d.psk,
      keyRotationSeconds: () => config().security.key_rotation_interval,
      failed: (reason, code) => {
        metrics.handshakeFailures.labels(reason).inc();
        if (code !== undefined) metrics.countRefusal(code, reason);
      },
    },
    cluster: d.cluster,
    sessions,
    ...(d.sign !== undefined ? { sign: d.sign } : {}),
    events: {
      opened: (s) => {
        metrics.connections.inc();
        metrics.connectionsTotal.inc();
        d.tracing.handshakeOpened(s);
      },
      closed: (s, code) => {
        metrics.connections.dec();
        d.tracing.sessionClosed(s, code);
        if (s.playerId !== '') sessionLog.debug('client closed', { playerId: s.playerId, code });
      },
      established: (s, resumed) => {
        d.tracing.handshakeEstablished(s, s.playerId, resumed);
        sessionLog.debug('client established', { playerId: s.playerId, resumed });
      },
      frameIn: (bytes) => metrics.countFrame(Direction.ClientIn, bytes),
      countIn: (kind) => metrics.countMessage(Direction.ClientIn, kind),
      decodeError: () => metrics.decodeErrors.inc(),
    },
  });
  return { world, outbox, routing, hub };
}

/** The ghost settings of the current config, re-parsed only when a reload changed them. */
function ghostSettingsOf(config: () => AtlasConfig): () => GhostSettings {
  let key = '';
  let settings: GhostSettings = { distance: 0, rings: [] };
  return () => {
    const { ghost_distance, preload_distance, ghost_rings } = config().spatial;
    const distance = ghost_distance > 0 ? ghost_distance : preload_distance;
    const k = `${distance}|${ghost_rings}`;
    if (k !== key) {
      key = k;
      // The config codec accepted the rings, so they parse.
      settings = { distance, rings: parseGhostRings(ghost_rings) ?? [] };
    }
    return settings;
  };
}

/** Metrics and logs of routing, transfers and links. */
function routingEvents(metrics: NodeMetrics, logger: Logger, tracing: NodeTracing, sessions: ReadonlyMap<number, ClientSession>, linkUp?: (serverId: string) => void): RoutingEvents<ClientSession> {
  const transferLog = logger.child({ component: 'transfer' });
  const upstreamLog = logger.child({ component: 'upstream' });
  return {
    detached: (_s, id) => metrics.servers.addPlayers(id, -1),
    switched: (_s, from, to) => {
      metrics.servers.addPlayers(from, -1);
      metrics.servers.addPlayers(to, 1);
    },
    started: (r) => {
      metrics.transferStarted();
      tracing.transferStarted(r);
    },
    step: (r, step) => tracing.transferStep(r, step),
    traceContext: (r) => tracing.transferContext(r),
    dropped: (n, reason) => metrics.heldDrops.labels(reason).inc(n),
    completed: (r, ms) => {
      metrics.transferCompleted(ms);
      tracing.transferEnded(r, 'completed');
      transferLog.debug('transfer completed', { playerId: r.playerId, from: r.from, to: r.to, ms });
    },
    aborted: (r) => {
      metrics.transferAborted(r.reason ?? 'unknown');
      tracing.transferEnded(r, 'aborted');
      transferLog.info('transfer aborted', { playerId: r.playerId, from: r.from, to: r.to, reason: r.reason });
    },
    linkChanged: (link, st, why) => {
      tracing.linkChanged(link.serverId, link.address, st, why, () => playersOn(sessions, link.serverId));
      metrics.setLinkState(link.serverId, st === 'up' ? LinkStateValue.Up : st === 'connecting' ? LinkStateValue.Connecting : LinkStateValue.Down);
      if (st === 'up') {
        upstreamLog.info('upstream link up', { serverId: link.serverId, address: publicUrl(link.address) });
        linkUp?.(link.serverId);
      }
      else if (st === 'down' || st === 'closed') {
        if (st === 'closed') metrics.forgetServer(link.serverId);
        upstreamLog.info(`upstream link ${st}`, { serverId: link.serverId, why });
      }
    },
    unexpected: (link, m) => upstreamLog.debug('unexpected message from game server', { serverId: link.serverId, type: m.type }),
    peerDropped: (from, handle) => {
      metrics.peerMessagesDropped.inc();
      upstreamLog.debug('PeerMessage for no ghost of its sender dropped', { serverId: from, handle });
    },
  };
}

/** How many of the node's players the server `id` holds. */
function playersOn(sessions: ReadonlyMap<number, ClientSession>, id: string): number {
  let n = 0;
  for (const s of sessions.values()) if (s.server === id) n++;
  return n;
}
