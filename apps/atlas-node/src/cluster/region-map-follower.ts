// This node's copy of the cluster's region map. Every node applies the same versions in
// order: a pushed `map` event is applied at once, and a read once a second catches what a
// lost push (a Redis blip) missed. Older or equal versions are ignored, so the two paths
// never fight.
import * as E from 'fp-ts/lib/Either.js';
import { EMPTY_REGION_MAP, type RegionMapRecord, type RegionMapStore } from '@atlas/cluster';

/** Follows the store's region map and reports each newer version. */
export class RegionMapFollower {
  private map: RegionMapRecord = EMPTY_REGION_MAP;
  private stored: number | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: RegionMapStore,
    private readonly changed: (previous: RegionMapRecord, next: RegionMapRecord) => void,
  ) {}

  /** The version this node applies now. */
  current(): RegionMapRecord {
    return this.map;
  }

  /** A version seen somewhere (an event, a commit of ours, a read): applied if newer. */
  offer(next: RegionMapRecord): void {
    this.stored = Math.max(this.stored ?? 0, next.version);
    if (next.version <= this.map.version) return;
    const previous = this.map;
    this.map = next;
    this.changed(previous, next);
  }

  /**
   * True when the store's last read was older than what this node applies: it lost its data
   * (Redis restarted empty) and the rebalance lease holder should put the map back.
   */
  get storeBehind(): boolean {
    return this.stored !== undefined && this.stored < this.map.version;
  }

  /** Reads the store's version now (an unreachable store keeps the current one). */
  async refresh(): Promise<void> {
    const read = await this.store.get();
    if (E.isLeft(read)) return;
    this.stored = read.right.version;
    this.offer(read.right);
  }

  /** Reads now, then every `everyMs`. */
  async start(everyMs = 1000): Promise<void> {
    await this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
