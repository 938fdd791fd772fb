/** @atlas/cluster/testing: the store contract, fixtures, a private redis-server and node child processes for other projects' tests. */
export { clusterStoreContract } from './contract';
export type { ContractCase, StoreFixture, StoreFixtureFactory } from './contract-helpers';
export { EventLog, FAST_TIMINGS, box, expectLeft, expectRight, gameServerInfo, serverReg, sleep } from './contract-helpers';
export { deleteKeys, memoryStoreFixture, openRedisStore, randomPrefix, redisStoreFixture, testRedisUrl } from './fixtures';
export { freePort, startRedisServer } from './redis-server';
export type { PrivateRedis, PrivateRedisOptions } from './redis-server';
export { MemberLog, eventually } from './member-helpers';
export { spawnNodeScript } from './node-process';
export type { NodeChild, NodeChildOptions } from './node-process';
