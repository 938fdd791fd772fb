/** The kinds of record a store keeps, named in errors. */
export type EntityKind = 'node' | 'server' | 'session' | 'lease' | 'region_map';

/** Every failure a cluster call can report; `kind` discriminates. Nothing in this lib throws these. */
export type ClusterError =
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'closed' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'corrupt'; readonly message: string }
  | { readonly kind: 'not_found'; readonly entity: EntityKind; readonly id: string; readonly reason: 'missing' | 'failed' }
  | { readonly kind: 'region_conflict'; readonly serverId: string; readonly conflictsWith: string }
  | { readonly kind: 'session_conflict'; readonly playerId: string; readonly holderNodeId: string }
  | { readonly kind: 'not_holder'; readonly entity: 'session'; readonly id: string; readonly holder: string }
  | { readonly kind: 'lease_held'; readonly name: string; readonly holder: string }
  | { readonly kind: 'lease_lost'; readonly name: string }
  | { readonly kind: 'map_conflict'; readonly expected: number; readonly actual: number }
  | { readonly kind: 'queue_full'; readonly key: string };

/** Constructors for {@link ClusterError}, so call sites stay short and shapes stay exact. */
export const ClusterErrors = {
  unavailable: (message: string): ClusterError => ({ kind: 'unavailable', message }),
  closed: (): ClusterError => ({ kind: 'closed' }),
  invalid: (message: string): ClusterError => ({ kind: 'invalid', message }),
  corrupt: (message: string): ClusterError => ({ kind: 'corrupt', message }),
  notFound: (entity: EntityKind, id: string, reason: 'missing' | 'failed' = 'missing'): ClusterError => ({
    kind: 'not_found',
    entity,
    id,
    reason,
  }),
  regionConflict: (serverId: string, conflictsWith: string): ClusterError => ({
    kind: 'region_conflict',
    serverId,
    conflictsWith,
  }),
  sessionConflict: (playerId: string, holderNodeId: string): ClusterError => ({
    kind: 'session_conflict',
    playerId,
    holderNodeId,
  }),
  notHolder: (id: string, holder: string): ClusterError => ({ kind: 'not_holder', entity: 'session', id, holder }),
  leaseHeld: (name: string, holder: string): ClusterError => ({ kind: 'lease_held', name, holder }),
  leaseLost: (name: string): ClusterError => ({ kind: 'lease_lost', name }),
  mapConflict: (expected: number, actual: number): ClusterError => ({ kind: 'map_conflict', expected, actual }),
  queueFull: (key: string): ClusterError => ({ kind: 'queue_full', key }),
} as const;

/** True when retrying later can succeed (the store was unreachable), false for logical refusals. */
export function isRetryable(error: ClusterError): boolean {
  return error.kind === 'unavailable';
}

/** One line for logs; never contains secrets (errors carry ids, not payloads). */
export function describeClusterError(error: ClusterError): string {
  switch (error.kind) {
    case 'unavailable':
      return `cluster store unavailable: ${error.message}`;
    case 'closed':
      return 'cluster store is closed';
    case 'invalid':
      return `invalid input: ${error.message}`;
    case 'corrupt':
      return `corrupt record in cluster store: ${error.message}`;
    case 'not_found':
      return `${error.entity} ${error.id} ${error.reason === 'failed' ? 'was marked failed' : 'is not registered'}`;
    case 'region_conflict':
      return `region of server ${error.serverId} overlaps the region of server ${error.conflictsWith}`;
    case 'session_conflict':
      return `player ${error.playerId} is live on node ${error.holderNodeId}`;
    case 'not_holder':
      return `${error.entity} ${error.id} is held by ${error.holder}`;
    case 'lease_held':
      return `lease ${error.name} is held by ${error.holder}`;
    case 'lease_lost':
      return `lease ${error.name} was lost`;
    case 'map_conflict':
      return `region map is at version ${error.actual}, not ${error.expected}`;
    case 'queue_full':
      return `retry queue full; dropped write ${error.key}`;
  }
}
