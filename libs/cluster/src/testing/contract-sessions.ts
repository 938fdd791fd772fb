import assert from 'node:assert/strict';
import type { StoreFixture } from './contract-helpers';
import { EventLog, expectLeft, expectRight, sleep } from './contract-helpers';

type Body = (fixture: StoreFixture) => Promise<void>;
const TTL = 5_000;

/** Session directory and lease cases of the store contract. */
export const sessionCases: ReadonlyArray<readonly [string, Body]> = [
  [
    'claims a session and reads it back from any store',
    async (f) => {
      const a = await f.open();
      const b = await f.open();
      const claim = { playerId: 'p1', nodeId: 'node-a', serverId: 's1', ticketId: 't-1', position: { x: 1.5, y: 2, z: -3 }, lastClientSeq: 41 };
      const result = expectRight(await a.sessions.claim(claim, { policy: 'refuse', ttlMs: TTL }));
      assert.equal(result.previous, null);
      assert.deepEqual(expectRight(await b.sessions.get('p1')), result.session);
      assert.equal(result.session.position?.x, 1.5);
      assert.equal(result.session.lastClientSeq, 41);
      // Without one, the last forwarded client seq reads as 0.
      assert.equal(expectRight(await a.sessions.claim({ playerId: 'p0', nodeId: 'node-a' }, { policy: 'refuse', ttlMs: TTL })).session.lastClientSeq, 0);
      assert.equal(expectRight(await b.sessions.get('p0'))?.lastClientSeq, 0);
      assert.equal(expectLeft(await a.sessions.claim({ ...claim, playerId: 'p9', lastClientSeq: -1 }, { policy: 'refuse', ttlMs: TTL })).kind, 'invalid');
      // The holder may claim again (a reconnect to the same node): no conflict, previous is its own record.
      const again = expectRight(await a.sessions.claim(claim, { policy: 'refuse', ttlMs: TTL }));
      assert.equal(again.previous?.nodeId, 'node-a');
      assert.equal(expectRight(await b.sessions.get('nobody')), null);
    },
  ],
  [
    'a second login elsewhere is refused, or takes over and tells the old node',
    async (f) => {
      const a = await f.open();
      const b = await f.open();
      const log = new EventLog(a);
      expectRight(await a.sessions.claim({ playerId: 'p1', nodeId: 'node-a' }, { policy: 'refuse', ttlMs: TTL }));
      const refused = expectLeft(await b.sessions.claim({ playerId: 'p1', nodeId: 'node-b' }, { policy: 'refuse', ttlMs: TTL }));
      assert.deepEqual(refused, { kind: 'session_conflict', playerId: 'p1', holderNodeId: 'node-a' });
      const taken = expectRight(await b.sessions.claim({ playerId: 'p1', nodeId: 'node-b' }, { policy: 'takeover', ttlMs: TTL }));
      assert.equal(taken.previous?.nodeId, 'node-a');
      const event = await log.waitFor((e) => e.type === 'session' && e.playerId === 'p1', 'taken_over');
      assert.deepEqual(event, { type: 'session', change: 'taken_over', playerId: 'p1', previousNodeId: 'node-a', nodeId: 'node-b' });
      assert.equal(expectRight(await a.sessions.get('p1'))?.nodeId, 'node-b');
      // A holder known dead is overridden even under refuse.
      expectRight(await a.sessions.claim({ playerId: 'p1', nodeId: 'node-c' }, { policy: 'refuse', ttlMs: TTL, staleNodeIds: ['node-b'] }));
      assert.equal(expectRight(await a.sessions.get('p1'))?.nodeId, 'node-c');
      log.close();
    },
  ],
  [
    'only the holder may update or release a session; sessions expire',
    async (f) => {
      const a = await f.open();
      const { session } = expectRight(await a.sessions.claim({ playerId: 'p1', nodeId: 'node-a' }, { policy: 'refuse', ttlMs: TTL }));
      const moved = { ...session, serverId: 's2', position: { x: 9, y: 8, z: 7 }, lastClientSeq: 0xffffffff, updatedAt: session.updatedAt + 1 };
      assert.deepEqual(expectRight(await a.sessions.update(moved, TTL)), moved);
      assert.deepEqual(expectRight(await a.sessions.get('p1')), moved);
      assert.deepEqual(expectLeft(await a.sessions.update({ ...moved, nodeId: 'node-b' }, TTL)), {
        kind: 'not_holder',
        entity: 'session',
        id: 'p1',
        holder: 'node-a',
      });
      assert.equal(expectLeft(await a.sessions.update({ ...moved, playerId: 'ghost' }, TTL)).kind, 'not_found');
      assert.equal(expectRight(await a.sessions.release('p1', 'node-b')), false);
      assert.equal(expectRight(await a.sessions.release('p1', 'node-a')), true);
      assert.equal(expectRight(await a.sessions.get('p1')), null);
      expectRight(await a.sessions.claim({ playerId: 'p2', nodeId: 'node-a' }, { policy: 'refuse', ttlMs: 60 }));
      await sleep(120);
      assert.equal(expectRight(await a.sessions.get('p2')), null);
      expectRight(await a.sessions.claim({ playerId: 'p2', nodeId: 'node-b' }, { policy: 'refuse', ttlMs: TTL }));
      assert.equal(expectLeft(await a.sessions.claim({ playerId: 'p3', nodeId: 'node-a' }, { policy: 'refuse', ttlMs: 0 })).kind, 'invalid');
      assert.equal(expectLeft(await a.sessions.claim({ playerId: '', nodeId: 'node-a' }, { policy: 'refuse', ttlMs: TTL })).kind, 'invalid');
    },
  ],
  [
    'racing logins of one player on two nodes: exactly one is live, every time',
    async (f) => {
      const a = await f.open();
      const b = await f.open();
      for (let round = 0; round < 50; round += 1) {
        const playerId = `racer-${round}`;
        const results = await Promise.all([
          a.sessions.claim({ playerId, nodeId: 'node-a' }, { policy: 'refuse', ttlMs: TTL }),
          b.sessions.claim({ playerId, nodeId: 'node-b' }, { policy: 'refuse', ttlMs: TTL }),
        ]);
        const winners = results.filter((r) => r._tag === 'Right');
        assert.equal(winners.length, 1, `round ${round}`);
        const holder = expectRight(await a.sessions.get(playerId))?.nodeId;
        assert.equal(winners[0]?._tag === 'Right' && winners[0].right.session.nodeId, holder);
      }
    },
  ],
  [
    'leases: one holder at a time, fencing tokens only grow, release and renew only by the holder',
    async (f) => {
      const a = await f.open();
      const b = await f.open();
      const grant = expectRight(await a.leases.acquire('split', 'node-a', 5_000));
      assert.deepEqual(expectLeft(await b.leases.acquire('split', 'node-b', 5_000)), { kind: 'lease_held', name: 'split', holder: 'node-a' });
      assert.equal(expectLeft(await a.leases.acquire('split', 'node-a', 5_000)).kind, 'lease_held');
      assert.deepEqual(expectRight(await b.leases.current('split')), { holder: 'node-a', token: grant.token });
      expectRight(await a.leases.renew(grant));
      assert.equal(expectRight(await b.leases.release({ ...grant, holder: 'node-b' })), false);
      assert.equal(expectRight(await a.leases.release(grant)), true);
      assert.equal(expectRight(await a.leases.current('split')), null);
      const next = expectRight(await b.leases.acquire('split', 'node-b', 60));
      assert.ok(next.token > grant.token, 'fencing token grows');
      assert.deepEqual(expectLeft(await a.leases.renew(grant)), { kind: 'lease_lost', name: 'split' });
      await sleep(120);
      assert.deepEqual(expectLeft(await b.leases.renew(next)), { kind: 'lease_lost', name: 'split' });
      const third = expectRight(await a.leases.acquire('split', 'node-a', 5_000));
      assert.ok(third.token > next.token);
      const racers = await Promise.all([a.leases.acquire('race', 'node-a', 5_000), b.leases.acquire('race', 'node-b', 5_000)]);
      assert.equal(racers.filter((r) => r._tag === 'Right').length, 1);
    },
  ],
];
