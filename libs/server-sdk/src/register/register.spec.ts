import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { registerWithNode, type RegistrationError, type ServerInfo } from '..';
import { until } from '../../test/boot';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly auth: string | undefined;
  readonly body: unknown;
}

/** A fake node HTTP API: records requests; `answer` decides the response. */
async function fakeNode(answer: (req: Seen, n: number) => [number, unknown]): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body: raw === '' ? undefined : JSON.parse(raw) };
      seen.push(s);
      const [status, body] = answer(s, seen.length);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const info: ServerInfo = {
  name: 'sim-0-0',
  address: 'ws://127.0.0.1:7101/atlas',
  regionCoord: { x: 0, y: 0, z: 0 },
  center: { x: 50, y: 50, z: 0 },
  bounds: { min: { x: 0, y: 0, z: -1 }, max: { x: 100, y: 100, z: 1 } },
  capacity: 500,
  version: '0.1.0',
  metadata: { kind: 'sim' },
};
const { regionCoord, ...sameOnTheWire } = info;
const ok = (id: string) => ({ success: true, server_id: id, message: 'registered', heartbeat_interval_secs: 5, adjacent_servers: [] });

/** Stops a fake node now, keep-alive sockets included (as a node that goes away). */
const shut = (server: Server): Promise<void> =>
  new Promise<void>((r) => {
    if (!server.listening) return r();
    server.close(() => r());
    server.closeAllConnections();
  });

