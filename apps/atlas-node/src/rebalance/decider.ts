// The rebalance decider: at most one in the cluster acts, the holder of the `rebalance`
// lease, and every map write it makes is fenced by that lease's token. Four times a second
// it measures the candidates' loads, and when a region stayed hot (or two neighbours cold)
// long enough, and the damping window since the last change has passed, it runs one split
// or merge to the end before it looks again. A lease taken over from a node that died
// mid-split first drops the reservations that node left behind (its server dies with it).
import * as E from 'fp-ts/lib/Either.js';
import {
  acquireLease,
  describeClusterError,
  mappedRegion,
  ServerKind,
  serverKind,
  ServerStatus,
  type GameServerInfo,
  type HeldLease,
  type Leases,
  type RegionMapRecord,
  type RegionMapStore,
} from '@atlas/cluster';
import type { RebalanceConfig } from '@atlas/config';
import { describeProvisionError, type Provisioner } from '@atlas/provisioning';
import type { ReadonlyVector3 } from '@atlas/spatial';
import type { Logger } from 'winston';
import { chooseChange, type Candidate, type Change } from './choose-change';
import { commitWithRetry } from './commit-retry';
import { Heat } from './heat';
import { unreserve } from './map-changes';
import type { MergePorts, SplitPorts } from './plan-ports';
import type { RebalanceMetrics } from './rebalance-metrics';
import { runMerge } from './run-merge';
import { runSplit } from './run-split';

/** The lease every node competes for; its holder is the only one that changes the map. */
export const REBALANCE_LEASE = 'rebalance';

/** What the decider works with, as plain functions from the composition root. */
export interface DeciderDeps {
  readonly nodeId: string;
  readonly settings: RebalanceConfig;
  readonly leases: Leases;
  readonly leaseTtlMs: number;
  readonly store: RegionMapStore;
  /** The map version this node applies; `offer` applies a newer one now, `refresh` re-reads the store. */
  map(): RegionMapRecord;
  offer(map: RegionMapRecord): void;
  refresh(): Promise<void>;
  /** True when the store lost versions this node applies (Redis restarted empty). */
  storeBehind(): boolean;
  servers(): readonly GameServerInfo[];
  /** The protocol version of this node's link to a server (0 when it is not up). */
  linkVersion(serverId: string): number;
  /** Where this node's placed players stand (where to cut). */
  players(): readonly ReadonlyVector3[];
  /** True while this node still re-homes players of the last change. */
  rehoming(): boolean;
  readonly provisioner: Provisioner;
  readonly metrics: RebalanceMetrics;
  readonly log: Logger;
  /** How long a merge waits for the absorbed server to empty. */
  readonly drainMs: number;
}

