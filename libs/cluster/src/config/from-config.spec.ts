import * as E from 'fp-ts/lib/Either.js';
import { MemoryBackend } from '../memory/memory-backend';
import { deleteKeys, randomPrefix, expectRight, testRedisUrl } from '../testing';
import { clusterTimings, createClusterMember, createClusterStore } from './from-config';

const base = { store: 'memory' as const, heartbeat_timeout: 5, node_id: 'node-1' };

describe('createClusterStore from the [cluster] config', () => {
  it('memory by default: a working store with the configured timeout', async () => {
    const store = expectRight(await createClusterStore(base));
    expect(store.kind).toBe('memory');
    expect(store.timings.heartbeatTimeoutMs).toBe(5000);
    await store.close();
  });

  it('derives intervals from seconds, with defaults', () => {
    expect(clusterTimings(base)).toEqual({ heartbeatTimeoutMs: 5000, heartbeatIntervalMs: 1000, resyncIntervalMs: 10_000 });
    expect(clusterTimings({ ...base, health_check_interval: 0.5, discovery_interval: 30 })).toEqual({
      heartbeatTimeoutMs: 5000,
      heartbeatIntervalMs: 500,
      resyncIntervalMs: 30_000,
    });
  });

  it('refuses a redis store without redis_url, and an interval not below the timeout', async () => {
    const missing = await createClusterStore({ ...base, store: 'redis' });
    expect(E.isLeft(missing) && missing.left.kind).toBe('invalid');
    const slow = await createClusterStore({ ...base, health_check_interval: 5 });
    expect(E.isLeft(slow) && slow.left.kind).toBe('invalid');
  });

  it('an unreachable Redis is an unavailable error after the ready timeout, not a throw', async () => {
    const result = await createClusterStore({ ...base, store: 'redis', redis_url: 'redis://127.0.0.1:1' }, { readyTimeoutMs: 200 });
    expect(E.isLeft(result) && result.left.kind).toBe('unavailable');
  });

  it('connects to Redis and runs a member named by node_id', async () => {
    const prefix = randomPrefix('config');
    const store = expectRight(await createClusterStore({ ...base, store: 'redis', redis_url: testRedisUrl(), key_prefix: prefix }));
    expect(store.kind).toBe('redis');
    const member = createClusterMember(store, base, { address: 'ws://10.0.0.1:8080' });
    expectRight(await member.start());
    expect(member.view.node('node-1')?.address).toBe('ws://10.0.0.1:8080');
    await member.stop();
    await store.close();
    await deleteKeys(testRedisUrl(), prefix);
  });

  it('several in-process nodes can share one memory backend', async () => {
    const memoryBackend = new MemoryBackend();
    const a = expectRight(await createClusterStore(base, { memoryBackend }));
    const b = expectRight(await createClusterStore({ ...base, node_id: 'node-2' }, { memoryBackend }));
    expectRight(await a.nodes.register({ id: 'node-1', address: 'x' }));
    expect(expectRight(await b.nodes.list()).map((n) => n.id)).toEqual(['node-1']);
  });
});
