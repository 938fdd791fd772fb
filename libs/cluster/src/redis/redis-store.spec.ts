import * as E from 'fp-ts/lib/Either.js';
import { Redis } from 'ioredis';
import type { ClusterEvent } from '../model/events';
import { deleteKeys, eventually, randomPrefix, expectRight, sleep, testRedisUrl } from '../testing';
import { createRedisStore, type RedisStore } from './redis-store';

const url = testRedisUrl();

async function open(prefix: string, onError?: (error: unknown) => void): Promise<RedisStore> {
  const created = createRedisStore({ url, keyPrefix: prefix, onError });
  if (E.isLeft(created)) throw new Error('bad options');
  expectRight(await created.right.ready(3000), `Redis at ${url} is required`);
  return created.right;
}

describe('RedisStore specifics', () => {
  it('drops and reports garbage published on its channel; listeners never see it', async () => {
    const prefix = randomPrefix('chan');
    const errors: unknown[] = [];
    const store = await open(prefix, (error) => errors.push(error));
    const seen: ClusterEvent[] = [];
    store.subscribe((event) => seen.push(event));
    const publisher = new Redis(url);
    try {
      await publisher.publish(store.keys.channel, 'not json');
      await publisher.publish(store.keys.channel, JSON.stringify({ type: 'node', change: 'exploded' }));
      await eventually(() => errors.length === 2, 'both reported');
      expectRight(await store.nodes.register({ id: 'n1', address: 'x' }));
      await eventually(() => seen.length === 1, 'the real event arrives');
    } finally {
      publisher.disconnect();
      await store.close();
      await deleteKeys(url, prefix);
    }
  });

  it('clusters with different key prefixes do not see each other', async () => {
    const [p1, p2] = [randomPrefix('iso'), randomPrefix('iso')];
    const a = await open(p1);
    const b = await open(p2);
    const seen: ClusterEvent[] = [];
    b.subscribe((event) => seen.push(event));
    expectRight(await a.nodes.register({ id: 'n1', address: 'x' }));
    expectRight(await a.servers.register({ id: 's', name: 's', address: 'x', region: null, capacity: 1, version: '1', nodeId: 'n1' }));
    await sleep(50);
    expect(seen).toEqual([]);
    expect(expectRight(await b.nodes.list())).toEqual([]);
    await Promise.all([a.close(), b.close()]);
    await Promise.all([deleteKeys(url, p1), deleteKeys(url, p2)]);
  });

  it('sets a whole-key TTL on the registry, so an abandoned cluster expires', async () => {
    const prefix = randomPrefix('ttl');
    const store = await open(prefix);
    expectRight(await store.nodes.register({ id: 'n1', address: 'x' }));
    const ttl = await (store.client as Redis).pttl(store.keys.nodes.rec);
    expect(ttl).toBeGreaterThan(3_000_000);
    await store.close();
    await deleteKeys(url, prefix);
  });
});
