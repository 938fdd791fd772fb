// Registrations in Horizon's own form (an unmodified Horizon's Atlas client) over real uWS:
// kind, region, source trust, the serde-parsable answers, late heartbeats and the store outage.
import { MemoryBackend, ServerKind, ServerStatus, type ClusterStore } from '@atlas/cluster';
import { DEFAULT_CONFIG, type AtlasConfig } from '@atlas/config';
import * as E from 'fp-ts/lib/Either.js';
import { fromHorizonSource, HORIZON_COLUMN_Z, parsableCommands } from './horizon-form';
import { mountHttpRoutes } from './routes';
import { createTestDeps, type TestDeps } from '../testing/test-deps';
import { bootApp, request, type BootedApp } from '../testing/test-server';
import { sleep } from '@atlas/common/testing';

const SECRET = 'registration-secret-0123';

/** Exactly what Horizon b11774f sends for its default config.toml (bind 0.0.0.0:8081). */
function horizonRegistration(x = 0, port = 8081): Record<string, unknown> {
  return {
    name: `horizon-${x}-0-0`,
    address: `0.0.0.0:${port}`,
    region_coord: { x, y: 0, z: 0 },
    center: { x: x * 2000, y: 0, z: 0 },
    bounds: 1000,
    capacity: 1000,
    version: '0.1.0',
    metadata: {},
  };
}
const beat = (id: string): Record<string, unknown> => ({ server_id: id, current_connections: 0, load: 0, accepting_connections: true, avg_tick_ms: 0, memory_bytes: 0 });

