import { DEFAULT_CONFIG } from '@atlas/config';
import * as E from 'fp-ts/lib/Either.js';
import { connect } from 'node:net';
import { MAX_API_BODY_BYTES } from './routes';
import { LinkState, NodeRunState } from './snapshot';
import { horizonBody } from '../testing/horizon-body';
import { useHttpRoutes } from '../testing/http-routes';
import { request } from '../testing/test-server';

const SECRET = 'registration-secret-0123';


describe('mountHttpRoutes over real uWS', () => {
  const routes = useHttpRoutes();

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    request(routes.server.url + path, {
      method,
      headers: body === undefined || 'content-type' in headers ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const json = async (res: Response): Promise<Record<string, unknown>> => (await res.json()) as Record<string, unknown>;
  const register = async (body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await call('POST', '/api/v1/servers/register', body, headers);
    return { status: res.status, body: await json(res) };
  };

  describe('operational endpoints', () => {
    it('answers /health with OK', async () => {
      const res = await call('GET', '/health');
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('OK');
    });

    it('answers HEAD /health and /ready with headers only', async () => {
      const head = await call('HEAD', '/health');
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe('2');
      expect(await head.text()).toBe('');
      expect((await call('HEAD', '/ready')).status).toBe(503);
    });

    it('answers /ready with 503 until the node is ready, then 200', async () => {
      expect((await call('GET', '/ready')).status).toBe(503);
      routes.deps.setReady(true);
      const res = await call('GET', '/ready');
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('READY');
    });

    it('serves Prometheus text on /metrics', async () => {
      routes.deps.metrics.connections.inc(3);
      const res = await call('GET', '/metrics');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await res.text()).toMatch(/^atlas_connections 3$/m);
    });

    it('lists servers with bounds, load, players and link state, without secrets', async () => {
      const reg = await register(horizonBody(0, 0, { address: 'ws://user:pw-0123456789@127.0.0.1:7100/atlas', metadata: { api_key: 'k', zone: 'eu' } }));
      expect(reg.status).toBe(201);
      routes.deps.logs.take();
      const id = String(reg.body['server_id']);
      routes.deps.setReady(true);
      routes.deps.setSnapshot({
        nodeId: 'test-node',
        state: NodeRunState.Active,
        startedAt: 1,
        links: [{ serverId: id, state: LinkState.Up, players: 2 }],
        players: [
          { id: 'p1', position: { x: 1, y: 2, z: 0 }, serverId: id, transferring: false },
          { id: 'p2', position: { x: 3, y: 4, z: 0 }, serverId: id, transferring: true },
        ],
        // The list is a sample (the admin map's dots); the count is every player.
        playerCount: 7000,
        transfers: [],
      });
      const res = await call('GET', '/servers');
      const text = await res.text();
      expect(text).not.toContain('pw-0123456789');
      expect(text).not.toContain('api_key');
      const doc = JSON.parse(text) as { node: unknown; servers: Array<Record<string, unknown>>; players: number };
      expect(doc.node).toEqual({ id: 'test-node', state: 'active', started_at: 1, ready: true });
      expect(doc.players).toBe(7000);
      expect(doc.servers).toEqual([
        expect.objectContaining({
          id,
          name: 'horizon-0-0-0',
          status: 'active',
          region: { min: { x: 0, y: 0, z: -500 }, max: { x: 1000, y: 1000, z: 500 } },
          region_coord: { x: 0, y: 0, z: 0 },
          load: { connections: 0, load: 0, accepting: true, avg_tick_ms: 0, memory_bytes: 0 },
          link: 'up',
          players: 2,
          metadata: {}, // nothing by default: see servers-exposure.spec.ts
        }),
      ]);
    });
  });

  describe('registration', () => {
    it('registers a Horizon body and answers with id, heartbeat interval and neighbours', async () => {
      const first = await register(horizonBody(0, 0));
      expect(first).toEqual({
        status: 201,
        body: { success: true, server_id: 'srv-1', message: 'registered', heartbeat_interval_secs: 5, heartbeat_interval_ms: 5000, adjacent_servers: [] },
      });
      const second = await register(horizonBody(1, 0));
      expect(second.status).toBe(201);
      expect(second.body['adjacent_servers']).toEqual([{ server_id: 'srv-1', address: 'ws://127.0.0.1:7100/atlas', region_coord: { x: 0, y: 0, z: 0 } }]);
      const stored = await routes.deps.servers.get('srv-1');
      expect(E.isRight(stored) && stored.right).toMatchObject({
        name: 'horizon-0-0-0',
        nodeId: 'test-node',
        capacity: 1000,
        version: '1.2.3',
        metadata: { zone: 'eu', shard: '2', 'atlas.region_coord': '0,0,0' },
      });
      expect(routes.deps.logs.take().map((r) => r.message)).toEqual(['game server registered', 'game server registered']);
    });

    it('accepts the {min, max} bounds form and a host:port address on a wildcard host', async () => {
      const res = await register({
        name: 'sim-a',
        address: '0.0.0.0:7200',
        region_coord: { x: 0, y: 0, z: 0 },
        bounds: { min: { x: 0, y: 0, z: 0 }, max: { x: 100, y: 0, z: 100 } },
        capacity: 50,
      });
      expect(res.status).toBe(201);
      const stored = await routes.deps.servers.get(String(res.body['server_id']));
      expect(E.isRight(stored) && stored.right?.address).toBe('ws://127.0.0.1:7200/atlas');
      expect(E.isRight(stored) && stored.right?.region).toEqual({ min: { x: 0, y: 0, z: 0 }, max: { x: 100, y: 0, z: 100 } });
      routes.deps.logs.take();
    });

    it('keeps the id of a server that registers again with the same name and address', async () => {
      const a = await register(horizonBody(0, 0));
      const b = await register(horizonBody(0, 0, { capacity: 10 }));
      expect(b.status).toBe(200);
      expect(b.body['server_id']).toBe(a.body['server_id']);
      expect(b.body['message']).toBe('registered again');
      routes.deps.logs.take();
    });

    it('refuses an overlapping region with 409 and the reason', async () => {
      await register(horizonBody(0, 0));
      const clash = await register(horizonBody(0, 0, { name: 'intruder', address: 'ws://127.0.0.1:9999/atlas', bounds: 600 }));
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ success: false, message: 'region of server srv-2 overlaps the region of server srv-1' });
      expect(routes.deps.logs.take().map((r) => r.message)).toEqual(['game server registered', 'game server registration refused']);
    });

    it('answers 400 with every reason for an invalid body', async () => {
      const res = await register({ name: '', address: 'http://x', region_coord: { x: 0.5, y: 0, z: 0 }, bounds: -1, capacity: 'many' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        success: false,
        message: 'invalid registration body',
        errors: [
          'body.name: expected string of 1..256 characters, got ""',
          'body.region_coord.x: expected integer, got 0.5',
          'body.bounds: expected a number > 0 (half-extent around center) or {min: {x, y, z}, max: {x, y, z}}, got -1',
          'body.capacity: expected integer 0..2^53-1, got "many"',
        ],
      });
      const semantic = await register(horizonBody(0, 0, { center: undefined, address: 'ftp://host:1/' }));
      expect(semantic.body['errors']).toEqual([
        'body.center: missing, expected {x, y, z} (needed when bounds is a half-extent)',
        'body.address: expected a ws:// or wss:// URL or host:port, got scheme ftp:',
      ]);
      const inverted = await register(horizonBody(0, 0, { bounds: { min: { x: 5, y: 0, z: 0 }, max: { x: 1, y: 0, z: 0 } } }));
      expect(inverted.body['errors']).toEqual(['body.bounds: region min.x (5) is above max.x (1)']);
    });

    it('answers 400 for malformed JSON and an empty body, 415 for other content types, 413 above the cap', async () => {
      const bad = await call('POST', '/api/v1/servers/register', '{"name":');
      expect(bad.status).toBe(400);
      expect(String((await json(bad))['errors'])).toMatch(/^body: not valid JSON/);
      const empty = await call('POST', '/api/v1/servers/register', '');
      expect(await json(empty)).toMatchObject({ errors: ['body: empty, expected a JSON object'] });
      const form = await call('POST', '/api/v1/servers/register', undefined, { 'content-type': 'text/plain' });
      expect(form.status).toBe(415);
      await form.text();
      const huge = await call('POST', '/api/v1/servers/register', JSON.stringify(horizonBody(0, 0, { metadata: { pad: 'x'.repeat(MAX_API_BODY_BYTES) } })));
      expect(huge.status).toBe(413);
      await huge.text();
      // Four refusals from one peer on one route: one log line, the rest counted in it.
      expect(routes.deps.logs.take().map((r) => [r.message, r['suppressed']])).toEqual([['request body refused', 0]]);
    });
  });

  describe('heartbeat and deregistration', () => {
    const beat = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      server_id: id,
      current_connections: 12,
      load: 0.4,
      accepting_connections: true,
      avg_tick_ms: 3.5,
      memory_bytes: 1 << 20,
      ...extra,
    });

    it('stores the load and answers with commands', async () => {
      const { body } = await register(horizonBody(0, 0));
      const id = String(body['server_id']);
      const res = await call('PUT', `/api/v1/servers/${id}/heartbeat`, beat(id));
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ success: true, message: 'ok', commands: [] });
      const stored = await routes.deps.servers.get(id);
      expect(E.isRight(stored) && stored.right?.load).toEqual({ connections: 12, load: 0.4, accepting: true, avgTickMs: 3.5, memoryBytes: 1 << 20 });
      routes.deps.setCommands([{ type: 'PrepareShutdown', deadline_secs: 30 }]);
      const drain = await json(await call('PUT', `/api/v1/servers/${id}/heartbeat`, beat(id)));
      expect(drain['commands']).toEqual([{ type: 'PrepareShutdown', deadline_secs: 30 }]);
      routes.deps.logs.take();
    });

    it('refuses a body whose server_id differs from the path, and an unknown server with 404', async () => {
      const mismatch = await call('PUT', '/api/v1/servers/a/heartbeat', beat('b'));
      expect(mismatch.status).toBe(400);
      expect((await json(mismatch))['errors']).toEqual(['body.server_id: "b" does not match the path\'s "a"']);
      const unknown = await call('PUT', '/api/v1/servers/ghost/heartbeat', beat('ghost'));
      expect(unknown.status).toBe(404);
      expect((await json(unknown))['message']).toBe('server ghost is not registered: register again');
    });

    it('deregisters once, then answers 404', async () => {
      const { body } = await register(horizonBody(0, 0));
      const id = String(body['server_id']);
      const res = await call('DELETE', `/api/v1/servers/${id}`);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ success: true, message: 'deregistered' });
      expect((await call('DELETE', `/api/v1/servers/${id}`)).status).toBe(404);
      expect(E.isRight(await routes.deps.servers.list()) && (await routes.deps.servers.list())).toEqual(E.right([]));
      expect(routes.deps.logs.take().map((r) => r.message)).toEqual(['game server registered', 'game server deregistered']);
    });
  });

  describe('registration secret', () => {
    beforeEach(() => {
      routes.deps.setConfig({ ...routes.deps.config(), security: { ...DEFAULT_CONFIG.security, registration_secret: SECRET } });
    });

    it('requires the bearer secret on every registration route', async () => {
      const none = await register(horizonBody(0, 0));
      expect(none.status).toBe(401);
      expect(none.body['message']).toBe('missing Authorization: Bearer <registration secret>');
      const wrong = await register(horizonBody(0, 0), { authorization: 'Bearer not-the-secret-at-all' });
      expect(wrong.status).toBe(401);
      expect((await call('DELETE', '/api/v1/servers/x')).status).toBe(401);
      expect((await call('PUT', '/api/v1/servers/x/heartbeat', { server_id: 'x' })).status).toBe(401);
      const right = await register(horizonBody(0, 0), { authorization: `Bearer ${SECRET}` });
      expect(right.status).toBe(201);
      const lines = routes.deps.logs.take();
      expect(lines.filter((r) => r.message === 'registration API request refused')).toHaveLength(4);
      expect(JSON.stringify(lines)).not.toContain(SECRET);
    });
  });

  describe('uWS edge cases', () => {
    /** Writes `raw` to the HTTP port and closes the socket 20 ms later, before any answer arrives. */
    const writeAndHangUp = (raw: string): Promise<void> =>
      new Promise((resolve) => {
        const socket = connect(routes.server.port, '127.0.0.1', () => {
          socket.write(raw);
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 20);
        });
      });

    it('survives a client that disconnects mid-body, and keeps serving', async () => {
      await writeAndHangUp('POST /api/v1/servers/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"name":');
      expect(await (await call('GET', '/health')).text()).toBe('OK');
    });

    it('drops the answer of a request whose client left while the store was busy', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const list = routes.deps.servers.list.bind(routes.deps.servers);
      (routes.deps.servers as { list: typeof list }).list = async () => {
        await gate;
        return list();
      };
      await writeAndHangUp('GET /servers HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await (await call('GET', '/health')).text()).toBe('OK');
    });

    it('answers a Horizon-style raw HTTP/1.1 request with Connection: close', async () => {
      const body = JSON.stringify(horizonBody(2, 2));
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(routes.server.port, '127.0.0.1');
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
        socket.write(
          `POST /api/v1/servers/register HTTP/1.1\r\nHost: 127.0.0.1:${routes.server.port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        );
      });
      expect(raw).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ success: true, server_id: 'srv-1' });
      routes.deps.logs.take();
    });
  });
});
