/**
 * What the admin node side and the admin browser script agree on: the JSON document
 * `GET /admin/state` returns, the map's colours and its poll interval. It imports
 * nothing, so the browser build (lib DOM) and the node build (lib Node) both take it.
 */

/** A world axis. */
export type Axis = 'x' | 'y' | 'z';

/** A point in world space. */
export interface Point3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** An axis-aligned box (same shape as @atlas/cluster's RegionBounds). */
export interface Box3 {
  readonly min: Point3;
  readonly max: Point3;
}

/** The plane the map draws: `h` runs left to right, `v` bottom to top. */
export interface MapPlane {
  readonly h: Axis;
  readonly v: Axis;
}

/** A server on the map. */
export interface AdminServer {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  /** What it owns under the region map this node applies. */
  readonly region: Box3 | null;
  /** The region map version its region comes from (0: its own registration). */
  readonly map_version: number;
  /** 0..1: the larger of the server's reported load and this node's share of its capacity. */
  readonly utilisation: number;
  readonly capacity: number;
  readonly connections: number;
  readonly players: number;
  readonly link: string | null;
  readonly accepting: boolean;
}

/** A player dot. */
export interface AdminPlayer extends Point3 {
  readonly id: string;
  readonly server: string | null;
  readonly transferring: boolean;
}

/** One of this node's players that neighbours see as a ghost: drawn as an outlined dot. */
export interface AdminGhost extends Point3 {
  readonly id: string;
  /** The servers that see it. */
  readonly seen_by: readonly string[];
}

/** A recent transfer, drawn as an arrow between region centres (fades 3 s after it ends). */
export interface AdminTransfer {
  readonly player_id: string;
  readonly from: string;
  readonly to: string;
  readonly state: 'started' | 'completed' | 'aborted';
  readonly started_at: number;
  readonly ended_at: number | null;
  readonly reason: string | null;
}

/** Totals shown beside the map. */
export interface AdminCounters {
  readonly connections: number;
  readonly players: number;
  readonly messages_in: number;
  readonly messages_out: number;
  readonly bytes_in: number;
  readonly bytes_out: number;
  readonly transfers_started: number;
  readonly transfers_completed: number;
  readonly transfers_aborted: number;
  readonly handshake_failures: number;
  readonly decode_errors: number;
  readonly backpressure_drops: number;
  /** Share of time (0..1) the event loop was busy over the last second or more. */
  readonly event_loop_utilisation: number;
}

/** The whole polled document. */
export interface AdminState {
  /** Epoch ms at which it was built. */
  readonly now: number;
  readonly node: { readonly id: string; readonly state: string; readonly started_at: number; readonly ready: boolean };
  /** The box to draw: every region (or, with none, every player). */
  readonly world: Box3;
  /** The two axes drawn (`admin.map_plane`, or the two the regions divide). */
  readonly plane: MapPlane;
  readonly servers: readonly AdminServer[];
  /** The region map version this node applies; the page marks the regions a new version changed. */
  readonly map_version: number;
  readonly players: readonly AdminPlayer[];
  readonly players_total: number;
  /** Players streamed to neighbours as ghosts (drawn players only). */
  readonly ghosts: readonly AdminGhost[];
  /** The interest distance: each region's ghost zone reaches this far beyond it (0: no ghosts). */
  readonly ghost_distance: number;
  readonly transfers: readonly AdminTransfer[];
  readonly counters: AdminCounters;
  /** Set when the cluster store could not be read (servers then come from this node's links only). */
  readonly store_error: string | null;
}

/** Fill colour of player dots (RGB), also checked by the screenshot test. */
export const PLAYER_RGB = [30, 107, 255] as const;
/** Fill colour of players in a transfer. */
export const TRANSFERRING_RGB = [255, 140, 0] as const;
/** Canvas background (RGB): what a pixel outside every region reads. */
export const BACKGROUND_RGB = [15, 23, 42] as const;
/** Outline colour of ghosted players and of the interest zones. */
export const GHOST_RGB = [226, 232, 240] as const;
/** How long the page marks the regions a new region map version changed (a split or a merge). */
export const MAP_CHANGE_MS = 5000;
/** Milliseconds between polls. */
export const POLL_MS = 500;
