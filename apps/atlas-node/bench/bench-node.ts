// The node a benchmark measures: started in the benchmark's child process from the
// defaults plus the few settings every benchmark needs (a free loopback port, room for
// many connections, no admin listener, no idle kicks, quiet logs) and its own.
import * as E from 'fp-ts/lib/Either.js';
import { loadConfig, type ConfigOverrides } from '@atlas/config';
import { silentLogger } from '../src/logging/logger';
import { startNode } from '../src/node';

/** Starts a node with the benchmark settings and `extra` section by section on top; resolves to its port. */
export async function startBenchNode(extra: ConfigOverrides = {}): Promise<number> {
  const base: ConfigOverrides = {
    server: { address: '127.0.0.1', port: 0, max_connections: 100_000 },
    admin: { enabled: false },
    limits: { idle_timeout: 3600 },
    cluster: { node_id: 'bench-node' },
    logging: { level: 'error' },
  };
  const overrides: Record<string, object> = {};
  for (const section of new Set([...Object.keys(base), ...Object.keys(extra)])) {
    overrides[section] = { ...(base as Record<string, object | undefined>)[section], ...(extra as Record<string, object | undefined>)[section] };
  }
  const loaded = loadConfig({ argv: [], env: {}, overrides: overrides as ConfigOverrides });
  if (E.isLeft(loaded)) throw new Error(`bench node config: ${JSON.stringify(loaded.left)}`);
  const node = await startNode({ loaded: loaded.right, logger: silentLogger(), defaultMetrics: false });
  if (E.isLeft(node)) throw new Error(node.left.message);
  return node.right.port;
}
