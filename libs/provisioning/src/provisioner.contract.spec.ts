// One behavioural contract, run against both providers behind the Provisioner
// interface: the process provider with real child processes, and the Agones provider
// with the real Kubernetes client against a local fixture API server (no cluster).
import * as E from 'fp-ts/lib/Either.js';
import type { Provisioner } from './provisioner';
import type { ProvisionRegion } from './region';
import { agonesHarness, processHarness, provisionerOn, startFakeRegistry, type FakeRegistry, type ProviderHarness } from './testing/contract-harness';
import { until } from '@atlas/common/testing';

const region = (name: string, x = 0): ProvisionRegion => ({ name, bounds: { min: { x, y: 0, z: -1000 }, max: { x: x + 1000, y: 1000, z: 1000 } } });

// The Kubernetes client is an ES module package Jest transforms on first load (slow on a cold cache).
beforeAll(() => import('./agones/kube-api'), 120_000);

describe.each([
  ['process', async (): Promise<ProviderHarness> => processHarness()],
  ['agones', async (): Promise<ProviderHarness> => agonesHarness()],
])('the %s provider behind the Provisioner', (_name, makeHarness) => {
  let harness: ProviderHarness;
  let registry: FakeRegistry;
  let provisioner: Provisioner | undefined;

  beforeEach(async () => {
    harness = await makeHarness();
    registry = await startFakeRegistry();
  });
  afterEach(async () => {
    await provisioner?.close();
    provisioner = undefined;
    await registry.close();
    await harness.close();
  });

  it('starts a server for a region and resolves once it registered and linked; concurrent starts share it', async () => {
    provisioner = provisionerOn(harness, registry, 'register');
    const [a, b] = await Promise.all([provisioner.start(region('west')), provisioner.start(region('west'))]);
    expect(E.isRight(a) && E.isRight(b)).toBe(true);
    if (E.isLeft(a)) return;
    expect(a.right).toMatchObject({ name: 'west', phase: 'ready', serverId: registry.servers.get('west')?.id });
    expect(harness.launched()).toHaveLength(1);
    expect(harness.alive(registry.servers.get('west')?.backing ?? '')).toBe(true);
  });

  it('a server that never registers is stopped after startup_timeout and the start fails', async () => {
    provisioner = provisionerOn(harness, registry, 'silent', { startupTimeoutMs: 600 });
    const started = Date.now();
    const r = await provisioner.start(region('mute'));
    expect(r).toMatchObject(E.left({ kind: 'startup_timeout' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    const [backing] = harness.launched();
    await until(() => !harness.alive(backing ?? ''), 5000, 'the server to be gone');
    expect(provisioner.list()).toEqual([]);
  });

  it('stops a server idle (no players) past max_idle_time, and keeps one with players', async () => {
    provisioner = provisionerOn(harness, registry, 'register', { maxIdleMs: 400 });
    const [idle, busy] = await Promise.all([provisioner.start(region('idle')), provisioner.start(region('busy', 1000))]);
    expect(E.isRight(idle) && E.isRight(busy)).toBe(true);
    registry.setPlayers('busy', 3);
    const idleBacking = registry.servers.get('idle')?.backing ?? '';
    await until(() => !harness.alive(idleBacking), 5000, 'the idle server to stop');
    await until(() => provisioner?.list().length === 1, 5000, 'the idle server to leave the list');
    expect(provisioner.list().map((s) => s.name)).toEqual(['busy']);
    expect(harness.alive(registry.servers.get('busy')?.backing ?? '')).toBe(true);
  });

  it('a crash restarts the server within max_restarts, then gives the region up', async () => {
    provisioner = provisionerOn(harness, registry, 'register', { maxRestarts: 1 });
    expect(E.isRight(await provisioner.start(region('fragile')))).toBe(true);
    const first = registry.servers.get('fragile');
    harness.crash(first?.backing ?? '');
    await until(() => registry.servers.get('fragile') !== undefined && registry.servers.get('fragile')?.id !== first?.id, 5000, 'a replacement to register');
    expect(registry.forgotten).toContain(first?.id);
    await until(() => provisioner?.list()[0]?.phase === 'ready', 5000, 'the replacement to be ready');
    expect(provisioner.list()[0]).toMatchObject({ name: 'fragile', restarts: 1 });
    const second = registry.servers.get('fragile');
    harness.crash(second?.backing ?? '');
    await until(() => provisioner?.list().length === 0, 5000, 'the region to be given up');
    expect(harness.launched()).toHaveLength(2);
    expect(registry.forgotten).toContain(second?.id);
  });

  it('stop asks the server to go and resolves once it is gone; close leaves nothing running', async () => {
    provisioner = provisionerOn(harness, registry, 'register');
    await Promise.all([provisioner.start(region('a')), provisioner.start(region('b', 1000))]);
    const a = registry.servers.get('a')?.backing ?? '';
    expect(await provisioner.stop('a')).toEqual(E.right({ forced: false }));
    expect(harness.alive(a)).toBe(false);
    expect(await provisioner.stop('nope')).toMatchObject(E.left({ kind: 'not_found' }));
    const b = registry.servers.get('b')?.backing ?? '';
    await provisioner.close();
    expect(harness.alive(b)).toBe(false);
    expect(await provisioner.start(region('late'))).toMatchObject(E.left({ kind: 'closed' }));
  });
});
