// The Agones resources the provider speaks, as plain values: the GameServerAllocation
// it creates and what it reads back from allocations and GameServers (agones.dev/v1).
import type { ProvisionRegion } from '../region';
import { boundsText } from '../region';

/** Labels and annotations Atlas puts on the GameServers it allocates. */
export const AGONES_KEYS = {
  /** Label: the region (server name) the GameServer is allocated for. */
  region: 'atlas.dev/region',
  /** Label: the Atlas node that allocated it (its `cluster.node_id`). */
  node: 'atlas.dev/node',
  /** Annotation: the region's bounds, `minX,minY,minZ,maxX,maxY,maxZ`. */
  bounds: 'atlas.dev/bounds',
  /** Annotation: the node HTTP URL to register with. */
  nodeUrl: 'atlas.dev/node-url',
  /** Label Agones sets on a Fleet's GameServers. */
  fleet: 'agones.dev/fleet',
} as const;

/** Agones GameServer states that mean the server is gone or going. */
export const GONE_STATES: ReadonlySet<string> = new Set(['Shutdown', 'Error', 'Unhealthy']);

/** Where the allocation is made, and for whom. */
export interface AllocationTarget {
  readonly fleet: string;
  readonly nodeId: string;
  readonly nodeUrl: string;
}

/** The GameServerAllocation for `region`: a Ready GameServer of the fleet, labelled with the region. */
export function allocationFor(region: ProvisionRegion, target: AllocationTarget): Record<string, unknown> {
  return {
    apiVersion: 'allocation.agones.dev/v1',
    kind: 'GameServerAllocation',
    spec: {
      selectors: [{ matchLabels: { [AGONES_KEYS.fleet]: target.fleet } }],
      scheduling: 'Packed',
      metadata: {
        labels: { [AGONES_KEYS.region]: region.name, [AGONES_KEYS.node]: target.nodeId },
        annotations: { [AGONES_KEYS.bounds]: boundsText(region.bounds), [AGONES_KEYS.nodeUrl]: target.nodeUrl },
      },
    },
  };
}

/** An allocation's answer: the GameServer's name, or the state that says why there is none. */
export type AllocationOutcome = { readonly allocated: true; readonly gameServer: string } | { readonly allocated: false; readonly state: string };

/** Reads `status` of a created GameServerAllocation. */
export function allocationOutcome(body: unknown): AllocationOutcome {
  const status = (body as { status?: { state?: unknown; gameServerName?: unknown } } | null)?.status;
  const state = typeof status?.state === 'string' ? status.state : 'missing';
  if (state === 'Allocated' && typeof status?.gameServerName === 'string' && status.gameServerName !== '') return { allocated: true, gameServer: status.gameServerName };
  return { allocated: false, state };
}

/** Name and state of a GameServer object from a list or a watch event. */
export function gameServerOf(object: unknown): { readonly name: string; readonly state: string } | undefined {
  const o = object as { metadata?: { name?: unknown }; status?: { state?: unknown } } | null;
  const name = o?.metadata?.name;
  if (typeof name !== 'string') return undefined;
  return { name, state: typeof o?.status?.state === 'string' ? o.status.state : '' };
}
