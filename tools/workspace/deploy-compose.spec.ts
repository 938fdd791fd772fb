// docker/compose.yaml checked against the code it runs: every atlas-node's
// configuration is loaded with @atlas/config exactly as the container would (the
// mounted file + the service's environment), every ATLAS_* variable must be a real key,
// ports and health checks must match the effective configuration, the sim-servers'
// and the load tester's command lines go through their own argument parsers, and the
// four regions must tile the 2x2 world the load tester walks.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { CONFIG_FILE_ENV, CONFIG_KEYS, isLoopbackAddress, loadConfig, type AtlasConfig } from '@atlas/config';
import { parseArgs as parseSimArgs } from '../../apps/sim-server/src/cli/args';
import { parseArgs as parseLoadArgs } from '../../apps/load-tester/src/cli/args';
import { resolveLoadOptions } from '../../apps/load-tester/src/options/load-options';
import { composeDurationMs, loadCompose, portMapping, REPO, type ComposeService } from '../deploy/compose';
import { parseDockerfile } from '../deploy/dockerfile.cjs';

const { services } = loadCompose();
const healthTarget = (require(join(REPO, 'docker/healthcheck.cjs')) as { target(env: Record<string, string>): string }).target;
const dockerfile = parseDockerfile(readFileSync(join(REPO, 'docker/Dockerfile'), 'utf8'));
const imageConfigPath = /ATLAS_CONFIG=(\S+)/.exec(dockerfile.filter((s) => s.instruction === 'ENV').map((s) => s.args).join(' '))![1]!;
const imageHealthcheck = dockerfile.find((s) => s.instruction === 'HEALTHCHECK')!.json!;

const NODES = ['node-1', 'node-2', 'node-3'];
const SIMS = ['sim-0-0', 'sim-0-1', 'sim-1-0', 'sim-1-1'];
const ENV_NAMES = new Set(CONFIG_KEYS.flatMap((k) => [k.env, ...k.envAliases]));
const service = (name: string): ComposeService => {
  const s = services.get(name);
  if (s === undefined) throw new Error(`compose.yaml has no service ${name}`);
  return s;
};

/** The file a bind mount puts at the image's config path, on this machine. */
function mountedConfig(s: ComposeService): string {
  const mount = s.volumes.map((v) => v.split(':')).find(([, target]) => target === imageConfigPath);
  if (mount === undefined) throw new Error(`${s.name} mounts nothing at ${imageConfigPath}`);
  return join(REPO, 'docker', mount[0]!);
}

/** What the container's node would run with: the mounted file, then the service's environment. */
function nodeConfig(s: ComposeService): AtlasConfig {
  const loaded = loadConfig({ env: { ...s.environment, [CONFIG_FILE_ENV]: mountedConfig(s) }, argv: s.command ?? [], cwd: REPO });
  if (E.isLeft(loaded)) throw new Error(`${s.name}: ${JSON.stringify(loaded.left)}`);
  return loaded.right.config;
}

const configs = new Map<string, AtlasConfig>();
/** The node service's effective configuration (loaded on first use, so a bad one fails a test, not the file). */
const config = (name: string): AtlasConfig => {
  if (!configs.has(name)) configs.set(name, nodeConfig(service(name)));
  return configs.get(name)!;
};

