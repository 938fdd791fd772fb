import * as E from 'fp-ts/lib/Either.js';
import { MemoryBackend } from '@atlas/cluster';
import { RegionMapFollower } from './region-map-follower';

describe('RegionMapFollower', () => {
  it('applies newer versions only, from pushes and reads alike', async () => {
    const store = new MemoryBackend().createStore();
    const seen: number[] = [];
    const follower = new RegionMapFollower(store.regionMap, (_previous, next) => seen.push(next.version));
    const grant = await store.leases.acquire('rebalance', 'n', 5000);
    if (E.isLeft(grant)) throw new Error('no lease');
    const v1 = await store.regionMap.commit(0, { regions: {}, reserved: {} }, grant.right);
    const v2 = await store.regionMap.commit(1, { regions: { a: null }, reserved: {} }, grant.right);
    if (E.isLeft(v1) || E.isLeft(v2)) throw new Error('no commit');
    follower.offer(v1.right);
    await follower.refresh();
    follower.offer(v1.right);
    expect(seen).toEqual([1, 2]);
    expect(follower.current()).toEqual(v2.right);
    follower.stop();
    await store.close();
  });

  it('notices a store that lost the versions it applies (restarted empty)', async () => {
    const backend = new MemoryBackend();
    const store = backend.createStore();
    const follower = new RegionMapFollower(store.regionMap, () => undefined);
    const grant = await store.leases.acquire('writer', 'n', 5000);
    if (E.isLeft(grant)) throw new Error('no lease');
    await store.regionMap.commit(0, { regions: {}, reserved: {} }, grant.right);
    await follower.refresh();
    expect(follower.storeBehind).toBe(false);
    backend.restart();
    await follower.refresh();
    expect(follower.storeBehind).toBe(true);
    expect(follower.current().version).toBe(1);
    follower.stop();
    await store.close();
  });
});
