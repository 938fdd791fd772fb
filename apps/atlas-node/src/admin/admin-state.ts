/**
 * The JSON document the admin page polls (`GET /admin/state`): regions and their load,
 * players as points, recent transfers, and the node's counters (read from NodeMetrics,
 * so node-core reports nothing twice).
 */
import type { RegionBounds } from '@atlas/cluster';
import * as E from 'fp-ts/Either';
import type { HttpDeps } from '../http/deps';
import { serversView, type ServerView } from '../http/servers-view';
import type { TransferView } from '../http/snapshot';
import { Direction, type NodeMetrics } from '../metrics/metrics';

/** Most players sent per poll; beyond it the page shows the total and a sample. */
export const MAX_ADMIN_PLAYERS = 5000;
/** Most recent transfers sent per poll. */
export const MAX_ADMIN_TRANSFERS = 100;

/** A server on the map. */
export interface AdminServer {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly region: RegionBounds | null;
  /** 0..1: the larger of the server's reported load and this node's share of its capacity. */
  readonly utilisation: number;
  readonly capacity: number;
  readonly connections: number;
  readonly players: number;
  readonly link: string | null;
  readonly accepting: boolean;
}

/** A player dot. */
export interface AdminPlayer {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly server: string | null;
  readonly transferring: boolean;
}

/** One of this node's players that neighbours see as a ghost: drawn as an outlined dot. */
export interface AdminGhost {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** The servers that see it. */
  readonly seen_by: readonly string[];
}

/** A recent transfer, drawn as an arrow between region centres (fades 3 s after it ends). */
export interface AdminTransfer {
  readonly player_id: string;
  readonly from: string;
  readonly to: string;
  readonly state: TransferView['state'];
  readonly started_at: number;
  readonly ended_at: number | null;
  readonly reason: string | null;
}

/** Totals shown beside the map. */
export interface AdminCounters {
  readonly connections: number;
  readonly players: number;
  readonly messages_in: number;
  readonly messages_out: number;
  readonly bytes_in: number;
  readonly bytes_out: number;
  readonly transfers_started: number;
  readonly transfers_completed: number;
  readonly transfers_aborted: number;
  readonly handshake_failures: number;
  readonly decode_errors: number;
  readonly backpressure_drops: number;
  readonly event_loop_lag_p99_ms: number;
}

/** The whole polled document. */
export interface AdminState {
  /** Epoch ms at which it was built. */
  readonly now: number;
  readonly node: { readonly id: string; readonly state: string; readonly started_at: number; readonly ready: boolean };
  /** The box to draw: every region (or, with none, every player). */
  readonly world: RegionBounds;
  readonly servers: readonly AdminServer[];
  readonly players: readonly AdminPlayer[];
  readonly players_total: number;
  /** Players streamed to neighbours as ghosts (drawn players only). */
  readonly ghosts: readonly AdminGhost[];
  /** The interest distance: each region's ghost zone reaches this far beyond it (0: no ghosts). */
  readonly ghost_distance: number;
  readonly transfers: readonly AdminTransfer[];
  readonly counters: AdminCounters;
  /** Set when the cluster store could not be read (servers then come from this node's links only). */
  readonly store_error: string | null;
}

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
  const lag = await metrics.eventLoopLag.get();
  const p99 = lag.values.find((v) => v.labels.quantile === '0.99')?.value ?? 0;
  return {
    connections: await sum(metrics.connections),
    players,
    messages_in: await sum(metrics.messages, (l) => IN.has(l['direction'])),
    messages_out: await sum(metrics.messages, (l) => OUT.has(l['direction'])),
    bytes_in: await sum(metrics.bytes, (l) => IN.has(l['direction'])),
    bytes_out: await sum(metrics.bytes, (l) => OUT.has(l['direction'])),
    transfers_started: await sum(metrics.transfers, (l) => l['outcome'] === 'started'),
    transfers_completed: await sum(metrics.transfers, (l) => l['outcome'] === 'completed'),
    transfers_aborted: await sum(metrics.transfers, (l) => l['outcome'] === 'aborted'),
    handshake_failures: await sum(metrics.handshakeFailures),
    decode_errors: await sum(metrics.decodeErrors),
    backpressure_drops: await sum(metrics.backpressureDrops),
    event_loop_lag_p99_ms: Math.round(p99 * 1e6) / 1e3,
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
  const view = serversView(registry, snapshot, deps.isReady());
  const players = snapshot.players.slice(0, MAX_ADMIN_PLAYERS).map(
    (p): AdminPlayer => ({ id: p.id, x: p.position.x, y: p.position.y, z: p.position.z, server: p.serverId, transferring: p.transferring }),
  );
  const servers = view.servers.map(toAdminServer);
  const ghostView = deps.ghosts?.();
  const drawn = new Map(players.map((p) => [p.id, p]));
  const ghosts: AdminGhost[] = [];
  for (const g of ghostView?.players ?? []) {
    const p = drawn.get(g.playerId);
    if (p !== undefined) ghosts.push({ id: p.id, x: p.x, y: p.y, z: p.z, seen_by: g.watchers });
  }
  const regions = servers.flatMap((s) => (s.region === null ? [] : [s.region]));
  return {
    now,
    node: view.node,
    world: worldBounds(regions, players),
    servers,
    players,
    players_total: snapshot.players.length,
    ghosts,
    ghost_distance: ghostView?.distance ?? 0,
    transfers: snapshot.transfers.slice(-MAX_ADMIN_TRANSFERS).map(
      (t): AdminTransfer => ({ player_id: t.playerId, from: t.from, to: t.to, state: t.state, started_at: t.startedAt, ended_at: t.endedAt, reason: t.reason }),
    ),
    counters: await adminCounters(deps.metrics, snapshot.players.length),
    store_error: E.isLeft(listed) ? listed.left.kind : null,
  };
}
