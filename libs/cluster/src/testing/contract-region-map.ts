import assert from 'node:assert/strict';
import { EMPTY_REGION_MAP } from '../model/region-map';
import type { NamedBodies } from './contract-helpers';
import { box, expectLeft, expectRight, serverReg, twoStores } from './contract-helpers';

const WHOLE = box(0, 0, 0, 200, 100, 10);
const WEST = box(0, 0, 0, 100, 100, 10);
const EAST = box(100, 0, 0, 200, 100, 10);

/** Region map cases of the store contract. */
export const regionMapCases: NamedBodies = [
  [
    'region map: version 0 at first; commits only from the lease holder at the expected version, seen by every store',
    async (f) => {
      const { a, b, log } = await twoStores(f);
      assert.deepEqual(expectRight(await a.regionMap.get()), EMPTY_REGION_MAP);
      const grant = expectRight(await a.leases.acquire('rebalance', 'node-a', 5_000));
      const first = expectRight(await a.regionMap.commit(0, { regions: { old: WEST }, reserved: { fresh: EAST } }, grant));
      assert.deepEqual(first, { version: 1, regions: { old: WEST }, reserved: { fresh: EAST } });
      assert.deepEqual(expectRight(await b.regionMap.get()), first);
      await log.waitFor((e) => e.type === 'map' && e.map.version === 1, 'map event');
      // A stale version, a deposed holder and an unknown token are all refused; the map stays.
      assert.deepEqual(expectLeft(await a.regionMap.commit(0, { regions: {}, reserved: {} }, grant)), { kind: 'map_conflict', expected: 0, actual: 1 });
      assert.deepEqual(expectLeft(await b.regionMap.commit(1, { regions: {}, reserved: {} }, { ...grant, token: grant.token + 1 })), { kind: 'lease_lost', name: 'rebalance' });
      expectRight(await a.leases.release(grant));
      assert.deepEqual(expectLeft(await a.regionMap.commit(1, { regions: {}, reserved: {} }, grant)), { kind: 'lease_lost', name: 'rebalance' });
      const next = expectRight(await b.leases.acquire('rebalance', 'node-b', 5_000));
      const second = expectRight(await b.regionMap.commit(1, { regions: { old: WEST, fresh: null }, reserved: {} }, next));
      assert.deepEqual(expectRight(await a.regionMap.get()), second);
      assert.equal(second.version, 2);
      assert.equal(expectLeft(await b.regionMap.commit(2, { regions: { bad: box(5, 0, 0, 1, 1, 1) }, reserved: {} }, next)).kind, 'invalid');
      log.close();
    },
  ],
  [
    'region map: a lost version is restored by the lease holder only, and never over a newer one',
    async (f) => {
      const a = await f.open();
      const grant = expectRight(await a.leases.acquire('rebalance', 'node-a', 5_000));
      const lost = { version: 7, regions: { old: WEST, fresh: EAST }, reserved: {} };
      assert.deepEqual(expectLeft(await a.regionMap.restore(lost, { ...grant, token: grant.token + 1 })), { kind: 'lease_lost', name: 'rebalance' });
      assert.deepEqual(expectRight(await a.regionMap.restore(lost, grant)), lost);
      assert.deepEqual(expectRight(await a.regionMap.get()), lost);
      assert.deepEqual(expectLeft(await a.regionMap.restore({ ...lost, version: 7 }, grant)), { kind: 'map_conflict', expected: 6, actual: 7 });
      assert.equal(expectRight(await a.regionMap.commit(7, { regions: {}, reserved: {} }, grant)).version, 8);
    },
  ],
  [
    'region map: a reserved server registers over its old owner; others are checked against what the map assigns',
    async (f) => {
      const a = await f.open();
      expectRight(await a.servers.register(serverReg('old', WHOLE)));
      assert.equal(expectLeft(await a.servers.register({ ...serverReg('fresh', EAST), name: 'fresh' })).kind, 'region_conflict');
      const grant = expectRight(await a.leases.acquire('rebalance', 'node-a', 5_000));
      expectRight(await a.regionMap.commit(0, { regions: {}, reserved: { fresh: EAST } }, grant));
      expectRight(await a.servers.register({ ...serverReg('fresh', EAST), name: 'fresh' }));
      // The switch: old keeps the west half only, so a stranger may not take the east but may take beyond.
      expectRight(await a.regionMap.commit(1, { regions: { old: WEST, fresh: EAST }, reserved: {} }, grant));
      assert.deepEqual(expectLeft(await a.servers.register(serverReg('stranger', box(150, 0, 0, 250, 100, 10)))), {
        kind: 'region_conflict',
        serverId: 'stranger',
        conflictsWith: 'fresh',
      });
      expectRight(await a.servers.register(serverReg('beyond', box(200, 0, 0, 300, 100, 10))));
      // old re-registering its whole former region is not refused: the map says what it owns.
      expectRight(await a.servers.register(serverReg('old', WHOLE)));
      assert.equal(expectRight(await a.servers.list()).length, 3);
    },
  ],
];
