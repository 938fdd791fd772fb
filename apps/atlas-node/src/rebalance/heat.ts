// How long each region has been hot (above split_players) or cold (below merge_players),
// from the loads its server reports. A region that leaves either band starts over, so
// only a sustained state counts: the hysteresis between the two bands and the time it must
// last keep regions from flapping.

/** Since when each server has been hot or cold. */
export class Heat {
  private readonly hot = new Map<string, number>();
  private readonly cold = new Map<string, number>();

  /** One observation of every candidate's load. Servers not in `loads` are forgotten. */
  observe(loads: ReadonlyMap<string, number>, now: number, hotAbove: number, coldBelow: number): void {
    for (const id of [...this.hot.keys(), ...this.cold.keys()]) {
      if (!loads.has(id)) {
        this.hot.delete(id);
        this.cold.delete(id);
      }
    }
    for (const [id, load] of loads) {
      track(this.hot, id, load > hotAbove, now);
      track(this.cold, id, load < coldBelow, now);
    }
  }

  /** True when `id` has been hot for at least `ms`. */
  hotFor(id: string, ms: number, now: number): boolean {
    const since = this.hot.get(id);
    return since !== undefined && now - since >= ms;
  }

  /** True when `id` has been cold for at least `ms`. */
  coldFor(id: string, ms: number, now: number): boolean {
    const since = this.cold.get(id);
    return since !== undefined && now - since >= ms;
  }

  /** Starts every count over (after a change: loads are about to move). */
  reset(): void {
    this.hot.clear();
    this.cold.clear();
  }
}

function track(since: Map<string, number>, id: string, on: boolean, now: number): void {
  if (!on) since.delete(id);
  else if (!since.has(id)) since.set(id, now);
}
