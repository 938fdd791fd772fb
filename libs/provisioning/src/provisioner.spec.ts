// The driver with an in-memory provider: on-demand entry, de-duplication, launches
// stopped while still in flight.
import * as E from 'fp-ts/lib/Either.js';
import type { GameServerProvider, LaunchSpec, ProviderEvents } from './provider';
import { createProvisioner } from './provisioner';

function fakeProvider(): { factory: (events: ProviderEvents) => GameServerProvider; launches: LaunchSpec[]; killed: number[]; land: () => void; events: () => ProviderEvents } {
  const launches: LaunchSpec[] = [];
  const killed: number[] = [];
  const pending: (() => void)[] = [];
  let events: ProviderEvents | undefined;
  return {
    launches,
    killed,
    land: () => pending.splice(0).forEach((f) => f()),
    events: () => events as ProviderEvents,
    factory: (e) => {
      events = e;
      return {
        kind: 'fake',
        launch: (spec) => {
          launches.push(spec);
          return new Promise((resolve) => pending.push(() => resolve(E.right(undefined))));
        },
        terminate: (id) => e.exited(id, 'terminated'),
        kill: (id) => {
          killed.push(id);
          e.exited(id, 'killed');
        },
        close: async () => undefined,
      };
    },
  };
}

const limits = { startupTimeoutMs: 100, shutdownTimeoutMs: 100, maxIdleMs: 0, maxRestarts: 0, restartWindowMs: 1000, maxServers: 8 };

describe('createProvisioner', () => {
  it('provisionFor starts the cell of a position once, however many players ask', async () => {
    const fake = fakeProvider();
    const p = createProvisioner({ provider: fake.factory, limits, onDemand: { enabled: true, cellSize: 100 }, forget: () => undefined, tickMs: 10 });
    const asks = [p.provisionFor({ x: 150, y: 20, z: 0 }), p.provisionFor({ x: 199, y: 99, z: 5 })];
    expect(fake.launches.map((l) => l.region.name)).toEqual(['cell_1_0']);
    fake.land();
    p.observe([{ id: 's1', name: 'cell_1_0', linked: true, players: 0 }]);
    const results = await Promise.all(asks);
    expect(results.every(E.isRight)).toBe(true);
    expect(await p.provisionFor({ x: Number.NaN, y: 0, z: 0 })).toMatchObject(E.left({ kind: 'invalid' }));
    await p.close();
  });

  it('provisionFor is refused while on_demand is off; bad names are refused', async () => {
    const fake = fakeProvider();
    const p = createProvisioner({ provider: fake.factory, limits, onDemand: { enabled: false, cellSize: 100 }, forget: () => undefined });
    expect(await p.provisionFor({ x: 1, y: 1, z: 1 })).toMatchObject(E.left({ kind: 'disabled' }));
    expect(await p.start({ name: 'no spaces', bounds: { min: { x: 0, y: 0, z: 0 }, max: { x: 1, y: 1, z: 1 } } })).toMatchObject(E.left({ kind: 'invalid' }));
    expect(fake.launches).toEqual([]);
  });

  it('a launch still in flight at startup_timeout is killed as soon as it lands', async () => {
    const fake = fakeProvider();
    const p = createProvisioner({ provider: fake.factory, limits, onDemand: { enabled: false, cellSize: 100 }, forget: () => undefined, tickMs: 10 });
    const started = p.start({ name: 'slow', bounds: { min: { x: 0, y: 0, z: 0 }, max: { x: 1, y: 1, z: 1 } } });
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.killed).toEqual([]);
    fake.land();
    expect(await started).toMatchObject(E.left({ kind: 'startup_timeout' }));
    expect(fake.killed).toEqual([1]);
    expect(p.list()).toEqual([]);
  });
});
