// How a run is split over threads: thread w of W owns the clients whose global index i
// has i % W == w, opens them at 1/W of the ramp rate, and runs the same phases.

/** This thread's part of the run. */
export interface Share {
  readonly index: number;
  readonly count: number;
}

/** The whole run in one thread. */
export const WHOLE: Share = { index: 0, count: 1 };

/** How many of the first `clients` global indices belong to `share`. */
export function shareOf(clients: number, share: Share): number {
  return clients > share.index ? Math.floor((clients - share.index - 1) / share.count) + 1 : 0;
}

/** The global index of this thread's `n`-th client. */
export function globalIndex(n: number, share: Share): number {
  return share.index + n * share.count;
}
