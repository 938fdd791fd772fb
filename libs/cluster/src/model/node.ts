/** Lifecycle of an Atlas node as the cluster sees it. */
export const NodeStatus = {
  Starting: 'starting',
  Active: 'active',
  Draining: 'draining',
  Stopped: 'stopped',
  Failed: 'failed',
} as const;
/** One of {@link NodeStatus}'s values. */
export type NodeStatus = (typeof NodeStatus)[keyof typeof NodeStatus];

/** Statuses a live node may report for itself (Stopped comes from leave, Failed from the detector). */
export type LiveNodeStatus = typeof NodeStatus.Starting | typeof NodeStatus.Active | typeof NodeStatus.Draining;

/** What a node says about itself when it joins. */
export interface NodeRegistration {
  readonly id: string;
  /** Where clients or peers reach it, e.g. `ws://10.0.0.5:8080`. */
  readonly address: string;
  readonly status?: LiveNodeStatus;
  readonly connections?: number;
  /** Utilisation in 0..1 (CPU or event-loop busy share); used by load balancing. */
  readonly load?: number;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** What a node sends on every heartbeat. */
export interface NodeHeartbeat {
  readonly status?: LiveNodeStatus;
  readonly connections: number;
  readonly load: number;
}

/** A node as every member sees it. `lastHeartbeat` is the store's clock (Redis TIME), in ms. */
export interface NodeInfo {
  readonly id: string;
  readonly address: string;
  readonly status: NodeStatus;
  readonly connections: number;
  readonly load: number;
  readonly metadata: Readonly<Record<string, string>>;
  readonly lastHeartbeat: number;
}
