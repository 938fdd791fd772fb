import { connect } from 'node:net';
import { mountFallbackRoute, trackRoutes, unmatchedReply } from './fallback';
import { mountHttpRoutes } from './routes';
import { useHttpRoutes } from '../testing/http-routes';
import { request } from '../testing/test-server';

/** One raw HTTP/1.1 exchange: what a client that is not `fetch` sees (status line, headers, body). */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(got));
  });
}

describe('unmatched requests', () => {
  const routes = useHttpRoutes({
    mount: (app, deps) => {
      const tracked = trackRoutes(app);
      tracked.app.ws('/ws', { open: () => undefined });
      mountHttpRoutes(tracked.app, deps);
      mountFallbackRoute(tracked, deps.logger);
    },
  });

  it('answers an unknown path with a JSON 404', async () => {
    const res = await request(`${routes.server.url}/nope?x=1`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ error: 'no route for GET /nope' });
  });

  it('answers a wrong method with a JSON 405 and Allow', async () => {
    for (const [method, path, allow] of [
      ['POST', '/health', 'GET, HEAD'],
      ['DELETE', '/metrics', 'GET'],
      ['GET', '/api/v1/servers/register', 'POST, DELETE'], // DELETE /api/v1/servers/:id matches too
      ['POST', '/api/v1/servers/srv-1', 'DELETE'],
      ['GET', '/api/v1/servers/srv-1/heartbeat', 'PUT'],
    ] as const) {
      const res = await request(routes.server.url + path, { method });
      expect({ path, status: res.status, allow: res.headers.get('allow') }).toEqual({ path, status: 405, allow });
      expect(await res.json()).toEqual({ error: `method ${method} not allowed on ${path}`, allow: allow.split(', ') });
    }
  });

  it('answers GET /ws without Upgrade with a JSON 426, and a raw client gets the status line', async () => {
    const res = await request(`${routes.server.url}/ws`);
    expect(res.status).toBe(426);
    expect(res.headers.get('upgrade')).toBe('websocket');
    expect(await res.json()).toEqual({ error: '/ws is a WebSocket endpoint: send Upgrade: websocket' });
    const text = await raw(routes.server.port, 'PUT /ws HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(text).toMatch(/\r\nAllow: GET\r\n/);
  });

  it('answers HEAD of a GET-only path with 405 headers and no body', async () => {
    const text = await raw(routes.server.port, 'HEAD /servers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(text.endsWith('\r\n\r\n')).toBe(true);
  });
});

describe('unmatchedReply', () => {
  const routes = [
    { method: 'GET', pattern: '/a/:id', upgrade: false },
    { method: 'GET', pattern: '/files/*', upgrade: false },
  ];
  it('matches parameters on one segment and wildcards on the rest', () => {
    expect(unmatchedReply('POST', '/a/1', routes).status).toBe(405);
    expect(unmatchedReply('POST', '/a/1/2', routes).status).toBe(404);
    expect(unmatchedReply('POST', '/a/', routes).status).toBe(404);
    expect(unmatchedReply('POST', '/files/x/y', routes).status).toBe(405);
  });
});
