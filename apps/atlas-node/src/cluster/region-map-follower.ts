// This node's copy of the cluster's region map. Every node applies the same versions in
// order: a pushed `map` event is applied at once, and a read once a second catches what a
// lost push (a Redis blip) missed. Older or equal versions are ignored, so the two paths
// never fight.
import * as E from 'fp-ts/lib/Either.js';
import { EMPTY_REGION_MAP, type RegionMapRecord, type RegionMapStore } from '@atlas/cluster';

/** Follows the store's region map and reports each newer version. */
export class RegionMapFollower {
  private map: RegionMapRecord = EMPTY_REGION_MAP;
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
    if (next.version <= this.map.version) return;
    const previous = this.map;
    this.map = next;
    this.changed(previous, next);
  }

  /** Reads the store's version now (an unreachable store keeps the current one). */
  async refresh(): Promise<void> {
    const read = await this.store.get();
    if (E.isRight(read)) this.offer(read.right);
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
