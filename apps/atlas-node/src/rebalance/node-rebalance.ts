// Live split and merge on one node, fed plain functions by the composition root (as
// cluster/provisioning.ts is): every node tells its linked servers their new bounds and
// re-homes its own players when the region map changes; a node with `[rebalance]` on also
// runs a decider, which acts only while it holds the cluster's rebalance lease.
import type { GameServerInfo, Leases, RegionBounds, RegionMapRecord, RegionMapStore } from '@atlas/cluster';
import type { AtlasConfig } from '@atlas/config';
import type { RegionBounds as RegionBoundsMessage } from '@atlas/protocol';
import type { Provisioner } from '@atlas/provisioning';
import type { Registry } from 'prom-client';
import type { Logger } from 'winston';
import { boundsNotice, boundsNotices, type BoundsNotice } from './bounds-notices';
import { Decider } from './decider';
import { RebalanceMetrics } from './rebalance-metrics';
import { Rehomer, type RehomedPlayer } from './rehomer';

/** What every node's part needs. */
export interface NodeRebalanceDeps<P extends RehomedPlayer> {
  readonly config: () => AtlasConfig;
  /** This node's active players. */
  players(): Iterable<P>;
  ownerAt(x: number, y: number, z: number): string | undefined;
  /** Keeps (or stops keeping) bounds a server lost as its own for border decisions. */
  hold(serverId: string, bounds: RegionBounds): void;
  release(serverId: string): void;
  /** The protocol version of this node's link to a server (0 when it is not up). */
  linkVersion(serverId: string): number;
  send(serverId: string, message: RegionBoundsMessage): void;
  /** Starts a Rebalance transfer. */
  transfer(player: P, from: string, to: string): void;
  readonly registry: Registry;
  readonly log: Logger;
}

/** What the decider adds, once the node has joined the cluster and has a provisioner. */
export interface DeciderWiring {
  readonly nodeId: string;
  readonly leases: Leases;
  readonly store: RegionMapStore;
  /** This node's copy of the map (cluster/region-map-follower.ts). */
  readonly follower: { current(): RegionMapRecord; offer(map: RegionMapRecord): void; refresh(): Promise<void>; readonly storeBehind: boolean };
  servers(): readonly GameServerInfo[];
  readonly provisioner: Provisioner;
}

/** The rebalance part of one node. */
export class NodeRebalance<P extends RehomedPlayer> {
  private readonly rehomer: Rehomer<P>;
  private metrics: RebalanceMetrics | undefined;
  private decider: Decider | undefined;

  constructor(private readonly d: NodeRebalanceDeps<P>) {
    this.rehomer = new Rehomer(
      {
        players: () => d.players(),
        ownerAt: (x, y, z) => d.ownerAt(x, y, z),
        isUp: (id) => d.linkVersion(id) > 0,
        transfer: (p, from, to) => d.transfer(p, from, to),
        hold: (id, bounds) => d.hold(id, bounds),
        release: (id) => d.release(id),
        done: (ms, moved, complete) => {
          this.metrics?.milestone('any', 'rehomed', ms);
          this.metrics?.transfers(moved);
          d.log[complete ? 'info' : 'warn'](complete ? 'rebalance: players re-homed' : 'rebalance: re-homing gave up; the border rule moves the rest', { ms, transfers: moved });
        },
      },
      { perSecond: () => d.config().rebalance.rehome_per_second, deadlineMs: 60_000 },
    );
  }

  /** The map moved from `previous` to `next`: tell the servers, move the players, restart the damping window. */
  mapChanged(previous: RegionMapRecord, next: RegionMapRecord, servers: readonly GameServerInfo[]): void {
    for (const notice of boundsNotices(previous, next, servers)) this.tell(notice);
    this.rehomer.mapChanged(previous, next, servers);
    this.decider?.mapChanged(previous, next);
  }

  /** A server's link came up: a server the map names hears its bounds (it may have missed a change). */
  linkUp(server: GameServerInfo, map: RegionMapRecord): void {
    const notice = boundsNotice(map, server);
    if (notice !== undefined) this.tell(notice);
  }

  /** Starts deciding (with `[rebalance] enabled`); the metrics exist from then on. */
  startDecider(w: DeciderWiring): void {
    const config = this.d.config();
    this.metrics = new RebalanceMetrics(this.d.registry);
    this.decider = new Decider({
      nodeId: w.nodeId,
      settings: config.rebalance,
      leases: w.leases,
      // Long enough to ride out a short store pause, short enough that a dead decider's successor starts soon.
      leaseTtlMs: Math.max(3000, Math.round(config.cluster.health_check_interval * 10_000)),
      store: w.store,
      map: () => w.follower.current(),
      offer: (map) => w.follower.offer(map),
      refresh: () => w.follower.refresh(),
      storeBehind: () => w.follower.storeBehind,
      servers: () => w.servers(),
      linkVersion: (id) => this.d.linkVersion(id),
      players: () => [...this.d.players()].filter((p) => p.placed).map((p) => ({ x: p.x, y: p.y, z: p.z })),
      rehoming: () => this.rehomer.busy,
      provisioner: w.provisioner,
      metrics: this.metrics,
      log: this.d.log,
      drainMs: 30_000,
    });
    this.d.log.info('rebalance on: this node may split and merge regions', { splitPlayers: config.rebalance.split_players, mergePlayers: config.rebalance.merge_players });
  }

  /** Stops deciding (the lease is released) and re-homing (node draining). */
  async close(): Promise<void> {
    await this.decider?.close();
    this.rehomer.close();
  }

  // RegionBounds exists since link v2; a v1 server is never split, so it never needs one.
  private tell(notice: BoundsNotice): void {
    if (this.d.linkVersion(notice.serverId) >= 2) this.d.send(notice.serverId, notice.message);
  }
}
