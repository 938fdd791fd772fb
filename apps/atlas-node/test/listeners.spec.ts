// Real node processes sharing a machine: a port is never shared silently (uWS would listen
// with SO_REUSEPORT and the kernel would split players between two unrelated nodes), and
// both listeners answer what no route takes with JSON.
import { request } from '../src/testing/test-server';
import { bundle, spawnNode, type Child } from './support/processes';

const BASE = ['--set', 'server.address=127.0.0.1', '--set', 'logging.format=json', '--set', 'logging.level=info'];

/** The second process's exit code and everything it printed. */
async function outcome(child: Child): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.process.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.process.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const code = await child.exited;
  return { code, output };
}

describe('atlas-node listeners', () => {
  let script: string;
  let first: Child;
  let ports: { port: number; adminPort: number };

  beforeAll(async () => {
    script = await bundle(`${__dirname}/../src/main.ts`);
    first = spawnNode(script, [...BASE, '--set', 'server.port=0', '--set', 'admin.enabled=true', '--set', 'admin.address=127.0.0.1', '--set', 'admin.port=0'], /"message":"node started"/);
    ports = JSON.parse(await first.ready) as { port: number; adminPort: number };
  }, 30_000);
  afterAll(async () => {
    first.process.kill('SIGTERM');
    await first.exited;
  });

  it('a second node on the client port exits non-zero and says why', async () => {
    const second = spawnNode(script, [...BASE, '--set', `server.port=${ports.port}`, '--set', 'admin.enabled=false']);
    const { code, output } = await outcome(second);
    expect(code).toBe(1);
    expect(output).toContain(`the client listener (server.address, server.port) cannot listen on 127.0.0.1:${ports.port}: the port is in use`);
    expect(await (await request(`http://127.0.0.1:${ports.port}/health`)).text()).toBe('OK');
  }, 20_000);

  it('a second node on the admin port exits non-zero and says why', async () => {
    const second = spawnNode(script, [...BASE, '--set', 'server.port=0', '--set', 'admin.enabled=true', '--set', 'admin.address=127.0.0.1', '--set', `admin.port=${ports.adminPort}`]);
    const { code, output } = await outcome(second);
    expect(code).toBe(1);
    expect(output).toContain(`the admin listener (admin.address, admin.port) cannot listen on 127.0.0.1:${ports.adminPort}`);
  }, 20_000);

  it('both listeners answer unknown paths, wrong methods and GET /ws without Upgrade with JSON', async () => {
    const main = `http://127.0.0.1:${ports.port}`;
    const admin = `http://127.0.0.1:${ports.adminPort}`;
    const cases: Array<[string, string, number]> = [
      [`${main}/nope`, 'GET', 404],
      [`${main}/health`, 'POST', 405],
      [`${main}/ws`, 'GET', 426],
      [`${main}/api/v1/servers/register`, 'GET', 405],
      [`${admin}/nope`, 'GET', 404],
      [`${admin}/admin/state`, 'DELETE', 405],
    ];
    for (const [url, method, status] of cases) {
      const res = await request(url, { method });
      expect({ url, method, status: res.status, type: res.headers.get('content-type') }).toEqual({ url, method, status, type: 'application/json; charset=utf-8' });
      expect(await res.json()).toHaveProperty('error');
    }
  }, 20_000);
});
