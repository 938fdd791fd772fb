import { clusterStoreContract, memoryStoreFixture, redisStoreFixture, testRedisUrl } from './testing';

// One contract, two stores. Redis is required: an unreachable REDIS_URL fails these tests.
describe('MemoryStore contract', () => {
  for (const c of clusterStoreContract(memoryStoreFixture())) it(c.name, c.run);
});

describe(`RedisStore contract (${testRedisUrl()})`, () => {
  for (const c of clusterStoreContract(redisStoreFixture())) it(c.name, c.run);
});