/** The running decider of one node. */
export class Decider {
  private lease: HeldLease | undefined;
  private acquiring = false;
  private running = false;
  private quietUntil = 0;
  private readonly heat = new Heat();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly d: DeciderDeps) {
    this.timer = setInterval(() => void this.tick(), 250);
    this.timer.unref();
  }

  /** The map changed (by any decider): loads are about to move, so the damping window starts over. */
  mapChanged(previous: RegionMapRecord, next: RegionMapRecord): void {
    if (JSON.stringify(previous.regions) === JSON.stringify(next.regions)) return;
    this.quietUntil = Date.now() + this.d.settings.damping * 1000;
    this.heat.reset();
  }

  /** True while this node holds the rebalance lease. */
  get deciding(): boolean {
    return this.lease?.isHeld() ?? false;
  }

  /** Stops deciding and gives the lease up (a plan in flight stops at its next step). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const lease = this.lease;
    this.lease = undefined;
    await lease?.release();
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    try {
      const lease = await this.held();
      if (lease === undefined) return;
      this.running = true;
      await this.step(lease);
    } catch (e) {
      this.d.log.error('rebalance decider failed', { error: (e as Error).stack ?? String(e) });
    } finally {
      this.running = false;
    }
  }

  private async held(): Promise<HeldLease | undefined> {
    if (this.lease?.isHeld() === true) return this.lease;
    this.lease = undefined;
    if (this.acquiring) return undefined;
    this.acquiring = true;
    try {
      const got = await acquireLease(this.d.leases, { name: REBALANCE_LEASE, holder: this.d.nodeId, ttlMs: this.d.leaseTtlMs });
      if (E.isLeft(got)) return undefined;
      this.lease = got.right;
      this.d.log.info('rebalance decider: this node decides', { token: got.right.token });
      // What an earlier decider committed may not have reached this node yet.
      await this.d.refresh();
      return got.right;
    } finally {
      this.acquiring = false;
    }
  }

  private async step(lease: HeldLease): Promise<void> {
    const ports = this.ports(lease);
    const map = this.d.map();
    if (this.d.storeBehind()) {
      // Versions only grow, and registration reads the map: put the lost one back before anything else.
      const restored = await this.d.store.restore(map, { name: lease.name, holder: lease.holder, token: lease.token, ttlMs: this.d.leaseTtlMs });
      this.d.log.warn('rebalance: the cluster store lost the region map; restored', { version: map.version, ok: E.isRight(restored) });
      await this.d.refresh();
      return;
    }
    const stale = Object.keys(map.reserved);
    if (stale.length > 0) {
      // Left by a decider that died (or could not roll back): its server is gone or never switched in.
      for (const name of stale) if (ports.stoppable(name)) await ports.stop(name);
      const dropped = await commitWithRetry(ports, (m) => unreserve(m, ports.registered(), stale), (m) => stale.every((n) => !Object.hasOwn(m.reserved, n)));
      this.d.log.warn('rebalance: dropped reservations of an unfinished split', { names: stale, ok: E.isRight(dropped) });
      return;
    }
    const now = Date.now();
    const s = this.d.settings;
    // Nothing counts while a change settles: reported loads lag the players' moves by a heartbeat or more.
    if (now < this.quietUntil || this.d.rehoming()) {
      this.heat.reset();
      return;
    }
    const candidates = this.candidates(map);
    this.heat.observe(new Map(candidates.map((c) => [c.id, c.load])), now, s.split_players, s.merge_players);
    const regionCount = this.d.servers().filter((x) => x.status === ServerStatus.Active && mappedRegion(x, map) !== null).length;
    const change = chooseChange({ candidates, players: this.d.players(), regionCount, heat: this.heat, now, settings: s, stoppable: ports.stoppable });
    if (change !== undefined) await this.run(change, ports);
  }

  private async run(change: Change, ports: SplitPorts & MergePorts): Promise<void> {
    const log = this.d.log;
    const m = this.d.metrics;
    if (change.kind === 'split') {
      log.info('rebalance: splitting a hot region', { server: change.server.name, players: change.server.load, give: change.give });
      const r = await runSplit(ports, change);
      if (E.isLeft(r)) {
        m.abort('split', r.left.step);
        log.warn('rebalance: split aborted; the old map serves on', { server: change.server.name, step: r.left.step, reason: r.left.reason });
      } else {
        m.changed('split');
        m.milestone('split', 'ready', r.right.readyMs);
        m.milestone('split', 'switched', r.right.switchedMs);
        log.info('rebalance: split switched', { server: change.server.name, to: r.right.name, readyMs: r.right.readyMs, switchedMs: r.right.switchedMs });
      }
    } else {
      log.info('rebalance: merging cold neighbours', { survivor: change.survivor.name, absorbed: change.absorbed.name });
      const r = await runMerge(ports, change);
      if (E.isLeft(r)) {
        m.abort('merge', r.left.step);
        log.warn('rebalance: merge stopped', { survivor: change.survivor.name, absorbed: change.absorbed.name, step: r.left.step, reason: r.left.reason });
      } else {
        m.changed('merge');
        m.milestone('merge', 'switched', r.right.switchedMs);
        m.milestone('merge', 'drained', r.right.drainedMs);
        log.info('rebalance: merged', { survivor: change.survivor.name, absorbed: change.absorbed.name, stopped: r.right.stopped });
      }
    }
    // An abort damps too, so a server that never starts is not asked for again at once.
    this.quietUntil = Math.max(this.quietUntil, Date.now() + this.d.settings.damping * 1000);
    this.heat.reset();
  }

  /** Regions the decider may touch: live Atlas servers (never Horizon) on a link that can be told its bounds (v2). */
  private candidates(map: RegionMapRecord): Candidate[] {
    const out: Candidate[] = [];
    for (const s of this.d.servers()) {
      if (s.status !== ServerStatus.Active || serverKind(s) !== ServerKind.Atlas || this.d.linkVersion(s.id) < 2) continue;
      const bounds = mappedRegion(s, map);
      if (bounds !== null) out.push({ id: s.id, name: s.name, bounds, load: s.load.connections });
    }
    return out;
  }

  private ports(lease: HeldLease): SplitPorts & MergePorts {
    const d = this.d;
    const fence = { name: lease.name, holder: lease.holder, token: lease.token, ttlMs: d.leaseTtlMs };
    const provisioned = (name: string): boolean => d.provisioner.list().some((p) => p.name === name);
    return {
      map: d.map,
      refresh: d.refresh,
      registered: () => new Set(d.servers().map((s) => s.id)),
      isHeld: () => lease.isHeld(),
      commit: async (expected, change) => {
        const r = await d.store.commit(expected, change, fence);
        if (E.isRight(r)) d.offer(r.right);
        else d.log.debug('rebalance: map commit refused', { error: describeClusterError(r.left) });
        return r;
      },
      provision: async (name, bounds) => {
        const r = await d.provisioner.start({ name, bounds });
        if (E.isLeft(r)) return E.left(describeProvisionError(r.left));
        return r.right.serverId === undefined ? E.left(`${name} is ready but has no registry id`) : E.right(r.right.serverId);
      },
      stop: async (name) => {
        if (provisioned(name)) await d.provisioner.stop(name);
      },
      stoppable: provisioned,
      playersOn: (id) => d.servers().find((s) => s.id === id)?.load.connections ?? 0,
      rehoming: d.rehoming,
      drainMs: d.drainMs,
    };
  }
}
