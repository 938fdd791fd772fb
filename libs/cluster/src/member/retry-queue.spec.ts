import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from '../model/errors';
import { eventually } from '../testing';
import { backoffDelay } from '@atlas/common';
import { RetryQueue } from './retry-queue';

const OPTIONS = { maxSize: 3, baseDelayMs: 5, maxDelayMs: 20 };
const down = () => Promise.resolve(E.left(ClusterErrors.unavailable('down')));

describe('RetryQueue', () => {
  it('retries an unreachable write with backoff until it succeeds', async () => {
    const gaveUp: string[] = [];
    const queue = new RetryQueue(OPTIONS, (key) => gaveUp.push(key));
    const attempts: number[] = [];
    queue.enqueue('w', async () => {
      attempts.push(Date.now());
      return attempts.length < 4 ? E.left(ClusterErrors.unavailable('down')) : E.right(undefined);
    });
    await eventually(() => queue.size === 0, 'written');
    expect(attempts).toHaveLength(4);
    expect(gaveUp).toEqual([]);
    queue.stop();
  });

  it('gives up on logical errors and reports them', async () => {
    const gaveUp: Array<[string, ClusterError]> = [];
    const queue = new RetryQueue(OPTIONS, (key, error) => gaveUp.push([key, error]));
    queue.enqueue('w', () => Promise.resolve(E.left(ClusterErrors.invalid('no'))));
    await eventually(() => gaveUp.length === 1, 'given up');
    expect(gaveUp[0]?.[1].kind).toBe('invalid');
    queue.stop();
  });

  it('is bounded: the oldest write is dropped with queue_full; the same key coalesces', () => {
    const gaveUp: Array<[string, ClusterError]> = [];
    const queue = new RetryQueue({ ...OPTIONS, baseDelayMs: 10_000 }, (key, error) => gaveUp.push([key, error]));
    for (const key of ['a', 'b', 'c', 'b', 'd']) queue.enqueue(key, down);
    expect(queue.size).toBe(3);
    expect(gaveUp).toEqual([['a', { kind: 'queue_full', key: 'a' }]]);
    queue.stop();
  });

  it('flush tries everything now; cancel forgets a write', async () => {
    let written = 0;
    const queue = new RetryQueue({ ...OPTIONS, baseDelayMs: 60_000, maxDelayMs: 60_000 }, () => undefined);
    queue.enqueue('a', async () => {
      written += 1;
      return E.right(undefined);
    });
    queue.enqueue('b', async () => {
      written += 10;
      return E.right(undefined);
    });
    queue.cancel('b');
    await queue.flush();
    expect(written).toBe(1);
    expect(queue.size).toBe(0);
    queue.stop();
  });

  it('backoff doubles up to the cap, with jitter in the upper half', () => {
    expect(backoffDelay(0, 50, 2000, () => 0)).toBe(25);
    expect(backoffDelay(3, 50, 2000, () => 0.999)).toBeLessThanOrEqual(400);
    expect(backoffDelay(3, 50, 2000, () => 0)).toBe(200);
    expect(backoffDelay(20, 50, 2000, () => 1)).toBe(2000);
  });
});
