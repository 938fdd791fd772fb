// Fixtures for the Agones provider's tests. Written by hand from the public API
// references, NOT recorded from a cluster (none is reachable where these tests run):
// - Agones `allocation.agones.dev/v1` GameServerAllocation (spec.selectors[].matchLabels,
//   spec.metadata.labels/annotations; status.state Allocated | UnAllocated | Contention,
//   status.gameServerName, address, ports, nodeName), Agones reference "GameServer
//   Allocation" and the allocation API spec;
// - Agones `agones.dev/v1` GameServer (metadata.labels agones.dev/fleet, status.state
//   Ready | Allocated | Shutdown | Unhealthy | Error ...), Agones reference "GameServer";
// - Kubernetes API conventions: watch events as newline-delimited JSON
//   `{"type": "ADDED" | "MODIFIED" | "DELETED", "object": {...}}`, list objects
//   `{kind, apiVersion, metadata: {resourceVersion}, items}`, and `Status` bodies for errors.

/** A Ready GameServer of fleet `fleet`, as `GET .../gameservers/{name}` returns it. */
export function readyGameServer(name: string, fleet: string, resourceVersion: number): Record<string, unknown> {
  return {
    apiVersion: 'agones.dev/v1',
    kind: 'GameServer',
    metadata: {
      name,
      namespace: 'default',
      uid: `0f0e0d0c-${String(resourceVersion).padStart(4, '0')}-4b1a-9c3d-5e6f7a8b9c0d`,
      resourceVersion: String(resourceVersion),
      generation: 2,
      labels: { 'agones.dev/fleet': fleet, 'agones.dev/gameserverset': `${fleet}-x7k2p` },
      annotations: { 'agones.dev/sdk-version': '1.44.0' },
      ownerReferences: [{ apiVersion: 'agones.dev/v1', kind: 'GameServerSet', name: `${fleet}-x7k2p`, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      container: 'game',
      ports: [{ name: 'link', portPolicy: 'Dynamic', containerPort: 7101, protocol: 'TCP', hostPort: 7400 }],
      health: { periodSeconds: 5, failureThreshold: 3, initialDelaySeconds: 5 },
      scheduling: 'Packed',
      sdkServer: { logLevel: 'Info', grpcPort: 9357, httpPort: 9358 },
    },
    status: {
      state: 'Ready',
      ports: [{ name: 'link', port: 7400 }],
      address: '10.8.0.12',
      addresses: [{ type: 'InternalIP', address: '10.8.0.12' }],
      nodeName: 'gke-pool-1-3f2a',
      reservedUntil: null,
      players: null,
      counters: {},
      lists: {},
    },
  };
}

/** The created GameServerAllocation, answered with `gameServer` allocated (201 Created). */
export function allocatedResponse(request: Record<string, unknown>, gameServer: Record<string, unknown>): Record<string, unknown> {
  const gs = gameServer as { metadata: { name: string; labels: object; annotations: object }; status: { ports: unknown; address: string; addresses: unknown; nodeName: string } };
  return {
    ...request,
    metadata: { name: gs.metadata.name, namespace: 'default', creationTimestamp: '2026-12-01T21:00:00Z' },
    status: {
      state: 'Allocated',
      gameServerName: gs.metadata.name,
      ports: gs.status.ports,
      address: gs.status.address,
      addresses: gs.status.addresses,
      nodeName: gs.status.nodeName,
      source: 'local',
      metadata: { labels: gs.metadata.labels, annotations: gs.metadata.annotations },
    },
  };
}

/** The created GameServerAllocation when no GameServer matched the selectors (201, state UnAllocated). */
export function unallocatedResponse(request: Record<string, unknown>): Record<string, unknown> {
  return { ...request, metadata: { namespace: 'default', creationTimestamp: '2026-12-01T21:00:00Z' }, status: { state: 'UnAllocated', gameServerName: '', ports: null, address: '', nodeName: '', source: '' } };
}

/** A `Status` body for an error answer (404 NotFound, 403 Forbidden ...). */
export function statusBody(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** `GET .../gameservers` (list). */
export function gameServerList(items: readonly unknown[], resourceVersion: number): Record<string, unknown> {
  return { apiVersion: 'agones.dev/v1', kind: 'GameServerList', metadata: { resourceVersion: String(resourceVersion) }, items };
}
