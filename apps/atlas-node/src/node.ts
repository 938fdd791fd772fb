// The composition root: builds one Atlas node from its configuration (edge, sessions,
// routing, upstream links, transfers, cluster membership, HTTP endpoints, metrics,
// logging) and owns its lifecycle: start, hot reload, drain, stop.
import * as E from 'fp-ts/lib/Either.js';
import uWS from 'uWebSockets.js';
import { EMPTY_REGION_MAP, ServerKind, applyRegionMap, serverKind, type GameServerInfo, type MemoryBackend } from '@atlas/cluster';
import { publicUrl, watchConfig, type AtlasConfig, type ConfigWatcher, type LoadedConfig, type LoadOptions } from '@atlas/config';
import { CloseCode, DetachReason, TransferReason } from '@atlas/protocol';
import type { Logger } from 'winston';
import { listenAdmin, type AdminListener } from './admin/admin-routes';
import { advertiseAddress, advertisedLinkUrl, LINK_URL_METADATA } from './cluster/advertise';
import { NodeCluster } from './cluster/node-cluster';
import { startNodeProvisioning, type NodeProvisioning } from './cluster/provisioning';
import type { Provisioner } from '@atlas/provisioning';
import { buildDataPath } from './data-path';
import { NodeRebalance } from './rebalance/node-rebalance';
import { mountClientEdge } from './edge/client-edge';
import { LINK_PATH, mountLinkEdge } from './edge/link-edge';
import { closeApp, listen, listenFailure } from './edge/uws-app';
import type { HttpDeps } from './http/deps';
import { mountFallbackRoute, trackRoutes } from './http/fallback';
import { createHorizonPath } from './horizon-path';
import { mountHttpRoutes } from './http/routes';
import { NodeRunState, type NodeSnapshot } from './http/snapshot';
import { buildSnapshot } from './http/snapshot-view';
import { createLogger, setLogLevel } from './logging/logger';
import { Direction, NodeMetrics } from './metrics/metrics';
import { PlayerAuth } from './session/auth';
import { nodeIdentityFrom, nodePin } from './session/node-identity';
import { Phase } from './session/session';
import { sessionNow } from './session/session-clock';
import { derivePsk, linkAuthFor } from './upstream/link-auth';
import type { NodeTracing } from './tracing/node-tracing';
import { startTracing } from './tracing/start-tracing';

/** How to build a node. */
export interface NodeOptions {
  /** The loaded configuration (see `loadConfig`). */
  readonly loaded: LoadedConfig;
  /** Follow the config file and SIGHUP (default: a watcher on `loaded.file`, if any, re-reading with `loadOptions`). */
  readonly watcher?: ConfigWatcher;
  /** What `loaded` was loaded with (argv, env, cwd), so a reload keeps flags and environment on top of the file. */
  readonly loadOptions?: LoadOptions;
  /** Root logger (default: from `config.logging`). */
  readonly logger?: Logger;
  /** Share an in-memory cluster backend between nodes of one process (tests, the demo). */
  readonly memoryBackend?: MemoryBackend;
  /** Redis key prefix (tests use a random one). */
  readonly keyPrefix?: string;
  /** Collect prom-client's default process metrics (default true; tests turn it off). */
  readonly defaultMetrics?: boolean;
  /** The tracer (default: from `[tracing]`; tests pass a recording one). */
  readonly tracing?: NodeTracing;
}

/** A running node. */
export interface AtlasNode {
  readonly nodeId: string;
  /** The client/HTTP port actually bound (useful with port 0). */
  readonly port: number;
  /** The admin listener's port, when it has its own. */
  readonly adminPort: number | undefined;
  /** The URL game servers dial their links to ('' when the node takes no dialled links). */
  readonly linkUrl: string;
  readonly metrics: NodeMetrics;
  readonly config: () => AtlasConfig;
  /** Node-local state (links, players, transfers). */
  snapshot(): NodeSnapshot;
  /** Re-reads the config file (what SIGHUP does). */
  reload(): void;
  /** Graceful stop: stop accepting, tell clients to resume elsewhere, leave the cluster, close. */
  drain(): Promise<void>;
  /** Resolves once the node has stopped. */
  readonly stopped: Promise<void>;
  /** Starts and stops game servers (`[provisioning]`); undefined with `provider = "none"`. */
  readonly provisioner: Provisioner | undefined;
}

