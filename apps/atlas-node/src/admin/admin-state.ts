/**
 * The JSON document the admin page polls (`GET /admin/state`): regions and their load,
 * players as points, recent transfers, and the node's counters (read from NodeMetrics,
 * so node-core reports nothing twice).
 */
import type { RegionBounds } from '@atlas/cluster';
import * as E from 'fp-ts/lib/Either.js';
import type { HttpDeps } from '../http/deps';
import { publicMetadataKeys, serversView, type ServerView } from '../http/servers-view';
import { Direction, type NodeMetrics } from '../metrics/metrics';
import type { AdminCounters, AdminGhost, AdminPlayer, AdminServer, AdminState, AdminTransfer } from './map-contract';
import { chooseMapPlane } from './map-plane';

export type { AdminCounters, AdminPlayer, AdminServer, AdminState, AdminTransfer } from './map-contract';

/** Most players sent per poll; beyond it the page shows the total and a sample. */
export const MAX_ADMIN_PLAYERS = 5000;
/** Most recent transfers sent per poll. */
export const MAX_ADMIN_TRANSFERS = 100;

type Labels = Partial<Record<string, string | number>>;

async function sum(metric: { get(): Promise<{ values: ReadonlyArray<{ value: number; labels: Labels }> }> }, match: (labels: Labels) => boolean = () => true): Promise<number> {
  const { values } = await metric.get();
  let total = 0;
  for (const { value, labels } of values) if (match(labels)) total += value;
  return total;
}

const IN: ReadonlySet<unknown> = new Set([Direction.ClientIn, Direction.UpstreamIn]);
const OUT: ReadonlySet<unknown> = new Set([Direction.ClientOut, Direction.UpstreamOut]);

/** Reads the counters the page shows out of the metrics registry. */
export async function adminCounters(metrics: NodeMetrics, players: number): Promise<AdminCounters> {
  return {
    connections: await sum(metrics.connections),
    players,
    messages_in: await sum(metrics.messages, (l) => IN.has(l['direction'])),
    messages_out: await sum(metrics.messages, (l) => OUT.has(l['direction'])),
    bytes_in: await sum(metrics.bytes, (l) => IN.has(l['direction'])),
    bytes_out: await sum(metrics.bytes, (l) => OUT.has(l['direction'])),
    transfers_started: await sum(metrics.transfersStarted),
    transfers_completed: await sum(metrics.transfers, (l) => l['outcome'] === 'completed'),
    transfers_aborted: await sum(metrics.transfers, (l) => l['outcome'] === 'aborted'),
    handshake_failures: await sum(metrics.handshakeFailures),
    decode_errors: await sum(metrics.decodeErrors),
    backpressure_drops: await sum(metrics.backpressureDrops),
    event_loop_utilisation: Math.round(metrics.eventLoopUtilisation() * 1000) / 1000,
  };
}

/** The smallest box holding every region, or every player, or a default 1000-unit square. */
export function worldBounds(regions: readonly RegionBounds[], points: readonly { x: number; y: number; z: number }[]): RegionBounds {
  const boxes = regions.length > 0 ? regions : points.map((p) => ({ min: p, max: p }));
  if (boxes.length === 0) return { min: { x: 0, y: 0, z: 0 }, max: { x: 1000, y: 0, z: 1000 } };
  const min = { x: Infinity, y: Infinity, z: Infinity };
  const max = { x: -Infinity, y: -Infinity, z: -Infinity };
  for (const box of boxes) {
    for (const axis of ['x', 'y', 'z'] as const) {
      min[axis] = Math.min(min[axis], box.min[axis]);
      max[axis] = Math.max(max[axis], box.max[axis]);
    }
  }
  return { min, max };
}

function toAdminServer(s: ServerView): AdminServer {
  const share = s.capacity > 0 ? s.players / s.capacity : 0;
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    region: s.region,
    map_version: s.map_version,
    utilisation: Math.min(1, Math.max(s.load.load, share)),
    capacity: s.capacity,
    connections: s.load.connections,
    players: s.players,
    link: s.link,
    accepting: s.load.accepting,
  };
}

/** Builds the polled document from the registry, the snapshot and the metrics. */
export async function buildAdminState(deps: HttpDeps, now = Date.now()): Promise<AdminState> {
  const snapshot = deps.snapshot();
  const listed = await deps.servers.list();
  const registry = E.isRight(listed) ? listed.right : [];
  const view = serversView(registry, snapshot, deps.isReady(), publicMetadataKeys(deps.config().game_servers.public_metadata_keys), undefined, deps.regionMap?.());
  const players = snapshot.players.slice(0, MAX_ADMIN_PLAYERS).map(
    (p): AdminPlayer => ({ id: p.id, x: p.position.x, y: p.position.y, z: p.position.z, server: p.serverId, transferring: p.transferring }),
  );
  const servers = view.servers.map(toAdminServer);
  const regions = servers.flatMap((s) => (s.region === null ? [] : [s.region]));
  const world = worldBounds(regions, players);
  const ghostView = deps.ghosts?.();
  const drawn = new Map(players.map((p) => [p.id, p]));
  const ghosts: AdminGhost[] = [];
  for (const g of ghostView?.players ?? []) {
    const p = drawn.get(g.playerId);
    if (p !== undefined) ghosts.push({ id: p.id, x: p.x, y: p.y, z: p.z, seen_by: g.watchers });
  }
  return {
    now,
    node: view.node,
    world,
    plane: chooseMapPlane(deps.config().admin.map_plane, world, regions),
    servers,
    map_version: view.map_version,
    players,
    players_total: snapshot.playerCount,
    ghosts,
    ghost_distance: ghostView?.distance ?? 0,
    transfers: snapshot.transfers.slice(-MAX_ADMIN_TRANSFERS).map(
      (t): AdminTransfer => ({ player_id: t.playerId, from: t.from, to: t.to, state: t.state, started_at: t.startedAt, ended_at: t.endedAt, reason: t.reason }),
    ),
    counters: await adminCounters(deps.metrics, snapshot.playerCount),
    store_error: E.isLeft(listed) ? listed.left.kind : null,
  };
}