describe('registerWithNode', () => {
  let node: Awaited<ReturnType<typeof fakeNode>> | undefined;
  const extra: Server[] = [];
  afterEach(async () => {
    if (node) await shut(node.server);
    node = undefined;
    await Promise.all(extra.splice(0).map(shut));
  });

  it('registers with snake_case fields and the bearer secret, heartbeats, surfaces commands, and deregisters', async () => {
    node = await fakeNode((req) => (req.method === 'POST' ? [200, ok('srv-1')] : req.method === 'PUT' ? [200, { success: true, commands: [{ kind: 'drain' }] }] : [200, { success: true }]));
    const commands: unknown[] = [];
    const reg = await registerWithNode(node.url, info, {
      secret: 'registration-secret-123',
      heartbeatIntervalMs: 30,
      status: () => ({ currentConnections: 3, load: 0.25, acceptingConnections: true, avgTickMs: 1.5, memoryBytes: 1000 }),
      onCommand: (c) => commands.push(c),
    });
    if (E.isLeft(reg)) throw new Error(reg.left.message);
    expect(reg.right.serverId).toBe('srv-1');
    expect(reg.right.heartbeatIntervalSecs).toBe(5);
    await until(() => (node?.seen.length ?? 0) >= 3);
    await reg.right.stop();
    const [first, beat] = node.seen;
    expect(first).toEqual({
      method: 'POST',
      url: '/api/v1/servers/register',
      auth: 'Bearer registration-secret-123',
      // The info as sent: regionCoord renamed to snake_case, every other field as given.
      body: { ...sameOnTheWire, region_coord: regionCoord },
    });
    expect(beat).toEqual({
      method: 'PUT',
      url: '/api/v1/servers/srv-1/heartbeat',
      auth: 'Bearer registration-secret-123',
      body: { server_id: 'srv-1', current_connections: 3, load: 0.25, accepting_connections: true, avg_tick_ms: 1.5, memory_bytes: 1000 },
    });
    expect(node.seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/v1/servers/srv-1' });
    expect(commands[0]).toEqual({ kind: 'drain' });
  });

  it('registers again when a heartbeat gets 404 (the node forgot the server)', async () => {
    let registrations = 0;
    node = await fakeNode((req) => {
      if (req.method === 'POST') return [200, ok(`srv-${++registrations}`)];
      return req.url.includes('srv-1') ? [404, { success: false, message: 'unknown server' }] : [200, {}];
    });
    const errors: RegistrationError[] = [];
    const reg = await registerWithNode(node.url, info, { heartbeatIntervalMs: 20, onError: (e) => errors.push(e) });
    if (E.isLeft(reg)) throw new Error(reg.left.message);
    await until(() => reg.right.serverId === 'srv-2');
    await reg.right.stop({ deregister: false });
    expect(errors[0]).toMatchObject({ status: 404, message: expect.stringContaining('unknown server') });
  });

  it('returns the reason when the node refuses or cannot be reached', async () => {
    node = await fakeNode(() => [400, { success: false, message: 'bounds.min must be below bounds.max' }]);
    expect(await registerWithNode(node.url, info)).toMatchObject(E.left({ kind: 'registration', status: 400, message: expect.stringContaining('bounds.min') }));
    expect(await registerWithNode('http://127.0.0.1:1', info, { timeoutMs: 1000 })).toMatchObject(E.left({ status: 0 }));
  });

  describe('with several nodes', () => {
    /** Two fake nodes over one shared registry (as with a Redis cluster store): ids survive failover. */
    function sharedRegistry(): { known: Set<string>; answer: (req: Seen) => [number, unknown] } {
      const known = new Set<string>();
      return {
        known,
        answer: (req) => {
          if (req.method === 'POST') {
            known.add('srv-7');
            return [200, ok('srv-7')];
          }
          const id = /servers\/([^/]+)/.exec(req.url)?.[1] ?? '';
          return known.has(id) ? [200, { success: true, commands: [] }] : [404, { success: false, message: 'unknown server' }];
        },
      };
    }

    it('moves its heartbeats to the next node when the first goes away, keeping its id', async () => {
      const registry = sharedRegistry();
      node = await fakeNode(registry.answer);
      const second = await fakeNode(registry.answer);
      extra.push(second.server);
      const failovers: [string, string, number][] = [];
      const errors: RegistrationError[] = [];
      const reg = await registerWithNode([node.url, second.url], info, {
        heartbeatIntervalMs: 20,
        timeoutMs: 1000,
        onFailover: (from, to, e) => failovers.push([from, to, e.status]),
        onError: (e) => errors.push(e),
      });
      if (E.isLeft(reg)) throw new Error(reg.left.message);
      expect(reg.right.nodeUrl).toBe(node.url);
      await until(() => (node?.seen.length ?? 0) >= 2);
      await shut(node.server);
      await until(() => second.seen.filter((s) => s.method === 'PUT').length >= 2);
      expect(reg.right.serverId).toBe('srv-7');
      expect(reg.right.nodeUrl).toBe(second.url);
      expect(failovers[0]).toEqual([node.url, second.url, 0]);
      // The heartbeat that found the first node gone was delivered by the second: nothing failed.
      expect(errors).toEqual([]);
      expect(second.seen.some((s) => s.method === 'POST')).toBe(false);
      await reg.right.stop();
      expect(second.seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/v1/servers/srv-7' });
    });

    it('fails over on 503 (draining) and registers again with a node that does not know it', async () => {
      let draining = false;
      node = await fakeNode((req) => (draining ? [503, { success: false, message: 'node is draining' }] : req.method === 'POST' ? [200, ok('srv-1')] : [200, {}]));
      // The second node keeps its own registry and hands back the id of a known name and address.
      const second = await fakeNode((req) => (req.method === 'POST' ? [200, ok('srv-1')] : req.url.includes('srv-1') && second.seen.some((s) => s.method === 'POST') ? [200, {}] : [404, { message: 'unknown server' }]));
      extra.push(second.server);
      const failovers: number[] = [];
      const errors: RegistrationError[] = [];
      const reg = await registerWithNode([node.url, second.url], info, { heartbeatIntervalMs: 20, onFailover: (_f, _t, e) => failovers.push(e.status), onError: (e) => errors.push(e) });
      if (E.isLeft(reg)) throw new Error(reg.left.message);
      draining = true;
      await until(() => second.seen.filter((s) => s.method === 'PUT').length >= 2);
      await reg.right.stop({ deregister: false });
      expect(failovers[0]).toBe(503);
      expect(second.seen.map((s) => s.method).slice(0, 3)).toEqual(['PUT', 'POST', 'PUT']);
      expect(errors.map((e) => e.status)).toEqual([404]);
      expect(reg.right.serverId).toBe('srv-1');
      expect(reg.right.nodeUrl).toBe(second.url);
    });

    it('registers with the first node that answers, and stops at a refusal', async () => {
      node = await fakeNode(() => [200, ok('srv-3')]);
      const reg = await registerWithNode(['http://127.0.0.1:1', node.url], info, { timeoutMs: 1000, heartbeatIntervalMs: 60_000 });
      if (E.isLeft(reg)) throw new Error(reg.left.message);
      expect(reg.right.nodeUrl).toBe(node.url);
      await reg.right.stop({ deregister: false });

      const refusing = await fakeNode(() => [409, { success: false, message: 'region taken' }]);
      extra.push(refusing.server);
      expect(await registerWithNode([refusing.url, node.url], info)).toMatchObject(E.left({ status: 409 }));
      expect(node.seen).toHaveLength(1);
      expect(await registerWithNode([], info)).toMatchObject(E.left({ status: 0 }));
    });
  });
});
