import type { Bounds } from '../geometry/bounds';

/** Free-form data a game attaches to a region (biome, name, tick rate...). */
export type RegionMetadata = Readonly<Record<string, unknown>>;

/** A box of the world owned by one game server. Frozen: change it through `RegionMap.update`. */
export interface Region<M = RegionMetadata> {
  readonly id: string;
  /** Half-open bounds: the region owns p when min <= p < max on every axis. */
  readonly bounds: Bounds;
  /** Id of the game server that simulates this region. */
  readonly owner: string;
  readonly metadata: M;
}

/** What `RegionMap.add` accepts: plain data, validated and copied on the way in. Omitted metadata is `{}`. */
export interface RegionInput<M = RegionMetadata> {
  readonly id: string;
  readonly bounds: Bounds;
  readonly owner: string;
  readonly metadata?: M;
}

/** A change to an existing region; omitted fields keep their value. */
export interface RegionPatch<M = RegionMetadata> {
  readonly bounds?: Bounds;
  readonly owner?: string;
  readonly metadata?: M;
}

/** How a neighbour touches a region. */
export type NeighbourContact = 'face' | 'edge' | 'corner';

/** A region next to another, and how they touch. */
export interface Neighbour<M = RegionMetadata> {
  readonly region: Region<M>;
  readonly contact: NeighbourContact;
}

/** What owns a point: a region, the nearest region (gap policy `nearest`), or nobody. */
export type Ownership<M = RegionMetadata> =
  | { readonly kind: 'owned'; readonly region: Region<M> }
  | { readonly kind: 'nearest'; readonly region: Region<M>; readonly distance: number }
  | { readonly kind: 'unowned' };

/** A region with its distance from a query point. */
export interface RegionDistance<M = RegionMetadata> {
  readonly region: Region<M>;
  readonly distance: number;
}
