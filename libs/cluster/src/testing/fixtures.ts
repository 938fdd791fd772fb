import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { Redis } from 'ioredis';
import { MemoryBackend } from '../memory/memory-backend';
import { describeClusterError } from '../model/errors';
import { createRedisStore, type RedisStoreOptions } from '../redis/redis-store';
import { clusterKeys } from '../redis/keys';
import type { ClusterStore } from '../store/cluster-store';
import type { StoreFixture, StoreFixtureFactory } from './contract-helpers';

/** The Redis the tests use: `REDIS_URL`, default `redis://127.0.0.1:6379`. */
export function testRedisUrl(): string {
  return process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
}

/** A key prefix no other run uses. */
export function randomPrefix(label = 'test'): string {
  return `atlas-${label}-${randomBytes(6).toString('hex')}`;
}

/** Fresh in-memory backends: every `open()` is another store on the same backend. */
export function memoryStoreFixture(): StoreFixtureFactory {
  return async () => {
    const backend = new MemoryBackend();
    const stores: ClusterStore[] = [];
    return {
      open: async (timings = {}) => {
        const store = backend.createStore(timings);
        stores.push(store);
        return store;
      },
      cleanup: async () => {
        await Promise.all(stores.map((s) => s.close()));
      },
    };
  };
}

/**
 * Opens a Redis store and waits until it is ready; an unreachable Redis throws (tests that
 * need Redis fail, never skip).
 */
export async function openRedisStore(options: RedisStoreOptions, readyTimeoutMs = 3000): Promise<ClusterStore> {
  const created = createRedisStore(options);
  if (E.isLeft(created)) throw new Error(describeClusterError(created.left));
  const ready = await created.right.ready(readyTimeoutMs);
  if (E.isLeft(ready)) {
    await created.right.close();
    throw new Error(`Redis at ${options.url} is required and not reachable: ${describeClusterError(ready.left)}`);
  }
  return created.right;
}

/** Deletes every key of a prefix (SCAN + UNLINK); returns how many. Throws when Redis is unreachable. */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  const keys = clusterKeys(prefix);
  if (E.isLeft(keys)) throw new Error(describeClusterError(keys.left));
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  let deleted = 0;
  try {
    await client.connect().catch((error: unknown) => {
      throw new Error(`cannot delete keys of ${prefix}: Redis at ${url} unreachable (${String(error)})`);
    });
    for (const pattern of keys.right.patterns) {
      let cursor = '0';
      do {
        const [next, found] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        if (found.length > 0) deleted += await client.unlink(...found);
      } while (cursor !== '0');
    }
  } finally {
    client.disconnect();
  }
  return deleted;
}

/** Each case gets its own random prefix on `url`; cleanup closes the stores and deletes the keys. */
export function redisStoreFixture(url = testRedisUrl(), extra: Partial<RedisStoreOptions> = {}): StoreFixtureFactory {
  return async (): Promise<StoreFixture> => {
    const keyPrefix = randomPrefix();
    const stores: ClusterStore[] = [];
    return {
      open: async (timings = {}) => {
        const store = await openRedisStore({ url, keyPrefix, commandTimeoutMs: 2000, ...extra, ...timings });
        stores.push(store);
        return store;
      },
      cleanup: async () => {
        await Promise.all(stores.map((s) => s.close()));
        // Nothing was written if no store ever connected; keep the test's own error visible.
        if (stores.length > 0) await deleteKeys(url, keyPrefix);
      },
    };
  };
}
