import { MAX_JSON_DEPTH, jsonNestsDeeper } from './json-depth';
import { LogLimiter } from './log-limiter';
import { horizonBody } from '../testing/horizon-body';
import { useHttpRoutes } from '../testing/http-routes';
import { request } from '../testing/test-server';

// Without metadata: the nesting case appends its own.
const body = (extra: Record<string, unknown> = {}): Record<string, unknown> => horizonBody(0, 0, { metadata: undefined, ...extra });

describe('registration bodies that would hurt the node', () => {
  const routes = useHttpRoutes();
  const register = (text: string): Promise<Response> =>
    request(`${routes.server.url}/api/v1/servers/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });

  it('refuses 30,000 levels of nesting with 400, logs once for a flood, and keeps serving', async () => {
    const deep = JSON.stringify(body()).replace(/}$/, `,"metadata":{"x":${'['.repeat(30_000)}${']'.repeat(30_000)}}}`);
    for (let i = 0; i < 20; i++) {
      const res = await register(deep);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ success: false, message: 'invalid body', errors: [`body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`] });
    }
    const lines = routes.deps.logs.take();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', message: 'request body refused', peer: '127.0.0.1', status: 400 });
    expect(JSON.stringify(lines)).not.toMatch(/\n\s+at /); // no stack trace
    const ok = await register(JSON.stringify(body({ metadata: { zone: 'eu' } })));
    expect(ok.status).toBe(201);
    routes.deps.logs.take();
  });

  it('refuses integers a double cannot hold exactly (capacity, connections, memory)', async () => {
    for (const capacity of [2 ** 53, 1e300, 2 ** 53 + 2]) {
      const res = await register(JSON.stringify(body({ capacity })));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: string[] }).errors).toEqual([expect.stringMatching(/^body\.capacity: expected integer 0\.\.2\^53-1, got /)]);
    }
    const ok = await register(JSON.stringify(body({ capacity: 2 ** 53 - 1 })));
    expect(ok.status).toBe(201);
    const { server_id: id } = (await ok.json()) as { server_id: string };
    const beat = await request(`${routes.server.url}/api/v1/servers/${id}/heartbeat`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ server_id: id, current_connections: 2 ** 60, load: 0, accepting_connections: true, memory_bytes: 2 ** 64 }),
    });
    expect(beat.status).toBe(400);
    expect(((await beat.json()) as { errors: string[] }).errors).toHaveLength(2);
    routes.deps.logs.take();
  });
});

describe('jsonNestsDeeper', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(jsonNestsDeeper('{"a":[[1]]}', 3)).toBe(false);
    expect(jsonNestsDeeper('{"a":[[[1]]]}', 3)).toBe(true);
    expect(jsonNestsDeeper(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`, 1)).toBe(false);
    expect(jsonNestsDeeper('[]'.repeat(1000), 1)).toBe(false);
  });
});

describe('LogLimiter', () => {
  it('lets one occurrence per source per interval through, with the count it held back', () => {
    const limiter = new LogLimiter(1000);
    expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.take('a', 10)).toBeUndefined();
    expect(limiter.take('b', 10)).toBe(0);
    expect(limiter.take('a', 20)).toBeUndefined();
    expect(limiter.take('a', 1000)).toBe(2);
  });
});