describe('docker/compose.yaml', () => {
  it('runs Redis, three nodes, four sim-servers, and the load tester only in the load profile', () => {
    expect([...services.keys()].sort()).toEqual(['load', 'redis', ...NODES, ...SIMS].sort());
    for (const name of [...NODES, ...SIMS, 'load']) {
      const s = service(name);
      expect(s.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
      expect(existsSync(join(REPO, 'docker', s.build!.context, s.build!.dockerfile))).toBe(true);
      expect(s.init).toBe(true);
      expect(s.profiles).toEqual(name === 'load' ? ['load'] : []);
    }
  });

  it('sets only real configuration keys through ATLAS_* variables', () => {
    for (const name of NODES) {
      for (const key of Object.keys(service(name).environment)) {
        if (key.startsWith('ATLAS_') || key.startsWith('HORIZON_')) expect([name, key, ENV_NAMES.has(key) || key === CONFIG_FILE_ENV]).toEqual([name, key, true]);
      }
    }
  });

  it('gives every node a valid configuration with its own id on the shared Redis', () => {
    const ids = NODES.map((n) => config(n).cluster.node_id);
    expect(ids).toEqual(NODES);
    for (const name of NODES) {
      const c = config(name);
      expect(c.cluster.store).toBe('redis');
      const redis = new URL(c.cluster.redis_url);
      expect(services.has(redis.hostname)).toBe(true);
      expect(service(redis.hostname).expose).toContain(redis.port || '6379');
      expect(service(name).depends_on[redis.hostname]).toEqual({ condition: 'service_healthy' });
      // The advertised address is this container, on the client port.
      expect(c.cluster.advertise_address).toBe(`${service(name).hostname}:${c.server.port}`);
    }
    // Tickets resume on any node only if every node signs with the same key.
    const shared = (f: (c: AtlasConfig) => unknown) => new Set(NODES.map((n) => f(config(n)))).size;
    expect(shared((c) => c.security.token_secret)).toBe(1);
    expect(shared((c) => c.security.registration_secret)).toBe(1);
    expect(shared((c) => c.security.psk)).toBe(1);
    expect(shared((c) => c.security.psk_salt)).toBe(1);
    expect(config('node-1').security.token_secret.length).toBeGreaterThanOrEqual(32);
    expect(config('node-1').security.registration_secret).not.toBe('');
  });

  it('publishes the client port each node listens on, and the admin port only where it listens off loopback', () => {
    const hostPorts: number[] = [];
    for (const name of NODES) {
      const c = config(name);
      const s = service(name);
      expect(s.expose).toContain(String(c.server.port));
      const mappings = s.ports.map(portMapping);
      expect(mappings.map((m) => m.container)).toContain(c.server.port);
      for (const m of mappings) {
        const adminOutside = c.admin.enabled && !isLoopbackAddress(c.admin.address) && m.container === c.admin.port;
        expect([name, m.container, m.container === c.server.port || adminOutside]).toEqual([name, m.container, true]);
        if (adminOutside) expect(m.hostIp).toBe('127.0.0.1');
        hostPorts.push(m.host!);
      }
    }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('health-checks each node on its configured /health, and lets a drain finish before SIGKILL', () => {
    for (const name of NODES) {
      const s = service(name);
      const c = config(name);
      expect(s.healthcheck?.test).toEqual(['CMD', ...imageHealthcheck]);
      expect(healthTarget({ ...s.environment, [CONFIG_FILE_ENV]: mountedConfig(s) })).toBe(`http://127.0.0.1:${c.server.port}/health`);
      expect(composeDurationMs(s.stop_grace_period!)).toBeGreaterThan(c.server.drain_timeout * 1000);
    }
    expect(service('redis').healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('starts four sim-servers that register with the nodes with their secret, and are reachable by name', () => {
    const aliases = new Set(NODES.flatMap((n) => [n, ...(service(n).networks['default']?.aliases ?? [])]));
    const c = config('node-1');
    for (const name of SIMS) {
      const s = service(name);
      expect(s.entrypoint).toEqual(['node', '--enable-source-maps', '/opt/atlas/apps/sim-server/dist/main.js']);
      const parsed = parseSimArgs(s.command ?? []);
      if (E.isLeft(parsed)) throw new Error(`${name}: ${parsed.left}`);
      const sim = parsed.right.sim;
      // It binds (and so registers) its own hostname: ws://sim-I-J:7101/atlas is dialable from every node.
      expect(sim.host).toBe(s.hostname);
      expect(s.expose).toEqual([String(sim.port)]);
      // One node URL per sim in the compose file (--register takes a list).
      expect(sim.register).toHaveLength(1);
      const register = new URL(String(sim.register?.[0]));
      expect(aliases.has(register.hostname)).toBe(true);
      expect(Number(register.port)).toBe(c.server.port);
      expect(sim.registrationSecret).toBe(c.security.registration_secret);
      // A node with security.psk accepts only links that prove it (and only PSK clients).
      expect(sim.psk).toEqual(c.security.psk === '' ? undefined : { secret: c.security.psk, salt: c.security.psk_salt, iterations: c.security.pbkdf2_iterations });
      expect(s.healthcheck?.test?.join(' ')).toContain(`connect(${sim.port}, '${s.hostname}')`);
      for (const node of NODES) expect(s.depends_on[node]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('tiles the 2x2 world with the four regions, the same world the load tester walks', () => {
    const regions = SIMS.map((name) => (parseSimArgs(service(name).command ?? []) as E.Right<{ sim: { region: { bounds: { min: { x: number; y: number }; max: { x: number; y: number } } } } }>).right.sim.region.bounds);
    const load = parseLoadArgs(service('load').command ?? []);
    if (E.isLeft(load)) throw new Error(load.left);
    const options = resolveLoadOptions(load.right.input);
    if (E.isLeft(options)) throw new Error(options.left);
    const world = options.right.scenario.world;
    const area = (b: (typeof regions)[number]) => (b.max.x - b.min.x) * (b.max.y - b.min.y);
    expect(regions.reduce((sum, b) => sum + area(b), 0)).toBe((world.maxX - world.minX) * (world.maxY - world.minY));
    for (const b of regions) {
      expect(b.min.x).toBeGreaterThanOrEqual(world.minX);
      expect(b.min.y).toBeGreaterThanOrEqual(world.minY);
      expect(b.max.x).toBeLessThanOrEqual(world.maxX);
      expect(b.max.y).toBeLessThanOrEqual(world.maxY);
    }
    for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const [a, b] = [regions[i]!, regions[j]!];
        const overlap = a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
        expect(overlap).toBe(false);
      }
    }
    expect([world.cols, world.rows]).toEqual([2, 2]);
  });

  it('points the load tester at all three nodes\' client endpoints with their token secret', () => {
    const s = service('load');
    expect(s.entrypoint).toEqual(['node', '--enable-source-maps', '/opt/atlas/apps/load-tester/dist/main.js']);
    expect(s.healthcheck).toEqual({ disable: true });
    const load = parseLoadArgs(s.command ?? []);
    if (E.isLeft(load)) throw new Error(load.left);
    const options = resolveLoadOptions(load.right.input);
    if (E.isLeft(options)) throw new Error(options.left);
    expect(options.right.urls).toEqual(NODES.map((n) => `ws://${service(n).hostname}:${config(n).server.port}/ws`));
    expect(options.right.tokenSecret).toBe(config('node-1').security.token_secret);
    expect(options.right.scenario.name).toBe('border-crossers');
    expect(load.right.assertions.length).toBeGreaterThan(0);
    for (const sim of SIMS) expect(s.depends_on[sim]).toEqual({ condition: 'service_healthy' });
  });

  it('reads the secrets from the environment when they are set', () => {
    const env = { ATLAS_TOKEN_SECRET: 'x'.repeat(40), ATLAS_REGISTRATION_SECRET: 'r'.repeat(20), ATLAS_ADMIN_TOKEN: 'a'.repeat(20) };
    const withEnv = loadCompose(env).services;
    expect(withEnv.get('node-2')!.environment['ATLAS_SECURITY_TOKEN_SECRET']).toBe(env.ATLAS_TOKEN_SECRET);
    expect(withEnv.get('sim-1-1')!.command).toContain(env.ATLAS_REGISTRATION_SECRET);
    expect(withEnv.get('node-1')!.environment['ATLAS_SECURITY_ADMIN_TOKEN']).toBe(env.ATLAS_ADMIN_TOKEN);
    expect(withEnv.get('load')!.command).toContain(env.ATLAS_TOKEN_SECRET);
  });
});
