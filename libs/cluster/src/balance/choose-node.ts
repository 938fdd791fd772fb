import { NodeStatus, type NodeInfo } from '../model/node';

/** Options of {@link chooseNode}. */
export interface ChooseNodeOptions {
  /** Uniform in [0, 1); inject a seeded one in tests. Default Math.random. */
  readonly random?: () => number;
  /** How much utilisation (0..1) weighs against connections. Default 1: a fully loaded node counts double. */
  readonly loadWeight?: number;
  /** Nodes not to pick (say, the one the client just failed on). */
  readonly exclude?: ReadonlySet<string>;
}

/** Cost of sending one more client to a node: connections weighted by utilisation. */
export function nodeCost(node: Pick<NodeInfo, 'connections' | 'load'>, loadWeight = 1): number {
  return (node.connections + 1) * (1 + loadWeight * Math.max(0, node.load));
}

/**
 * Picks the node for a new client by power-of-two choices: two distinct active nodes at
 * random, the cheaper one wins. Near-least-loaded without every node stampeding the one
 * that looked emptiest in a stale view. `undefined` when no node is active.
 */
export function chooseNode(nodes: readonly NodeInfo[], options: ChooseNodeOptions = {}): NodeInfo | undefined {
  const random = options.random ?? Math.random;
  const weight = options.loadWeight ?? 1;
  const candidates = nodes.filter((n) => n.status === NodeStatus.Active && !(options.exclude?.has(n.id) ?? false));
  if (candidates.length <= 1) return candidates[0];
  const i = Math.min(candidates.length - 1, Math.floor(random() * candidates.length));
  let j = Math.min(candidates.length - 2, Math.floor(random() * (candidates.length - 1)));
  if (j >= i) j += 1;
  const a = candidates[i] as NodeInfo;
  const b = candidates[j] as NodeInfo;
  return nodeCost(b, weight) < nodeCost(a, weight) ? b : a;
}