/** Start-up failures, as one line each. */
export type NodeStartError = { readonly kind: 'listen' | 'cluster' | 'security' | 'provisioning'; readonly message: string };

/** Builds and starts a node; Left with a reason when it cannot start. */
export async function startNode(options: NodeOptions): Promise<E.Either<NodeStartError, AtlasNode>> {
  const watcher = options.watcher ?? watchConfig(options.loaded, { ...options.loadOptions, watchFile: options.loaded.file !== undefined });
  const config = (): AtlasConfig => watcher.current.config;
  const initial = config();
  const nodeId = initial.cluster.node_id;
  const logger = options.logger ?? createLogger(initial.logging, { defaultMeta: { node: nodeId }, secrets: () => secretsOf(config()) });
  const log = logger.child({ component: 'node' });
  const metrics = new NodeMetrics({ nodeId, defaultMetrics: options.defaultMetrics ?? true });
  const startedAt = Date.now();
  let state: NodeRunState = NodeRunState.Starting;

  const psk = derivePsk(initial.security);
  if (E.isLeft(psk)) return fail(watcher, metrics, { kind: 'security', message: psk.left });
  const linkAuth = linkAuthFor(psk.right);
  if (E.isLeft(linkAuth)) return fail(watcher, metrics, { kind: 'security', message: linkAuth.left });
  const identity = nodeIdentityFrom(initial.security);
  if (E.isLeft(identity)) return fail(watcher, metrics, { kind: 'security', message: identity.left });
  for (const warning of options.loaded.warnings ?? []) log.warn(`configuration: ${warning}`);
  if (identity.right !== undefined) log.info('node identity key loaded: clients may pin its public key', { nodeKey: nodePin(identity.right) });
  if (psk.right === undefined) log.warn('security.psk is empty: game-server links are not authenticated (trusted networks only)');

  const tracing = options.tracing ?? (await startTracing(initial.tracing, nodeId));
  if (tracing.enabled) log.info('tracing on: spans exported over OTLP/HTTP', { endpoint: publicUrl(initial.tracing.endpoint), sampleRatio: initial.tracing.sample_ratio });

  // The cluster is joined once the node listens (its advertised address needs the bound port).
  let cluster: NodeCluster | undefined = undefined;
  const linkUp = (serverId: string): void => {
    const server = cluster?.servers().find((s) => s.id === serverId);
    if (server !== undefined && cluster !== undefined) rebalance.linkUp(server, cluster.regionMap.current());
  };
  const { world, outbox, hub, routing } = buildDataPath({ config, metrics, logger, linkAuth: linkAuth.right, psk: psk.right, sign: identity.right?.sign, cluster: () => cluster, tracing, linkUp });
  const { router, links, transfers } = routing;
  // Region map changes: servers are told their bounds, players of changed regions re-homed.
  const rebalance = new NodeRebalance({
    config,
    players: () => [...hub.sessions.values()].filter((s) => s.phase === Phase.Active && hub.byPlayer.get(s.playerId) === s),
    ownerAt: (x, y, z) => world.ownerAt(x, y, z),
    hold: (id, bounds) => world.hold(id, bounds),
    release: (id) => world.release(id),
    linkVersion: (id) => {
      const link = links.get(id);
      return link !== undefined && link.isUp ? link.version : 0;
    },
    send: (id, message) => void links.send(id, message),
    transfer: (s, from, to) => transfers.start(s, from, to, TransferReason.Rebalance, { x: s.x, y: s.y, z: s.z }),
    registry: metrics.registry,
    log: logger.child({ component: 'rebalance' }),
  });

  // Horizon servers (kind horizon) have no Atlas link: dialing their player port would make a
  // phantom player per attempt. They get per-player upstreams on their own path instead.
  const horizonLog = logger.child({ component: 'horizon' });
  const horizon = createHorizonPath({
    config,
    nodeId,
    linkAuth: linkAuth.right,
    auth: new PlayerAuth(initial.security, nodeId),
    draining: () => state === NodeRunState.Draining || state === NodeRunState.Stopped,
    notice: (event, data) => horizonLog.debug(`horizon ${event}`, data),
    counted: (serverId, delta) => metrics.servers.addPlayers(serverId, delta),
    onError: (where, e) => log.error('horizon handler failed', { where, error: (e as Error).stack ?? String(e) }),
    // Horizon's link is JSON text, one message per frame, of no protocol type: kind `horizon`.
    traffic: (direction, bytes, messages) => {
      const way = direction === 'in' ? Direction.UpstreamIn : Direction.UpstreamOut;
      metrics.countFrame(way, bytes);
      metrics.countMessage(way, 'horizon', messages);
    },
  });
  // Routing sees the registry as the region map cuts it: the map owns the bounds of the servers it names.
  const syncServers = (registered: readonly GameServerInfo[]): void => {
    const list = applyRegionMap(registered, cluster?.regionMap.current() ?? EMPTY_REGION_MAP);
    metrics.servers.update(list);
    const atlasServers = list.filter((s) => serverKind(s) === ServerKind.Atlas);
    const changed = world.sync(atlasServers);
    links.sync(atlasServers);
    horizon.sync(list);
    if (changed) router.reattachParked();
  };

  // HTTP + client edge on one uWS app.
  const app = uWS.App();
  const routes = trackRoutes(app);
  const startConfig = initial;
  mountClientEdge(routes.app, {
    hub,
    outbox,
    maxConnections: () => config().server.max_connections,
    draining: () => state === NodeRunState.Draining || state === NodeRunState.Stopped,
    maxPayloadLength: Math.max(2 * startConfig.limits.max_frame_bytes, 64 * 1024) + 64,
    onError: (where, e) => log.error('client handler failed', { where, error: (e as Error).stack ?? String(e) }),
    closedByNode: (code) => metrics.countClose(code),
  });
  horizon.mount(app, Math.max(2 * startConfig.limits.max_frame_bytes, 64 * 1024) + 64);
  // Links game servers dial: on their own listener, or on the public port only with the PSK.
  const linkEdge = {
    awaits: (serverId: string) => links.awaits(serverId),
    verifyDial: (serverId: string, header: string) => linkAuth.right.verifyDial(serverId, header, Date.now()),
    accept: links.accept.bind(links),
    maxPayloadLength: 16 * 1024 * 1024,
    refused: (status: string, why: string) => {
      metrics.countLinkRefused(status.slice(0, 3));
      log.debug('dialled link refused', { status, why });
    },
    onError: (where: string, e: unknown) => log.error('link handler failed', { where, error: (e as Error).stack ?? String(e) }),
  };
  const linkApp = initial.server.link_port > 0 ? uWS.App() : undefined;
  if (linkApp !== undefined) mountLinkEdge(linkApp, linkEdge);
  else if (psk.right !== undefined) mountLinkEdge(routes.app, linkEdge);
  const listenSocket = await listen(app, initial.server.address, initial.server.port);
  if (listenSocket === false) return fail(watcher, metrics, { kind: 'listen', message: listenFailure('the client listener (server.address, server.port)', initial.server.address, initial.server.port) });
  const port = uWS.us_socket_local_port(listenSocket);
  const advertised = advertiseAddress(initial.cluster.advertise_address, initial.server.address, port);
  const linkSocket = linkApp === undefined ? undefined : await listen(linkApp, initial.server.link_address, initial.server.link_port);
  if (linkSocket === false) {
    uWS.us_listen_socket_close(listenSocket);
    return fail(watcher, metrics, { kind: 'listen', message: listenFailure('the link listener (server.link_address, server.link_port)', initial.server.link_address, initial.server.link_port) });
  }
  const linkUrl = linkSocket !== undefined ? advertisedLinkUrl(advertised, uWS.us_socket_local_port(linkSocket), LINK_PATH) : psk.right !== undefined ? advertisedLinkUrl(advertised, port, LINK_PATH) : '';
  const closeListeners = (): void => {
    uWS.us_listen_socket_close(listenSocket);
    if (linkSocket !== undefined) uWS.us_listen_socket_close(linkSocket);
  };

  const made = await NodeCluster.create(initial, `ws://${advertised}/ws`, {
    servers: syncServers,
    mapChanged: (previous, next) => {
      if (cluster === undefined) return;
      syncServers(cluster.servers());
      rebalance.mapChanged(previous, next, cluster.servers());
      log.info('region map applied', { version: next.version });
    },
    sessionLost: (playerId) => {
      const s = hub.byPlayer.get(playerId);
      if (s !== undefined) {
        hub.byPlayer.delete(playerId);
        hub.close(s, CloseCode.Superseded, 'the player connected on another node');
      }
    },
    notice: (level, message) => log[level](message),
  }, { memoryBackend: options.memoryBackend, keyPrefix: options.keyPrefix, metadata: linkUrl === '' ? {} : { [LINK_URL_METADATA]: linkUrl } });
  if (E.isLeft(made)) {
    closeListeners();
    return fail(watcher, metrics, { kind: 'cluster', message: made.left });
  }
  cluster = made.right;
  const clusterRef = cluster;

  const deps: HttpDeps = {
    config,
    servers: clusterRef.registry,
    snapshot: () => buildSnapshot(nodeId, state, startedAt, links, hub.sessions, transfers.recent),
    // Not while the store is unreachable alone: every node shares it, and readiness failing on
    // all of them at once would take the whole cluster out of its load balancer (docs/deploy.md).
    isReady: () => state === NodeRunState.Active,
    registryFreshness: () => clusterRef.freshness(),
    metrics,
    logger,
    lastKnownServer: (serverId) => clusterRef.servers().find((s) => s.id === serverId),
    regionMap: () => clusterRef.regionMap.current(),
    // A restarted server registered again: dial it now, not at the end of the link's backoff.
    serverBack: (serverId) => links.get(serverId)?.open(),
    linkNodes: () => clusterRef.linkNodes(),
    tracing,
    ghosts: () => ({ distance: routing.ghosts.tracker.distance, players: routing.ghosts.tracker.ghosted() }),
  };
  mountHttpRoutes(routes.app, deps);
  mountFallbackRoute(routes, logger);
  let admin: AdminListener | undefined;
  if (initial.admin.enabled) {
    const listened = await listenAdmin(deps);
    if (E.isLeft(listened)) {
      // A node that cannot serve what it was configured to serve does not start half-way.
      closeListeners();
      await clusterRef.stop();
      return fail(watcher, metrics, { kind: 'listen', message: listened.left });
    }
    admin = listened.right;
  }
  const adminPort = admin?.port;

  const started = await clusterRef.start();
  if (E.isLeft(started)) {
    closeListeners();
    admin?.close();
    await clusterRef.stop();
    return fail(watcher, metrics, { kind: 'cluster', message: started.left });
  }
  syncServers(clusterRef.servers());
  const provisioned = startNodeProvisioning({
    config: initial,
    // Child processes register over loopback; Agones pods reach the advertised address.
    nodeUrl: initial.provisioning.provider === 'process' ? `http://127.0.0.1:${port}` : `http://${advertised}`,
    servers: () => clusterRef.servers(),
    isLinked: (id) => links.isUp(id),
    deregister: (id) => void clusterRef.registry.deregister(id),
    unowned: () => [...hub.sessions.values()].filter((s) => s.phase === Phase.Active && s.placed && s.server === null && world.ownerAt(s.x, s.y, s.z) === undefined),
    log: logger.child({ component: 'provisioning' }),
    registry: metrics.registry,
  });
  if (E.isLeft(provisioned)) {
    closeListeners();
    admin?.close();
    await clusterRef.stop();
    return fail(watcher, metrics, { kind: 'provisioning', message: provisioned.left });
  }
  const provisioning: NodeProvisioning | undefined = provisioned.right;
  if (initial.rebalance.enabled && provisioning !== undefined) {
    const { store } = clusterRef;
    rebalance.startDecider({ nodeId, leases: store.leases, store: store.regionMap, follower: clusterRef.regionMap, servers: () => clusterRef.servers(), provisioner: provisioning.provisioner });
  }
  state = NodeRunState.Active;
  clusterRef.setServing(true);

  // Once a second: timeouts and load; positions for the session directory at the
  // cluster heartbeat's pace (each update is written with the next heartbeat anyway).
  const positionEvery = Math.max(1, Math.round(initial.cluster.health_check_interval));
  let ticks = 0;
  const housekeeping = setInterval(() => {
    try {
      hub.sweep(sessionNow());
      router.sweep(Date.now());
      clusterRef.setLoad(hub.sessions.size, Math.min(1, hub.sessions.size / Math.max(1, config().server.max_connections)));
      if (++ticks % positionEvery === 0) {
        for (const s of hub.sessions.values()) {
          if (s.phase === Phase.Active && s.placed && hub.byPlayer.get(s.playerId) === s) clusterRef.update(s.playerId, s.server, { x: s.x, y: s.y, z: s.z }, s.takenSeq);
        }
      }
    } catch (e) {
      log.error('housekeeping failed', { error: (e as Error).stack ?? String(e) });
    }
  }, 1000);

  watcher.on('change', (event) => {
    world.reconfigure(event.config.spatial);
    setLogLevel(logger, event.config.logging.level);
    log.info('configuration reloaded', { keys: event.changes.map((c) => c.path) });
  });
  watcher.on('restart-required', (event) => log.warn('configuration changes need a restart', { keys: event.changes.map((c) => c.path) }));
  watcher.on('rejected', (event) => log.warn('new configuration refused; the running one stays', { errors: event.errors.length }));

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let draining: Promise<void> | undefined;

  const drain = (): Promise<void> => {
    draining ??= (async () => {
      state = NodeRunState.Draining;
      log.info('draining: clients are told to resume elsewhere', { players: hub.sessions.size });
      clusterRef.setServing(false);
      uWS.us_listen_socket_close(listenSocket);
      admin?.close();
      clearInterval(housekeeping);
      await rebalance.close();
      const deadline = Date.now() + config().server.drain_timeout * 1000;
      // Freeze client input, then record the client seq each player's server took (and its
      // position) before its client is sent elsewhere: the node it resumes on has it re-send
      // what follows (what a transfer or the held queue had is dropped here, not lost).
      hub.freeze();
      for (const s of hub.sessions.values()) {
        if ((s.phase === Phase.Active || s.phase === Phase.Resuming) && hub.byPlayer.get(s.playerId) === s) {
          clusterRef.update(s.playerId, s.server ?? s.prevServer, s.placed ? { x: s.x, y: s.y, z: s.z } : null, s.takenSeq);
        }
      }
      await withDeadline(clusterRef.flush(), Math.max(100, (deadline - Date.now()) / 2));
      transfers.abortAll();
      for (const s of [...hub.sessions.values()]) {
        if (s.phase === Phase.Active || s.phase === Phase.Resuming) router.leave(s, DetachReason.NodeShutdown);
        hub.close(s, CloseCode.NodeShutdown, 'node is shutting down: resume on another node with your ticket');
      }
      links.flushAll();
      // Provisioned servers go with the node (each gets game_servers.shutdown_timeout, within the drain).
      if (provisioning !== undefined) await withDeadline(provisioning.close(), Math.max(100, (deadline - Date.now()) / 2));
      // Let the close frames and the Detach messages leave before the links close.
      await new Promise((r) => setTimeout(r, Math.min(200, Math.max(0, deadline - Date.now()))));
      await withDeadline(clusterRef.stop({ handOff: true }), Math.max(100, deadline - Date.now()));
      links.closeAll(1001, 'node shut down');
      // Dialled links stay accepted until here: a drain moves players over them.
      if (linkSocket !== undefined) uWS.us_listen_socket_close(linkSocket);
      if (linkApp !== undefined) closeApp(linkApp);
      horizon.close();
      // Idle HTTP keep-alive connections would hold the process for uWS's 10 s idle timeout.
      closeApp(app);
      transfers.close();
      routing.ghosts.close();
      watcher.close();
      metrics.close();
      await withDeadline(tracing.shutdown(), Math.max(500, deadline - Date.now()));
      state = NodeRunState.Stopped;
      log.info('stopped');
      resolveStopped();
    })();
    return draining;
  };

  log.info('node started', { port, adminPort, linkUrl, store: initial.cluster.store, requireEncryption: initial.security.require_encryption });
  return E.right({
    nodeId,
    port,
    adminPort,
    linkUrl,
    metrics,
    config,
    snapshot: deps.snapshot,
    reload: () => void watcher.reload(),
    drain,
    stopped,
    provisioner: provisioning?.provisioner,
  });
}

function fail(watcher: ConfigWatcher, metrics: NodeMetrics, error: NodeStartError): E.Either<NodeStartError, AtlasNode> {
  watcher.close();
  metrics.close();
  return E.left(error);
}

/** Waits for `p`, or `ms` at most (the timer never holds the process). */
function withDeadline(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((r) => {
    timer = setTimeout(r, ms);
    timer.unref();
  });
  return Promise.race([p.then(() => undefined), late]).finally(() => clearTimeout(timer));
}

function secretsOf(config: AtlasConfig): string[] {
  const s = config.security;
  return [s.token_secret, s.psk, s.admin_token, s.registration_secret, s.node_identity_key].filter((v) => v.length > 0);
}
