import * as E from 'fp-ts/lib/Either.js';
import { clusterKeys } from './keys';

/** The part of a key Redis Cluster hashes: the first {...} with content, else the whole key. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('key layout', () => {
  it('registry and lease keys share one hash tag, so multi-key scripts fit Redis Cluster', () => {
    const keys = clusterKeys('atlas');
    if (E.isLeft(keys)) throw new Error('valid prefix refused');
    const k = keys.right;
    const tags = new Set([...k.registry, k.lease('split'), k.leaseSeq('split')].map(hashTag));
    expect([...tags]).toEqual(['atlas']);
  });

  it('session keys hash on the player, so sessions spread over the cluster', () => {
    const keys = clusterKeys('atlas');
    if (E.isLeft(keys)) throw new Error('valid prefix refused');
    expect(hashTag(keys.right.session('p-1'))).toBe('p-1');
    expect(hashTag(keys.right.session('p-2'))).toBe('p-2');
    expect(keys.right.channel).toBe('atlas:events');
  });

  it('refuses prefixes with braces or glob characters', () => {
    for (const bad of ['', 'a{b}', 'a*', 'a?', 'a[b]', 'x'.repeat(65)]) expect(E.isLeft(clusterKeys(bad))).toBe(true);
  });
});
