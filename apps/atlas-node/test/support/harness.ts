// One `boot()` for end-to-end tests: a real node on port 0 (silent logger, fast
// cluster timings) and real game servers (@atlas/server-sdk) registered through the
// node's HTTP API, each with an action echo. Everything is shut down explicitly.
import * as E from 'fp-ts/lib/Either.js';
import { MemoryBackend } from '@atlas/cluster';
import { freePort } from '@atlas/cluster/testing';
import { loadConfig, type ConfigOverrides } from '@atlas/config';
import { createGameServer, registerWithNode, type GameServer, type LinkPsk, type Registration, type TransferHooks } from '@atlas/server-sdk';
import { silentLogger } from '../../src/logging/logger';
import { startNode, type AtlasNode } from '../../src/node';
import type { NodeTracing } from '../../src/tracing/node-tracing';
import { eventually } from './eventually';

let seq = 0;

/** Overrides every test node gets (fast timings, free ports, no admin listener). */
export function testOverrides(extra: ConfigOverrides = {}): ConfigOverrides {
  seq++;
  const base: ConfigOverrides = {
    server: { address: '127.0.0.1', port: 0, drain_timeout: 2 },
    cluster: { node_id: `test-node-${process.pid}-${seq}`, health_check_interval: 0.2, heartbeat_timeout: 1.5, discovery_interval: 1 },
    game_servers: { heartbeat_interval: 0.2, transfer_timeout: 2 },
    admin: { enabled: false, port: 0 },
    spatial: { preload_distance: 20, transfer_distance: 0, hysteresis: 1 },
    logging: { level: 'error' },
  };
  const out: Record<string, Record<string, unknown>> = {};
  for (const section of new Set([...Object.keys(base), ...Object.keys(extra)])) {
    out[section] = { ...(base as Record<string, object | undefined>)[section], ...(extra as Record<string, object | undefined>)[section] };
  }
  return out as ConfigOverrides;
}

/** Starts a node with test overrides; throws when it cannot start. */
export async function bootNode(extra: ConfigOverrides = {}, options: { memoryBackend?: MemoryBackend; keyPrefix?: string; tracing?: NodeTracing } = {}): Promise<AtlasNode> {
  const loaded = loadConfig({ argv: [], env: {}, overrides: testOverrides(extra) });
  if (E.isLeft(loaded)) throw new Error(JSON.stringify(loaded.left));
  const node = await startNode({ loaded: loaded.right, logger: silentLogger(), defaultMetrics: false, watcher: undefined, ...options });
  if (E.isLeft(node)) throw new Error(`${node.left.kind}: ${node.left.message}`);
  return node.right;
}

/** Overrides for a node with a private link listener (for servers that dial it) on a free port. */
export async function linkListener(): Promise<{ server: { link_address: string; link_port: number } }> {
  return { server: { link_address: '127.0.0.1', link_port: await freePort() } };
}

/** A game server for tests, registered with a node. */
export interface TestServer {
  readonly server: GameServer;
  readonly registration: Registration;
  readonly name: string;
  stop(): Promise<void>;
}

/** Box helper: [x0, x1) x [y0, y1) x [-100, 100). */
export function box(x0: number, y0: number, x1: number, y1: number): { min: { x: number; y: number; z: number }; max: { x: number; y: number; z: number } } {
  return { min: { x: x0, y: y0, z: -100 }, max: { x: x1, y: y1, z: 100 } };
}

/** Starts a game server that echoes every action back to its sender, and registers it with `node`. */
export async function startServer(
  node: AtlasNode,
  name: string,
  bounds: ReturnType<typeof box>,
  options: { port?: number; psk?: LinkPsk; transfer?: TransferHooks; dialsNodes?: boolean } = {},
): Promise<TestServer> {
  const server = createGameServer({ port: options.port ?? 0, heartbeatMs: 500, loadReportMs: 1000, psk: options.psk, ...(options.transfer !== undefined ? { transfer: options.transfer } : {}) });
  server.on('action', (player, action) => server.send(player, action));
  const dialsNodes = options.dialsNodes === true;
  if (!dialsNodes) {
    const listened = await server.listen();
    if (E.isLeft(listened)) throw new Error(`listen: ${JSON.stringify(listened.left)}`);
  }
  const center = { x: (bounds.min.x + bounds.max.x) / 2, y: (bounds.min.y + bounds.max.y) / 2, z: 0 };
  const reg = await registerWithNode(`http://127.0.0.1:${node.port}`, {
    name,
    address: server.url,
    regionCoord: { x: 0, y: 0, z: 0 },
    center,
    bounds,
    capacity: 10_000,
    version: 'test',
    dialsNodes,
  }, { heartbeatIntervalMs: 200, onLinkNodes: (nodes, id) => void server.dialNodes(id, nodes) });
  if (E.isLeft(reg)) throw new Error(`register: ${reg.left.message}`);
  return {
    server,
    registration: reg.right,
    name,
    async stop() {
      await reg.right.stop();
      await server.close();
    },
  };
}

/** Polls `check` every 10 ms until it returns true (or throws after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  await eventually(what, check, timeoutMs, 10);
}

/** Waits until the node has an up link to every named server. */
export async function linksUp(node: AtlasNode, count: number): Promise<void> {
  await until(() => node.snapshot().links.filter((l) => l.state === 'up').length >= count, 5000, `${count} upstream links`);
}

/** Where each game server of a test world sits, by name. */
export type WorldLayout = Readonly<Record<string, ReturnType<typeof box>>>;

/** One game server, `server`, owning 0..100 x 0..100. */
export const ONE_SERVER = { server: box(0, 0, 100, 100) } as const;

/** Two servers sharing a border at x = 100: `west` 0..100 and `east` 100..200. */
export const WEST_AND_EAST = { west: box(0, 0, 100, 100), east: box(100, 0, 200, 100) } as const;

/** A running node, its WebSocket URL, and each game server of the layout by name. */
export type World<Layout extends WorldLayout> = { readonly node: AtlasNode; readonly url: string } & { readonly [Name in keyof Layout]: TestServer };

/**
 * Registers a `beforeAll` that boots a node with `overrides`, starts the layout's game
 * servers in order and waits for all their links, and an `afterAll` that stops them in
 * the same order and drains the node. The world's fields can be read from the tests on
 * (they throw when read before `beforeAll` ran), so a spec declares its world in one line.
 */
export function useWorld<Layout extends WorldLayout>(layout: Layout, overrides: ConfigOverrides = {}, serverOptions: Parameters<typeof startServer>[3] = {}): World<Layout> {
  let node: AtlasNode | undefined;
  const servers = new Map<string, TestServer>();
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is read before the world started (use it inside a test or hook)`);
    return value;
  };
  beforeAll(async () => {
    node = await bootNode(overrides);
    for (const [name, bounds] of Object.entries(layout)) servers.set(name, await startServer(node, name, bounds, serverOptions));
    await linksUp(node, servers.size);
  });
  afterAll(async () => {
    for (const server of servers.values()) await server.stop();
    await node?.drain();
  });
  const world = {
    get node() {
      return started(node, 'node');
    },
    get url() {
      return `ws://127.0.0.1:${started(node, 'node').port}/ws`;
    },
  };
  for (const name of Object.keys(layout)) Object.defineProperty(world, name, { get: () => started(servers.get(name), name) });
  return world as World<Layout>;
}
