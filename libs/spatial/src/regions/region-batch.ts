import * as E from 'fp-ts/lib/Either.js';
import type { RegionOverlapError, SpatialError } from '../errors';
import { KdTree, RANGE_ONLY } from './kd-tree';
import type { Region, RegionInput } from './region';
import { RegionEntry } from './region-entry';
import type { RegionIndex } from './region-index';
import { validateRegion } from './region-validation';

/** Validates a batch in order, stopping at the first invalid or duplicate input. Internal. */
export function prepareBatch<M>(
  inputs: readonly RegionInput<M>[],
  taken: (id: string) => boolean,
): { entries: RegionEntry<M>[]; firstError: SpatialError | undefined } {
  const entries: RegionEntry<M>[] = [];
  const ids = new Set<string>();
  for (const input of inputs) {
    const region = validateRegion(input);
    if (E.isLeft(region)) return { entries, firstError: region.left };
    const id = region.right.id;
    if (taken(id) || ids.has(id)) return { entries, firstError: { kind: 'duplicate-region', id, message: `Region ${id} already exists` } };
    ids.add(id);
    entries.push(new RegionEntry(region.right));
  }
  return { entries, firstError: undefined };
}

function sharesVolume(a: RegionEntry<unknown>, b: RegionEntry<unknown>): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY && a.minZ < b.maxZ && b.minZ < a.maxZ;
}

/**
 * The first entry, in batch order, that shares volume with an existing region or with an earlier
 * entry of the batch: exactly what adding them one by one would report. Internal.
 */
export function findBatchOverlap<M>(
  entries: readonly RegionEntry<M>[],
  index: RegionIndex<RegionEntry<M>>,
  existingOverlap: (region: Region<M>) => SpatialError | undefined,
): RegionOverlapError | undefined {
  const order = new Map(entries.map((e, i) => [e, i]));
  // The batch tree skips dead boxes; these are not indexed yet, so mark them alive meanwhile.
  for (const e of entries) e.alive = true;
  const batch = new KdTree(entries, RANGE_ONLY);
  const found: RegionEntry<M>[] = [];
  try {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as RegionEntry<M>;
      const existing = existingOverlap(e.region);
      let clash = existing?.kind === 'region-overlap' ? existing.overlaps : undefined;
      found.length = 0;
      batch.collect(e.minX, e.minY, e.minZ, e.maxX, e.maxY, e.maxZ, index.nextStamp(), found);
      for (const o of found) {
        if ((order.get(o) as number) >= i || !sharesVolume(o, e)) continue;
        if (clash === undefined || o.id < clash) clash = o.id;
      }
      if (clash !== undefined) return { kind: 'region-overlap', id: e.id, overlaps: clash, message: `Region ${e.id} overlaps region ${clash}` };
    }
    return undefined;
  } finally {
    for (const e of entries) e.alive = false;
  }
}
