import type { ClusterStore } from '../store/cluster-store';
import type { ClusterView } from './cluster-view';
import type { MemberEvent } from './member-events';
import type { RetryQueue } from './retry-queue';

/**
 * What a ClusterMember shares with the parts that keep its own records (OwnServers,
 * OwnSessions): one store, one node id, one view of the cluster, one retry queue and one
 * event stream, so that the parts write, retry and report exactly as the member does.
 */
export interface MemberParts {
  readonly store: ClusterStore;
  readonly nodeId: string;
  readonly view: ClusterView;
  readonly queue: RetryQueue;
  readonly emit: (event: MemberEvent) => void;
}
