// After a region map change, hands this node's players of the changed regions to their new
// owners with normal lossless transfers (reason Rebalance), at `perSecond`, so a freshly
// started server is not hit by a whole crowd in one turn. Until it is done the losing
// servers keep their old bounds for border decisions (World.hold), so a walking player is
// moved once, by this pace, not straight away by the border rule. Every node runs one for
// its own players: the map change itself is what they all agree on.
import { mappedRegion, type GameServerInfo, type RegionBounds, type RegionMapRecord } from '@atlas/cluster';

/** A player as the rehomer sees it. */
export interface RehomedPlayer {
  readonly server: string | null;
  readonly transferId: number;
  readonly placed: boolean;
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** What the rehomer works with, as plain functions from the composition root. */
export interface RehomerPorts<P extends RehomedPlayer> {
  players(): Iterable<P>;
  /** The server that owns a point under the applied map. */
  ownerAt(x: number, y: number, z: number): string | undefined;
  isUp(serverId: string): boolean;
  /** Starts a Rebalance transfer (a no-op when one is in flight). */
  transfer(player: P, from: string, to: string): void;
  hold(serverId: string, bounds: RegionBounds): void;
  release(serverId: string): void;
  /** All moved (or the deadline passed): how long it took, and how many transfers it started. */
  done?(ms: number, transfers: number, complete: boolean): void;
}

/** How the rehomer paces itself. */
export interface RehomerSettings {
  perSecond(): number;
  /** Gives up holding old bounds after this long (players left over follow the border rule). */
  readonly deadlineMs: number;
  /** Pace tick (default 50 ms). */
  readonly tickMs?: number;
}

/** Re-homes this node's players after region map changes. */
export class Rehomer<P extends RehomedPlayer> {
  private readonly affected = new Set<string>();
  private startedAt = 0;
  private started = 0;
  private credit = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly ports: RehomerPorts<P>,
    private readonly settings: RehomerSettings,
  ) {}

  /** True while players of a changed region are still waiting for their move. */
  get busy(): boolean {
    return this.affected.size > 0;
  }

  /** The map moved from `previous` to `next`: servers that lost bounds keep them for border decisions until their players are moved. */
  mapChanged(previous: RegionMapRecord, next: RegionMapRecord, servers: readonly GameServerInfo[]): void {
    for (const s of servers) {
      const before = mappedRegion(s, previous);
      if (before === null || JSON.stringify(before) === JSON.stringify(mappedRegion(s, next))) continue;
      this.ports.hold(s.id, before);
      this.affected.add(s.id);
    }
    if (this.affected.size === 0) return;
    if (this.timer === undefined) {
      this.startedAt = Date.now();
      this.started = 0;
      this.credit = 0;
      const tickMs = this.settings.tickMs ?? 50;
      this.timer = setInterval(() => this.tick(tickMs), tickMs);
      this.timer.unref();
    }
  }

  /** Stops (node draining); holds are released. */
  close(): void {
    this.finish(false);
  }

  private tick(tickMs: number): void {
    // A bounded credit: an idle stretch (no link yet) does not turn into a burst later.
    const perTick = (this.settings.perSecond() * tickMs) / 1000;
    this.credit = Math.min(this.credit + perTick, Math.max(1, perTick * 2));
    let waiting = false;
    for (const p of this.ports.players()) {
      const from = p.server;
      if (from === null || !p.placed || !this.affected.has(from)) continue;
      if (p.transferId !== 0) {
        waiting = true;
        continue;
      }
      const to = this.ports.ownerAt(p.x, p.y, p.z);
      if (to === undefined || to === from) continue;
      waiting = true;
      if (this.credit < 1 || !this.ports.isUp(to)) continue;
      this.credit -= 1;
      this.started++;
      this.ports.transfer(p, from, to);
    }
    if (!waiting) this.finish(true);
    else if (Date.now() - this.startedAt > this.settings.deadlineMs) this.finish(false);
  }

  private finish(complete: boolean): void {
    if (this.timer === undefined && this.affected.size === 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const id of this.affected) this.ports.release(id);
    this.affected.clear();
    this.ports.done?.(Date.now() - this.startedAt, this.started, complete);
  }
}
