import assert from 'node:assert/strict';
import type { NamedBodies } from './contract-helpers';
import { EventLog, expectLeft, expectRight, sleep } from './contract-helpers';

const TTL = 5_000;

/** Session directory and lease cases of the store contract. */
export const sessionCases: NamedBodies = [
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
    'writing back the record as the store returned it extends its life; once taken over it is refused',
    async (f) => {
      const a = await f.open();
      const b = await f.open();
      const { session } = expectRight(await a.sessions.claim({ playerId: 'p1', nodeId: 'node-a', serverId: 's1' }, { policy: 'refuse', ttlMs: 150 }));
      let held = session;
      for (let i = 0; i < 4; i++) {
        await sleep(75);
        const kept = expectRight(await a.sessions.update(held, 150));
        // What the store hands back for the record it holds is that record: no copy per refresh.
        assert.equal(kept, held);
        held = kept;
      }
      // 300 ms after a claim of 150 ms: alive only because each write-back extended it.
      assert.deepEqual(expectRight(await b.sessions.get('p1')), session);
      expectRight(await b.sessions.claim({ playerId: 'p1', nodeId: 'node-b' }, { policy: 'takeover', ttlMs: TTL }));
      assert.equal(expectLeft(await a.sessions.update(held, TTL)).kind, 'not_holder');
      assert.equal(expectRight(await a.sessions.get('p1'))?.nodeId, 'node-b');
      // Expired, the same record is not brought back.
      const { session: short } = expectRight(await a.sessions.claim({ playerId: 'p2', nodeId: 'node-a' }, { policy: 'refuse', ttlMs: 60 }));
      await sleep(120);
      assert.equal(expectLeft(await a.sessions.update(short, TTL)).kind, 'not_found');
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
  [
    'redeems a resume ticket once, only for a disconnected session or a failed holder, atomically',
    async (f) => {
      const a = await f.open();
      const b = await f.open();
      const claim = { playerId: 'rt', nodeId: 'node-a', ticketId: 'tid-1', position: { x: 1, y: 2, z: 3 }, lastClientSeq: 7 };
      const { session } = expectRight(await a.sessions.claim(claim, { policy: 'refuse', ttlMs: TTL }));
      // Live on a running node: a ticket alone does not take it over, and is not consumed.
      assert.deepEqual(expectRight(await b.sessions.redeemTicket('rt', 'tid-1', 'node-b', [])), { kind: 'live', nodeId: 'node-a' });
      // Unless the holder is known to have failed.
      assert.equal(expectRight(await b.sessions.redeemTicket('rt', 'tid-1', 'node-b', ['node-a'])).kind, 'redeemed');
      // Consumed: a second try waits on the redeemer (live), which may still be welcoming the client.
      assert.deepEqual(expectRight(await a.sessions.redeemTicket('rt', 'tid-1', 'node-a', ['node-a'])), { kind: 'live', nodeId: 'node-b' });
      // A disconnected session: two redemptions race, exactly one wins; the record is kept without its ticket.
      expectRight(await a.sessions.claim({ ...claim, ticketId: 'tid-2' }, { policy: 'takeover', ttlMs: TTL }));
      const held = expectRight(await a.sessions.get('rt'));
      assert.ok(held !== null);
      expectRight(await a.sessions.update({ ...held, disconnectedAt: held.updatedAt + 1 }, TTL));
      const racers = await Promise.all([a.sessions.redeemTicket('rt', 'tid-2', 'node-a', []), b.sessions.redeemTicket('rt', 'tid-2', 'node-b', [])]);
      // The loser waits on the winner (live), which is welcoming the client with the next ticket.
      const kinds = racers.map((r) => expectRight(r).kind).sort();
      assert.deepEqual(kinds, ['live', 'redeemed']);
      const won = racers.map((r) => expectRight(r)).find((r) => r.kind === 'redeemed');
      assert.ok(won !== undefined && won.kind === 'redeemed');
      assert.equal(won.session.lastClientSeq, 7);
      assert.deepEqual(won.session.position, session.position);
      assert.equal(expectRight(await b.sessions.get('rt'))?.ticketId, null);
      // Another ticket, and a player with no record.
      assert.deepEqual(expectRight(await b.sessions.redeemTicket('rt', 'tid-9', 'node-b', [])), { kind: 'used' });
      assert.deepEqual(expectRight(await b.sessions.redeemTicket('nobody', 'tid-1', 'node-b', [])), { kind: 'missing' });
    },
  ],
  [
    'takes a redeemed ticket once more only when the node that redeemed it died before the client got its Welcome',
    async (f) => {
      const a = await f.open();
      const b = await f.open();
      const claim = { playerId: 'sp', nodeId: 'node-a', ticketId: 'tid-1', position: { x: 1, y: 2, z: 3 }, lastClientSeq: 7 };
      expectRight(await a.sessions.claim(claim, { policy: 'refuse', ttlMs: TTL }));
      // node-a died; node-b redeems the client's ticket and dies before it claims (the record still names node-a).
      assert.equal(expectRight(await b.sessions.redeemTicket('sp', 'tid-1', 'node-b', ['node-a'])).kind, 'redeemed');
      assert.deepEqual(expectRight(await a.sessions.redeemTicket('sp', 'tid-1', 'node-c', ['node-a'])), { kind: 'live', nodeId: 'node-b' }, 'node-b may be alive: retry');
      const again = expectRight(await a.sessions.redeemTicket('sp', 'tid-1', 'node-c', ['node-a', 'node-b']));
      assert.equal(again.kind, 'redeemed', 'node-b died: the client still holds tid-1');
      assert.ok(again.kind === 'redeemed' && again.session.lastClientSeq === 7 && again.session.spentBy === 'node-b');
      // node-c claims with the next ticket; the client never gets it.
      expectRight(await b.sessions.claim({ ...claim, nodeId: 'node-c', ticketId: 'tid-2', spentTicketId: 'tid-1' }, { policy: 'takeover', ttlMs: TTL }));
      const claimed = expectRight(await b.sessions.get('sp'));
      assert.ok(claimed !== null && claimed.spentTicketId === 'tid-1' && claimed.spentBy === 'node-c' && claimed.ticketId === 'tid-2');
      assert.deepEqual(expectRight(await a.sessions.redeemTicket('sp', 'tid-1', 'node-d', ['node-a', 'node-b'])), { kind: 'live', nodeId: 'node-c' }, 'node-c may be alive');
      // node-c lost the client before it confirmed the new ticket (the socket closed): tid-1 again, node-c alive.
      expectRight(await b.sessions.update({ ...claimed, disconnectedAt: claimed.updatedAt + 1 }, TTL));
      assert.equal(expectRight(await a.sessions.redeemTicket('sp', 'tid-1', 'node-d', [])).kind, 'redeemed');
      // The new ticket was never delivered; the one it replaced is now tid-1 by node-d: tid-2 is used.
      assert.deepEqual(expectRight(await a.sessions.redeemTicket('sp', 'tid-2', 'node-e', ['node-c', 'node-d'])), { kind: 'used' });
      const last = expectRight(await a.sessions.get('sp'));
      assert.ok(last !== null && last.ticketId === null && last.spentTicketId === 'tid-1' && last.spentBy === 'node-d' && last.lastClientSeq === 7);
    },
  ],
  [
    'gives a redeemed ticket back when the resume never claimed the session, for any node to redeem',
    async (f) => {
      const a = await f.open();
      const b = await f.open();
      const claim = { playerId: 'gb', nodeId: 'node-a', ticketId: 'tid-1', position: { x: 1, y: 2, z: 3 }, lastClientSeq: 7 };
      expectRight(await a.sessions.claim(claim, { policy: 'refuse', ttlMs: TTL }));
      // node-a is alive and holds the record, not disconnected: node-b redeems only because node-a counts as failed.
      assert.equal(expectRight(await b.sessions.redeemTicket('gb', 'tid-1', 'node-b', ['node-a'])).kind, 'redeemed');
      // The client's socket closed before node-b claimed: until node-b gives the ticket back, the client is told to wait.
      assert.deepEqual(expectRight(await a.sessions.redeemTicket('gb', 'tid-1', 'node-c', [])), { kind: 'live', nodeId: 'node-b' });
      assert.equal(expectRight(await a.sessions.returnTicket('gb', 'tid-1', 'node-c', 1000)), false, 'only the redeemer gives it back');
      assert.equal(expectRight(await a.sessions.returnTicket('gb', 'tid-9', 'node-b', 1000)), false, 'only the ticket it redeemed');
      assert.equal(expectRight(await b.sessions.returnTicket('gb', 'tid-1', 'node-b', 1000)), true);
      const back = expectRight(await a.sessions.get('gb'));
      assert.ok(back !== null && back.ticketId === 'tid-1' && back.spentTicketId === undefined && back.spentBy === undefined && back.nodeId === 'node-a');
      assert.equal(back.disconnectedAt, 1000, 'marked disconnected: the session has no socket anywhere');
      assert.equal(back.lastClientSeq, 7);
      assert.equal(expectRight(await b.sessions.returnTicket('gb', 'tid-1', 'node-b', 2000)), false, 'once');
      // Any node redeems it now, no failed node needed; a redeemer that then claimed keeps it (its park covers a lost socket).
      assert.equal(expectRight(await a.sessions.redeemTicket('gb', 'tid-1', 'node-c', [])).kind, 'redeemed');
      expectRight(await a.sessions.claim({ ...claim, nodeId: 'node-c', ticketId: 'tid-2', spentTicketId: 'tid-1' }, { policy: 'takeover', ttlMs: TTL }));
      assert.equal(expectRight(await a.sessions.returnTicket('gb', 'tid-1', 'node-c', 3000)), false);
      assert.equal(expectRight(await a.sessions.get('gb'))?.ticketId, 'tid-2');
      assert.equal(expectRight(await a.sessions.returnTicket('nobody', 'tid-1', 'node-c', 3000)), false);
    },
  ],
];
