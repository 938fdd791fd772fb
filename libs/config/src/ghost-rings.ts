// `spatial.ghost_rings`: how often a near-border player's ghost is updated, by distance
// ring. Written `fraction:seconds,...`, e.g. `0.25:0,0.6:0.1,1:0.25`: within a quarter of
// the ghost distance every move, to 60% every 100 ms, to the edge every 250 ms.

/** One distance ring of ghost updates. */
export interface GhostRing {
  /** Outer edge of the ring as a fraction of the ghost distance, in (0, 1]. */
  readonly upTo: number;
  /** Least time between two updates of a ghost in this ring, ms (0: every move). */
  readonly intervalMs: number;
}

const PAIR = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/;

/** Parses a ring list; undefined unless the fractions rise strictly to exactly 1 and every interval is at most 60 s. */
export function parseGhostRings(text: string): GhostRing[] | undefined {
  const rings: GhostRing[] = [];
  for (const part of text.split(',')) {
    const m = PAIR.exec(part);
    if (m === null) return undefined;
    const upTo = Number(m[1]);
    const seconds = Number(m[2]);
    const last = rings[rings.length - 1];
    if (!(upTo > 0 && upTo <= 1) || seconds > 60 || (last !== undefined && upTo <= last.upTo)) return undefined;
    rings.push({ upTo, intervalMs: seconds * 1000 });
  }
  return rings[rings.length - 1]?.upTo === 1 ? rings : undefined;
}
