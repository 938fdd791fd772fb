import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import type { ClusterError } from '../model/errors';
import type { ClusterEvent } from '../model/events';
import { IDLE_SERVER_LOAD, type GameServerInfo } from '../model/server';
import type { ClusterStore, StoreTimings } from '../store/cluster-store';

/** Shared state the contract runs against: every `open()` is another node on the same cluster. */
export interface StoreFixture {
  open(timings?: Partial<StoreTimings>): Promise<ClusterStore>;
  /** Closes what it opened and deletes the shared state. */
  cleanup(): Promise<void>;
}

/** Makes a fresh, empty fixture per contract case. */
export type StoreFixtureFactory = () => Promise<StoreFixture>;

/** What a case does with its fresh fixture; rejects (node:assert) on failure. */
export type CaseBody = (fixture: StoreFixture) => Promise<void>;

/** The cases of one part of the contract, by name. */
export type NamedBodies = ReadonlyArray<readonly [string, CaseBody]>;

/** One named case; `run` rejects (node:assert) on failure, so any test runner can host it. */
export interface ContractCase {
  readonly name: string;
  run(): Promise<void>;
}

/** Short timings so TTL cases take a fraction of a second. */
export const FAST_TIMINGS: Partial<StoreTimings> = { heartbeatTimeoutMs: 120, serverTimeoutMs: 120, retentionMs: 250 };

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The Right value of an fp-ts Either, or an assertion failure naming the error. */
export function expectRight<T>(result: E.Either<ClusterError, T>, what = 'call'): T {
  if (E.isLeft(result)) assert.fail(`${what} failed: ${JSON.stringify(result.left)}`);
  return result.right;
}

/** The Left error of an fp-ts Either, or an assertion failure. */
export function expectLeft<T>(result: E.Either<ClusterError, T>, what = 'call'): ClusterError {
  if (E.isRight(result)) assert.fail(`${what} unexpectedly succeeded: ${JSON.stringify(result.right)}`);
  return result.left;
}

/** Two stores of one cluster (opened in order) and the log of what the second is told. */
export async function twoStores(f: StoreFixture, timings?: Partial<StoreTimings>): Promise<{ a: ClusterStore; b: ClusterStore; log: EventLog }> {
  const a = await f.open(timings);
  const b = await f.open(timings);
  return { a, b, log: new EventLog(b) };
}

/** Records the events one store receives. */
export class EventLog {
  readonly events: ClusterEvent[] = [];
  private readonly stop: () => void;

  constructor(store: ClusterStore) {
    this.stop = store.subscribe((event) => this.events.push(event));
  }

  /** Waits until an event matches (default 2 s), else fails. */
  async waitFor(predicate: (event: ClusterEvent) => boolean, what: string, timeoutMs = 2000): Promise<ClusterEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found !== undefined) return found;
      if (Date.now() > deadline) assert.fail(`no event ${what} within ${timeoutMs} ms; saw ${this.describe()}`);
      await sleep(5);
    }
  }

  /** How many events match. */
  count(predicate: (event: ClusterEvent) => boolean): number {
    return this.events.filter(predicate).length;
  }

  close(): void {
    this.stop();
  }

  private describe(): string {
    return this.events
      .map((e) => (e.type === 'node' ? `node:${e.change}:${e.node.id}` : e.type === 'server' ? `server:${e.change}:${e.server.id}` : e.type === 'map' ? `map:${e.map.version}` : `session:${e.playerId}`))
      .join(', ');
  }
}

/** Matches a node event. */
export const nodeEvent =
  (change: string, id: string) =>
  (e: ClusterEvent): boolean =>
    e.type === 'node' && e.change === change && e.node.id === id;

/** Matches a server event. */
export const serverEvent =
  (change: string, id: string) =>
  (e: ClusterEvent): boolean =>
    e.type === 'server' && e.change === change && e.server.id === id;

/** A box from two corners. */
export function box(x0: number, y0: number, z0: number, x1: number, y1: number, z1: number) {
  return { min: { x: x0, y: y0, z: z0 }, max: { x: x1, y: y1, z: z1 } };
}

/** A valid server registration with overrides. */
export function serverReg(id: string, region: ReturnType<typeof box> | null, nodeId = 'node-a') {
  return { id, name: `server ${id}`, address: `tcp://${id}:7000`, region, capacity: 100, version: '1.0.0', nodeId };
}

/** A registered, active, idle game server as members see it, with overrides. */
export function gameServerInfo(id: string, extra: Partial<GameServerInfo> = {}): GameServerInfo {
  return { id, name: id, address: 'x', region: null, capacity: 10, version: '1', nodeId: 'n', metadata: {}, status: 'active', load: IDLE_SERVER_LOAD, lastHeartbeat: 0, ...extra };
}
