import * as E from 'fp-ts/lib/Either.js';
import { MemoryBackend } from '../memory/memory-backend';
import { eventually, expectRight, sleep } from '../testing';
import { acquireLease, type HeldLease } from './held-lease';

async function hold(backend: MemoryBackend, holder: string, ttlMs: number): Promise<HeldLease> {
  const held = await acquireLease(backend.createStore().leases, { name: 'plan', holder, ttlMs });
  if (E.isLeft(held)) throw new Error(`acquire failed: ${held.left.kind}`);
  return held.right;
}

describe('acquireLease', () => {
  it('renews in the background, so the lease outlives its TTL while the holder lives', async () => {
    const backend = new MemoryBackend();
    const lease = await hold(backend, 'a', 90);
    await sleep(250);
    expect(lease.isHeld()).toBe(true);
    const other = await backend.createStore().leases.acquire('plan', 'b', 90);
    expect(E.isLeft(other) && other.left.kind).toBe('lease_held');
    expect(expectRight(await lease.withLease(async (guard) => guard.token))).toBe(lease.token);
    expectRight(await lease.release());
    expect(lease.isHeld()).toBe(false);
    expectRight(await backend.createStore().leases.acquire('plan', 'b', 90));
  });

  it('a refused renewal loses the lease at once: onLost, the abort signal, and withLease refuses', async () => {
    const backend = new MemoryBackend();
    const lease = await hold(backend, 'a', 90);
    const lost: string[] = [];
    lease.onLost((error) => lost.push(error.kind));
    let aborted = false;
    const running = lease.withLease(async (guard) => {
      guard.signal.addEventListener('abort', () => (aborted = true));
      await sleep(150);
      return guard.isHeld();
    });
    backend.leases.delete('plan'); // someone (an operator, a failover) took it away
    expectRight(await backend.createStore().leases.acquire('plan', 'b', 1000));
    const outcome = await running;
    expect(outcome).toEqual(E.left({ kind: 'lease_lost', name: 'plan' }));
    expect(aborted).toBe(true);
    expect(lost).toEqual(['lease_lost']);
    expect(await lease.withLease(async () => 'acted')).toEqual(E.left({ kind: 'lease_lost', name: 'plan' }));
  });

  it('a holder cut off from the store gives the lease up at its local deadline, before the TTL', async () => {
    const backend = new MemoryBackend();
    const started = performance.now();
    const lease = await hold(backend, 'a', 200);
    const lost: number[] = [];
    lease.onLost(() => lost.push(performance.now() - started));
    backend.setAvailable(false);
    await eventually(() => lost.length === 1, 'lost', 1000);
    expect(lost[0]).toBeLessThan(200);
    expect(lost[0]).toBeGreaterThanOrEqual(170); // ttl - 10% margin
    backend.setAvailable(true);
  });

  it('cannot be acquired while held, and the failure is a value', async () => {
    const backend = new MemoryBackend();
    await hold(backend, 'a', 1000);
    const second = await acquireLease(backend.createStore().leases, { name: 'plan', holder: 'b', ttlMs: 1000 });
    expect(second).toEqual(E.left({ kind: 'lease_held', name: 'plan', holder: 'a' }));
  });
});
