// Test helpers: a listening GameServer and linked test nodes, all torn down by `stop`.
import * as E from 'fp-ts/lib/Either.js';
import { connectTestNode, createGameServer, type GameServer, type GameServerOptions, type TestNode, type TestNodeOptions } from '../src';

/** A running server plus what the test opened against it. */
export interface Booted {
  readonly server: GameServer;
  link(options?: TestNodeOptions): Promise<TestNode>;
  stop(): Promise<void>;
}

/** Starts a server on port 0 (fast heartbeats unless overridden). */
export async function boot(options: GameServerOptions = {}): Promise<Booted> {
  const server = createGameServer({ heartbeatMs: 1000, ...options });
  const port = await server.listen();
  if (E.isLeft(port)) throw new Error(port.left.message);
  const nodes: TestNode[] = [];
  return {
    server,
    async link(o = {}) {
      const node = await connectTestNode(server.url, o);
      if (E.isLeft(node)) throw new Error(`link failed: ${node.left.code} ${node.left.message}`);
      nodes.push(node.right);
      return node.right;
    },
    async stop() {
      await server.close();
      await Promise.all(nodes.map((n) => n.close()));
    },
  };
}

/**
 * A fresh server for every test of the describe it is called in: booted before each test,
 * stopped after it. Read it inside tests and hooks (hooks declared after this call see it).
 */
export function bootEach(options: GameServerOptions = {}): Booted {
  let current: Booted | undefined;
  beforeEach(async () => {
    current = await boot(options);
  });
  afterEach(() => current?.stop());
  const booted = (): Booted => current ?? readOutsideATest();
  return {
    get server() {
      return booted().server;
    },
    link: (o) => booted().link(o),
    stop: () => booted().stop(),
  };
}

function readOutsideATest(): never {
  throw new Error('the booted server is read outside a test (use it inside a test or hook)');
}

export { sleep, until } from '@atlas/common/testing';

/** Bytes of a string, for compact test data. */
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
