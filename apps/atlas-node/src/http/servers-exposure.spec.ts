import { DEFAULT_CONFIG } from '@atlas/config';
import { adminStateReply } from '../admin/admin-routes';
import { mountHttpRoutes } from './routes';
import { createTestDeps, type TestDeps } from '../testing/test-deps';
import { bootApp, request, type BootedApp } from '../testing/test-server';

const SECRETS = ['hunter2', 'tok-9f8e7d', 'dsn-pass', 'bearer-abc', 'cred-xyz', 'pwd-123', 'nested-s3cr3t', 'frag-77'];

function body(i: number): Record<string, unknown> {
  return {
    name: `leaky-${i}`,
    address: `ws://admin:hunter2@127.0.0.1:${7100 + i}/atlas?token=tok-9f8e7d#frag-77`,
    region_coord: { x: i, y: 0, z: 0 },
    center: { x: i * 1000 + 500, y: 500, z: 0 },
    bounds: 500,
    capacity: 10,
    metadata: {
      zone: 'eu',
      auth: 'bearer-abc',
      credentials: 'cred-xyz',
      pwd: 'pwd-123',
      nested: { deep: 'nested-s3cr3t' },
      db: 'postgres://u:dsn-pass@db/x',
    },
  };
}

describe('what /servers and its neighbours show of a registration', () => {
  let deps: TestDeps;
  let server: BootedApp;
  const post = async (b: unknown): Promise<string> => {
    const res = await request(`${server.url}/api/v1/servers/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    expect(res.status).toBe(201);
    return res.text();
  };

  beforeEach(async () => {
    deps = createTestDeps();
    server = await bootApp((app) => mountHttpRoutes(app, deps));
  });
  afterEach(async () => {
    server.close();
    await deps.close();
  });

  it('shows no registered metadata by default and strips userinfo, query and fragment from every address', async () => {
    await post(body(0));
    const second = await post(body(1)); // its answer lists server 0 as a neighbour
    expect(JSON.parse(second)).toMatchObject({ adjacent_servers: [{ address: 'ws://127.0.0.1:7100/atlas' }] });
    const servers = await (await request(`${server.url}/servers`)).text();
    const doc = JSON.parse(servers) as { servers: Array<{ address: string; metadata: unknown }> };
    expect(doc.servers.map((s) => [s.address, s.metadata])).toEqual([
      ['ws://127.0.0.1:7100/atlas', {}],
      ['ws://127.0.0.1:7101/atlas', {}],
    ]);
    const admin = (await adminStateReply(deps)).body;
    const logs = JSON.stringify(deps.logs.take());
    expect(logs).toContain('game server registered');
    for (const text of [second, servers, admin, logs]) for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('shows exactly the keys on game_servers.public_metadata_keys', async () => {
    deps.setConfig({ ...DEFAULT_CONFIG, game_servers: { ...DEFAULT_CONFIG.game_servers, public_metadata_keys: 'zone, missing' } });
    await post(body(0));
    const doc = (await (await request(`${server.url}/servers`)).json()) as { servers: Array<{ metadata: unknown }> };
    expect(doc.servers[0]?.metadata).toEqual({ zone: 'eu' });
    deps.logs.take();
  });
});
