import assert from 'node:assert/strict';
import { StoreStatus } from '../model/health';
import { membershipCases } from './contract-membership';
import { EventLog, expectLeft, expectRight, type ContractCase, type NamedBodies, type StoreFixtureFactory } from './contract-helpers';
import { regionMapCases } from './contract-region-map';
import { serverCases } from './contract-servers';
import { sessionCases } from './contract-sessions';

const storeCases: NamedBodies = [
  [
    'reports ok health, and a closed store answers closed',
    async (f) => {
      const a = await f.open();
      assert.equal(a.health().status, StoreStatus.Ok);
      expectRight(await a.ready(1000));
      await a.close();
      assert.equal(a.health().status, StoreStatus.Closed);
      assert.deepEqual(expectLeft(await a.nodes.list()), { kind: 'closed' });
      await a.close();
    },
  ],
  [
    'a throwing event listener does not stop delivery to the others',
    async (f) => {
      const a = await f.open();
      a.subscribe(() => {
        throw new Error('listener bug');
      });
      const log = new EventLog(a);
      expectRight(await a.nodes.register({ id: 'n1', address: 'ws://n1' }));
      await log.waitFor((e) => e.type === 'node', 'event after a throwing listener');
      log.close();
    },
  ],
];

/**
 * The contract every {@link ClusterStore} implementation passes. Framework-agnostic: each
 * case's `run` rejects on failure, so host it as `for (const c of cases) it(c.name, c.run)`.
 */
export function clusterStoreContract(factory: StoreFixtureFactory): ContractCase[] {
  return asCases([...storeCases, ...membershipCases, ...serverCases, ...sessionCases, ...regionMapCases], factory);
}

/** Wraps bodies as contract cases with a fresh fixture each. */
function asCases(bodies: NamedBodies, factory: StoreFixtureFactory): ContractCase[] {
  return bodies.map(([name, body]) => ({
    name,
    run: async () => {
      const fixture = await factory();
      try {
        await body(fixture);
      } finally {
        await fixture.cleanup();
      }
    },
  }));
}
