// The node's picture of the world: one region per live game server (region id =
// server id), the transfer decider over it, and an interest grid of this node's
// players (keyed by handle) for region and radius deliveries. Rebuilt from the
// cluster registry whenever a server's region or liveness changes.
import type { GameServerInfo, RegionBounds } from '@atlas/cluster';
import { boundsContain, ServerStatus } from '@atlas/cluster';
import type { SpatialConfig } from '@atlas/config';
import { createInterestGrid, createRegionMap, createTransferDecider, type InterestGrid, type Region, type RegionMap, type SpatialError, type TransferDecider, type TransferDecision } from '@atlas/spatial';
import * as E from 'fp-ts/lib/Either.js';

/**
 * A flat axis (min == max, e.g. a 2D world) owns nothing under the half-open rule:
 * it is widened to this half-extent around its value.
 */
export const FLAT_AXIS_HALF_EXTENT = 1e9;

function widen(lo: number, hi: number): [number, number] {
  return hi > lo ? [lo, hi] : [lo - FLAT_AXIS_HALF_EXTENT, lo + FLAT_AXIS_HALF_EXTENT];
}

/** Registry bounds as spatial bounds (flat axes widened). */
export function regionBoundsOf(b: RegionBounds): { min: { x: number; y: number; z: number }; max: { x: number; y: number; z: number } } {
  const [x0, x1] = widen(b.min.x, b.max.x);
  const [y0, y1] = widen(b.min.y, b.max.y);
  const [z0, z1] = widen(b.min.z, b.max.z);
  return { min: { x: x0, y: y0, z: z0 }, max: { x: x1, y: y1, z: z1 } };
}

/** Regions, transfer decisions and player interest of one node. */
export class World {
  readonly map: RegionMap = unwrap(createRegionMap({ gap: 'unowned' }));
  readonly grid: InterestGrid<number>;
  private decider: TransferDecider;
  private signature = '';
  private readonly scratch: number[] = [];
  private readonly point = { x: 0, y: 0, z: 0 };
  /** Bounds a server lost to a region map change, still its own for border decisions until its players are re-homed. */
  private readonly held = new Map<string, RegionBounds>();

  constructor(spatial: SpatialConfig) {
    this.grid = unwrap(createInterestGrid<number>({ cellSize: Math.max(1, spatial.preload_distance), initialCapacity: 1024 }));
    this.decider = this.makeDecider(spatial);
  }

  /** Applies reloaded spatial distances. */
  reconfigure(spatial: SpatialConfig): void {
    this.decider = this.makeDecider(spatial);
  }

  /** Rebuilds the regions from the registry; true when they changed. */
  sync(servers: readonly GameServerInfo[]): boolean {
    const live = servers.filter((s) => s.status === ServerStatus.Active && s.region !== null).sort((a, b) => (a.id < b.id ? -1 : 1));
    const signature = live.map((s) => `${s.id}:${JSON.stringify(s.region)}`).join('|');
    if (signature === this.signature) return false;
    this.signature = signature;
    this.map.clear();
    for (const s of live) {
      // Overlaps are refused by the registry; a bad record is skipped rather than breaking routing.
      this.map.add({ id: s.id, owner: s.id, bounds: regionBoundsOf(s.region as RegionBounds), metadata: { name: s.name } });
    }
    return true;
  }

  /** The server owning a point, if any. */
  ownerAt(x: number, y: number, z: number): string | undefined {
    const p = this.point;
    p.x = x;
    p.y = y;
    p.z = z;
    return this.map.ownerAt(p)?.owner;
  }

  /** A region by id (= its server id). */
  region(id: string): Region | undefined {
    return this.map.get(id);
  }

  /**
   * Keeps `bounds` the server's own for border decisions (no boundary transfer out of them)
   * while a region map change re-homes its players at a measured pace (rebalance/); new
   * placements already follow the new map.
   */
  hold(serverId: string, bounds: RegionBounds): void {
    this.held.set(serverId, bounds);
  }

  /** Ends a {@link hold}. */
  release(serverId: string): void {
    this.held.delete(serverId);
  }

  /** What to do with a player at (x, y, z) whose messages go to `currentServer` (which may own no region). */
  decide(x: number, y: number, z: number, currentServer: string | undefined, velocity?: { x: number; y: number; z: number }): TransferDecision | undefined {
    const p = this.point;
    p.x = x;
    p.y = y;
    p.z = z;
    if (currentServer !== undefined && this.held.size > 0) {
      const held = this.held.get(currentServer);
      if (held !== undefined && boundsContain(held, p)) return undefined;
    }
    const current = currentServer === undefined || this.map.get(currentServer) === undefined ? undefined : currentServer;
    const r = this.decider.decide(p, current, velocity);
    return E.isRight(r) ? r.right : undefined;
  }

  /** Handles of this node's players inside a region (valid until the next query). */
  playersInRegion(regionId: string): readonly number[] {
    const r = this.map.get(regionId);
    if (r === undefined) return [];
    const found = this.grid.queryBounds(r.bounds, this.scratch);
    return E.isRight(found) ? this.scratch : [];
  }

  /** Handles of this node's players within `radius` of a point (valid until the next query). */
  playersInRadius(center: { x: number; y: number; z: number }, radius: number): readonly number[] {
    const found = this.grid.queryRadius(center, radius, this.scratch);
    return E.isRight(found) ? this.scratch : [];
  }

  private makeDecider(spatial: SpatialConfig): TransferDecider {
    return unwrap(
      createTransferDecider(this.map, {
        preloadDistance: spatial.preload_distance,
        transferDistance: spatial.transfer_distance,
        hysteresis: spatial.hysteresis,
      }),
    );
  }
}

function unwrap<A>(r: E.Either<SpatialError, A>): A {
  if (E.isLeft(r)) throw new Error(`invalid spatial settings: ${r.left.message}`);
  return r.right;
}