describe('Horizon-form registrations', () => {
  let deps: TestDeps;
  let server: BootedApp;
  let store: ClusterStore | undefined;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await request(server.url + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const configure = (game: Partial<AtlasConfig['game_servers']>, security: Partial<AtlasConfig['security']> = {}): void =>
    deps.setConfig({ ...deps.config(), game_servers: { ...deps.config().game_servers, ...game }, security: { ...deps.config().security, ...security } });

  /** Boots over a store with fast timings (50 ms store timeout) for the failure cases. */
  const boot = async (fast = false): Promise<void> => {
    const base = createTestDeps();
    store = fast ? new MemoryBackend().createStore({ heartbeatTimeoutMs: 50, serverTimeoutMs: 50, retentionMs: 5_000 }) : undefined;
    deps = store === undefined ? base : { ...base, servers: store.servers };
    // The revive grace is measured from the failure the store's timeout implies.
    if (fast) deps.setConfig({ ...deps.config(), cluster: { ...deps.config().cluster, heartbeat_timeout: 0.05 } });
    server = await bootApp((app) => mountHttpRoutes(app, deps));
  };
  afterEach(async () => {
    server.close();
    await store?.close();
    deps.logs.expectNoLogs();
    await deps.close();
  });

  it('stores a horizon-kind server: player endpoint address, X/Y square, every Z, its own heartbeat timeout', async () => {
    await boot();
    const res = await call('POST', '/api/v1/servers/register', horizonRegistration());
    expect(res.status).toBe(201);
    // Integers where Horizon's serde wants integers; nothing it cannot parse.
    expect(Number.isInteger(res.body['heartbeat_interval_secs'])).toBe(true);
    const stored = await deps.servers.get(String(res.body['server_id']));
    expect(E.isRight(stored) && stored.right).toMatchObject({
      kind: ServerKind.Horizon,
      address: 'ws://127.0.0.1:8081/',
      region: { min: { x: -1000, y: -1000, z: -HORIZON_COLUMN_Z }, max: { x: 1000, y: 1000, z: HORIZON_COLUMN_Z } },
      heartbeatTimeoutMs: 100_000,
    });
    // A neighbour along X touches it and is told about it in Horizon's AdjacentServerInfo shape.
    const east = await call('POST', '/api/v1/servers/register', horizonRegistration(1, 8082));
    expect(east.body['adjacent_servers']).toEqual([{ server_id: 'srv-1', address: 'ws://127.0.0.1:8081/', region_coord: { x: 0, y: 0, z: 0 } }]);
    expect(deps.logs.take().map((r) => r.message)).toEqual(['game server registered', 'game server registered']);
  });

  it('takes Z from horizon_z_half_extent, and an Atlas link when horizon_upstream is atlas', async () => {
    await boot();
    configure({ horizon_z_half_extent: 100, horizon_upstream: 'atlas' });
    const res = await call('POST', '/api/v1/servers/register', horizonRegistration());
    const stored = await deps.servers.get(String(res.body['server_id']));
    expect(E.isRight(stored) && stored.right).toMatchObject({ kind: ServerKind.Atlas, address: 'ws://127.0.0.1:8081/atlas', region: { min: { z: -100 }, max: { z: 100 } } });
    deps.logs.take();
  });

  it('with a registration secret, lets Horizon in by source network only, and nothing else without the secret', async () => {
    await boot();
    configure({}, { registration_secret: SECRET });
    const reg = await call('POST', '/api/v1/servers/register', horizonRegistration());
    expect(reg.status).toBe(201);
    const id = String(reg.body['server_id']);
    expect((await call('PUT', `/api/v1/servers/${id}/heartbeat`, beat(id))).status).toBe(200);
    // An Atlas-form body from the same network needs the secret.
    const atlasForm = await call('POST', '/api/v1/servers/register', { ...horizonRegistration(5, 9000), address: 'ws://127.0.0.1:9000/atlas', name: 'sdk' });
    expect(atlasForm.status).toBe(401);
    // Outside horizon_sources, Horizon is refused too.
    configure({ horizon_sources: '10.0.0.0/8' });
    expect((await call('PUT', `/api/v1/servers/${id}/heartbeat`, beat(id))).status).toBe(401);
    const messages = deps.logs.take().map((r) => r.message);
    expect(messages.filter((m) => m === 'registration API request refused')).toHaveLength(2);
  });

  it('re-activates a failed Horizon server on a late heartbeat within the grace', async () => {
    await boot(true);
    configure({ horizon_heartbeat_timeout: 0.1, horizon_revive_grace: 2 });
    const id = String((await call('POST', '/api/v1/servers/register', horizonRegistration())).body['server_id']);
    await sleep(200);
    expect(E.isRight(await (store as ClusterStore).sweep())).toBe(true);
    expect(E.isRight(await deps.servers.get(id)) && (await deps.servers.get(id))).toMatchObject({ right: { status: ServerStatus.Failed } });
    const late = await call('PUT', `/api/v1/servers/${id}/heartbeat`, beat(id));
    expect(late).toEqual({ status: 200, body: { success: true, message: 're-activated', commands: [] } });
    expect((await deps.servers.get(id))).toMatchObject({ right: { status: ServerStatus.Active, kind: ServerKind.Horizon } });
    expect(deps.logs.take().map((r) => r.message)).toEqual(['game server registered', 'game server re-activated by a late heartbeat']);
  });

  it('answers 404 with a reason when the region was taken meanwhile, or the grace has passed', async () => {
    await boot(true);
    configure({ horizon_heartbeat_timeout: 0.1, horizon_revive_grace: 0.3 });
    const id = String((await call('POST', '/api/v1/servers/register', horizonRegistration())).body['server_id']);
    await sleep(200);
    await (store as ClusterStore).sweep();
    const taker = await call('POST', '/api/v1/servers/register', { ...horizonRegistration(0, 8090), name: 'replacement' });
    expect(taker.status).toBe(201);
    const taken = await call('PUT', `/api/v1/servers/${id}/heartbeat`, beat(id));
    expect(taken.status).toBe(404);
    expect(taken.body['message']).toBe(`server ${id} was failed and its region is now served by ${String(taker.body['server_id'])}: register again`);
    await deps.servers.deregister(String(taker.body['server_id']));
    await sleep(400);
    const tooLate = await call('PUT', `/api/v1/servers/${id}/heartbeat`, beat(id));
    expect(tooLate.status).toBe(404);
    expect(String(tooLate.body['message'])).toMatch(/past the revive grace: register again$/);
    const refused = deps.logs.take().filter((r) => r.message === 'late heartbeat of a failed Horizon server refused');
    expect(refused.map((r) => (r as unknown as { reason: string }).reason)).toEqual([`its region is now served by ${String(taker.body['server_id'])}`, 'past game_servers.horizon_revive_grace (300 ms)']);
  });

  it('answers a Horizon heartbeat 200 from the last view while the store is unreachable; others get 503', async () => {
    await boot(true);
    const id = String((await call('POST', '/api/v1/servers/register', horizonRegistration())).body['server_id']);
    const seen = await deps.servers.get(id);
    const last = E.isRight(seen) ? seen.right : null;
    (deps as { lastKnownServer?: (s: string) => unknown }).lastKnownServer = (s) => (s === id ? last : undefined);
    await (store as ClusterStore).close();
    const res = await call('PUT', `/api/v1/servers/${id}/heartbeat`, beat(id));
    expect(res).toEqual({ status: 200, body: { success: true, message: 'cluster store unreachable: heartbeat not recorded', commands: [] } });
    expect((await call('PUT', '/api/v1/servers/other/heartbeat', beat('other'))).status).toBe(503);
    expect(deps.logs.take().map((r) => r.message)).toEqual(['game server registered', 'Horizon heartbeat answered from the last view: cluster store unreachable']);
  });
});

describe('parsableCommands and fromHorizonSource', () => {
  it('keeps only what Horizon parses, with u32 deadlines and a present config', () => {
    expect(parsableCommands([{ type: 'PrepareShutdown', deadline_secs: 2.5 }, { type: 'PrepareShutdown', deadline_secs: -3 }, { type: 'ConfigUpdate', config: undefined }, { type: 'HealthCheck' }, { type: 'Drain' } as never])).toEqual([
      { type: 'PrepareShutdown', deadline_secs: 3 },
      { type: 'PrepareShutdown', deadline_secs: 0 },
      { type: 'ConfigUpdate', config: null },
      { type: 'HealthCheck' },
    ]);
  });
  it('matches peers against the configured CIDRs', () => {
    const sources = DEFAULT_CONFIG.game_servers.horizon_sources;
    expect(['127.0.0.1', '127.9.9.9', '::1'].map((p) => fromHorizonSource(p, sources))).toEqual([true, true, true]);
    expect(['10.0.0.1', '::2', 'garbage'].map((p) => fromHorizonSource(p, sources))).toEqual([false, false, false]);
    expect(fromHorizonSource('10.1.2.3', '10.0.0.0/8,fd00::/8')).toBe(true);
  });
});
