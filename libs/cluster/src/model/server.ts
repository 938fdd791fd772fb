import type { RegionBounds } from './bounds';

/** A game server is live until its heartbeats stop for `serverTimeoutMs`. */
export const ServerStatus = { Active: 'active', Failed: 'failed' } as const;
/** One of {@link ServerStatus}'s values. */
export type ServerStatus = (typeof ServerStatus)[keyof typeof ServerStatus];

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
}

/** A registered game server as every member sees it. `lastHeartbeat` is store time in ms. */
export interface GameServerInfo {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly region: RegionBounds | null;
  readonly capacity: number;
  readonly version: string;
  readonly nodeId: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly status: ServerStatus;
  readonly load: ServerLoad;
  readonly lastHeartbeat: number;
}

/** Load of a server that has not reported yet. */
export const IDLE_SERVER_LOAD: ServerLoad = { connections: 0, load: 0, accepting: true, avgTickMs: 0, memoryBytes: 0 };
