import assert from 'node:assert/strict';
import { NodeStatus } from '../model/node';
import { EventLog, FAST_TIMINGS, expectLeft, nodeEvent, expectRight, sleep, twoStores, type NamedBodies } from './contract-helpers';

/** Membership cases of the store contract. */
export const membershipCases: NamedBodies = [
  [
    'registers a node that every store lists and is told about',
    async (f) => {
      const { a, b, log } = await twoStores(f);
      const info = expectRight(await a.nodes.register({ id: 'n1', address: 'ws://n1:8080', metadata: { zone: 'eu' } }));
      assert.equal(info.status, NodeStatus.Starting);
      assert.equal(info.connections, 0);
      await log.waitFor(nodeEvent('joined', 'n1'), 'node joined');
      const listed = expectRight(await b.nodes.list());
      assert.deepEqual(listed.map((n) => n.id), ['n1']);
      assert.deepEqual(listed[0]?.metadata, { zone: 'eu' });
      assert.equal(listed[0]?.lastHeartbeat, info.lastHeartbeat);
      assert.deepEqual(expectRight(await b.nodes.get('n1')), info);
      assert.equal(expectRight(await b.nodes.get('nobody')), null);
      log.close();
    },
  ],
  [
    'heartbeats refresh load exactly, keep or change the status, and are pushed',
    async (f) => {
      const a = await f.open();
      const log = new EventLog(a);
      expectRight(await a.nodes.register({ id: 'n1', address: 'ws://n1', status: 'active' }));
      const load = 0.1 + 0.2; // not representable in 14 digits: must round-trip exactly
      expectRight(await a.nodes.heartbeat('n1', { connections: 42, load }));
      let node = expectRight(await a.nodes.get('n1'));
      assert.equal(node?.load, load);
      assert.equal(node?.connections, 42);
      assert.equal(node?.status, NodeStatus.Active);
      expectRight(await a.nodes.heartbeat('n1', { connections: 1, load: 0, status: 'draining' }));
      node = expectRight(await a.nodes.get('n1'));
      assert.equal(node?.status, NodeStatus.Draining);
      await log.waitFor((e) => e.type === 'node' && e.change === 'updated' && e.node.connections === 42, 'heartbeat push');
      const missing = expectLeft(await a.nodes.heartbeat('ghost', { connections: 0, load: 0 }));
      assert.deepEqual(missing, { kind: 'not_found', entity: 'node', id: 'ghost', reason: 'missing' });
      log.close();
    },
  ],
  [
    'leave removes the node and pushes it as stopped',
    async (f) => {
      const { a, b, log } = await twoStores(f);
      expectRight(await a.nodes.register({ id: 'n1', address: 'ws://n1', status: 'active', connections: 3 }));
      assert.equal(expectRight(await a.nodes.leave('n1')), true);
      const event = await log.waitFor(nodeEvent('left', 'n1'), 'node left');
      assert.equal(event.type === 'node' && event.node.status, NodeStatus.Stopped);
      assert.equal(expectRight(await b.nodes.get('n1')), null);
      assert.equal(expectRight(await a.nodes.leave('n1')), false);
      log.close();
    },
  ],
  [
    'refuses invalid registrations and heartbeats with typed errors',
    async (f) => {
      const a = await f.open();
      assert.equal(expectLeft(await a.nodes.register({ id: '', address: 'x' })).kind, 'invalid');
      assert.equal(expectLeft(await a.nodes.register({ id: 'n', address: 'x', connections: -1 })).kind, 'invalid');
      assert.equal(expectLeft(await a.nodes.register({ id: 'n', address: 'x', load: Number.NaN })).kind, 'invalid');
      assert.equal(expectLeft(await a.nodes.register({ id: 'n', address: 'x', status: 'failed' as never })).kind, 'invalid');
      expectRight(await a.nodes.register({ id: 'n', address: 'x' }));
      assert.equal(expectLeft(await a.nodes.heartbeat('n', { connections: 1.5, load: 0 })).kind, 'invalid');
      assert.equal(expectRight(await a.nodes.list()).length, 1);
    },
  ],
  [
    'the sweep marks a silent node failed once, then removes it after retention',
    async (f) => {
      const { a, b, log } = await twoStores(f, FAST_TIMINGS);
      expectRight(await a.nodes.register({ id: 'quiet', address: 'ws://q', status: 'active' }));
      expectRight(await a.nodes.register({ id: 'alive', address: 'ws://a', status: 'active' }));
      assert.deepEqual(expectRight(await a.sweep()).failedNodes, []);
      await sleep(160);
      expectRight(await a.nodes.heartbeat('alive', { connections: 0, load: 0 }));
      const [first, second] = await Promise.all([a.sweep(), b.sweep()]);
      const failed = [...expectRight(first).failedNodes, ...expectRight(second).failedNodes];
      assert.deepEqual(failed, ['quiet'], 'racing sweeps report the failure exactly once');
      await log.waitFor(nodeEvent('failed', 'quiet'), 'node failed');
      assert.equal(expectRight(await b.nodes.get('quiet'))?.status, NodeStatus.Failed);
      assert.equal(expectRight(await b.nodes.get('alive'))?.status, NodeStatus.Active);
      assert.deepEqual(expectLeft(await a.nodes.heartbeat('quiet', { connections: 0, load: 0 })), {
        kind: 'not_found',
        entity: 'node',
        id: 'quiet',
        reason: 'failed',
      });
      await sleep(300);
      const later = expectRight(await a.sweep());
      assert.ok(later.removedNodes.includes('quiet'));
      await log.waitFor(nodeEvent('removed', 'quiet'), 'node removed');
      assert.equal(expectRight(await b.nodes.get('quiet')), null);
      assert.equal(log.count(nodeEvent('failed', 'quiet')), 1);
      log.close();
    },
  ],
  [
    'a sweep on behalf of a node that does not look alive itself (it ran late) judges nobody',
    async (f) => {
      const a = await f.open(FAST_TIMINGS);
      expectRight(await a.nodes.register({ id: 'sweeper', address: 'ws://s', status: 'active' }));
      expectRight(await a.nodes.register({ id: 'quiet', address: 'ws://q', status: 'active' }));
      await sleep(160);
      assert.deepEqual(expectRight(await a.sweep('sweeper')).failedNodes, [], 'the sweeper itself is silent: a late sweep');
      assert.deepEqual(expectRight(await a.sweep('stranger')).failedNodes, [], 'an unknown sweeper');
      expectRight(await a.nodes.heartbeat('sweeper', { connections: 0, load: 0 }));
      assert.deepEqual(expectRight(await a.sweep('sweeper')).failedNodes, ['quiet']);
    },
  ],
  [
    'a failed node that registers again has joined again',
    async (f) => {
      const a = await f.open(FAST_TIMINGS);
      const log = new EventLog(a);
      expectRight(await a.nodes.register({ id: 'n1', address: 'ws://n1' }));
      await sleep(160);
      expectRight(await a.sweep());
      expectRight(await a.nodes.register({ id: 'n1', address: 'ws://n1', status: 'active' }));
      await log.waitFor((e) => nodeEvent('joined', 'n1')(e) && e.type === 'node' && e.node.status === 'active', 'rejoin');
      assert.equal(log.count(nodeEvent('joined', 'n1')), 2);
      assert.equal(expectRight(await a.nodes.get('n1'))?.status, NodeStatus.Active);
      log.close();
    },
  ],
];

