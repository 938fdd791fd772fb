import type { RegionBounds } from './bounds';

/** A game server is live until its heartbeats stop for `serverTimeoutMs`. */
export const ServerStatus = { Active: 'active', Failed: 'failed' } as const;
/** One of {@link ServerStatus}'s values. */
export type ServerStatus = (typeof ServerStatus)[keyof typeof ServerStatus];

/**
 * How the owning node reaches a server: `atlas` is one multiplexed Atlas link; `horizon`
 * is a Horizon game server (one WebSocket per player to its player endpoint, JSON passed
 * through). Absent means `atlas` (records written before kinds existed).
 */
export const ServerKind = { Atlas: 'atlas', Horizon: 'horizon' } as const;
/** One of {@link ServerKind}'s values. */
export type ServerKind = (typeof ServerKind)[keyof typeof ServerKind];

/** Load a game server reports with each heartbeat. */
export interface ServerLoad {
  readonly connections: number;
  /** Utilisation in 0..1 as the server judges it. */
  readonly load: number;
  /** False while draining or full by its own judgement: no new players. */
  readonly accepting: boolean;
  readonly avgTickMs: number;
  readonly memoryBytes: number;
}

/** What registering a game server says. `region: null` is a standby server with no region yet. */
export interface ServerRegistration {
  readonly id: string;
  readonly name: string;
  /** Where the owning node's upstream link reaches it. */
  readonly address: string;
  readonly region: RegionBounds | null;
  /** Most players it will host. */
  readonly capacity: number;
  readonly version: string;
  /** The Atlas node the server is connected through. */
  readonly nodeId: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly load?: ServerLoad;
  /** Default `atlas`. */
  readonly kind?: ServerKind;
  /** This server's own heartbeat timeout in ms, if longer than the store's `serverTimeoutMs` (shorter is ignored). */
  readonly heartbeatTimeoutMs?: number;
}

/**
 * A registered game server as every member sees it: its registration, with metadata and
 * load always present, plus the store's verdict on it. `lastHeartbeat` is store time in ms.
 */
export interface GameServerInfo extends Omit<ServerRegistration, 'metadata' | 'load'> {
  readonly metadata: Readonly<Record<string, string>>;
  readonly load: ServerLoad;
  readonly status: ServerStatus;
  readonly lastHeartbeat: number;
}

/** The kind of a server record (`atlas` when absent). */
export function serverKind(server: { readonly kind?: ServerKind }): ServerKind {
  return server.kind ?? ServerKind.Atlas;
}

/** How long `server` may go without a heartbeat before a sweep fails it. */
export function serverTimeoutOf(server: { readonly heartbeatTimeoutMs?: number }, storeTimeoutMs: number): number {
  return Math.max(storeTimeoutMs, server.heartbeatTimeoutMs ?? 0);
}

/** Load of a server that has not reported yet. */
export const IDLE_SERVER_LOAD: ServerLoad = { connections: 0, load: 0, accepting: true, avgTickMs: 0, memoryBytes: 0 };
