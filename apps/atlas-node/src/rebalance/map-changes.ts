// The region map changes a split or a merge writes, as pure functions of the current map.
// Each also drops entries of servers no longer registered, so the map does not keep
// stopped servers forever.
import type { RegionBounds, RegionMapChange, RegionMapRecord } from '@atlas/cluster';

function live(map: RegionMapRecord, registered: ReadonlySet<string>): Record<string, RegionBounds | null> {
  return Object.fromEntries(Object.entries(map.regions).filter(([id]) => registered.has(id)));
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/** Sets `bounds` aside for the server `name` is about to start as (it may register there; it owns nothing yet). */
export function reserve(map: RegionMapRecord, registered: ReadonlySet<string>, name: string, bounds: RegionBounds): RegionMapChange {
  return { regions: live(map, registered), reserved: { ...map.reserved, [name]: bounds } };
}

/** Drops reservations (an aborted split, or one its decider never finished). */
export function unreserve(map: RegionMapRecord, registered: ReadonlySet<string>, names: readonly string[]): RegionMapChange {
  const reserved = Object.fromEntries(Object.entries(map.reserved).filter(([name]) => !names.includes(name)));
  return { regions: live(map, registered), reserved };
}

/** The switch of a split: the parent keeps `keep`, the reserved server (now registered as `childId`) owns `give`. */
export function split(map: RegionMapRecord, registered: ReadonlySet<string>, parentId: string, keep: RegionBounds, name: string, childId: string, give: RegionBounds): RegionMapChange {
  return { regions: { ...live(map, registered), [parentId]: keep, [childId]: give }, reserved: without(map.reserved, name) };
}

/** A merge: the survivor owns the union, the absorbed server nothing (its players move, then it is stopped). */
export function merge(map: RegionMapRecord, registered: ReadonlySet<string>, survivorId: string, union: RegionBounds, absorbedId: string): RegionMapChange {
  return { regions: { ...live(map, registered), [survivorId]: union, [absorbedId]: null }, reserved: { ...map.reserved } };
}
