import fc from 'fast-check';
import { SequenceCounter, SequenceTracker, seqNewer } from './sequence';

describe('SequenceCounter', () => {
  it('counts from 1 and wraps after 2^32 - 1', () => {
    const c = new SequenceCounter(0xfffffffe);
    expect([c.next(), c.next(), c.next()]).toEqual([0xfffffffe, 0xffffffff, 0]);
    expect(new SequenceCounter().next()).toBe(1);
  });
});

describe('SequenceTracker', () => {
  it('accepts consecutive numbers in order, across the u32 wrap', () => {
    const t = new SequenceTracker(0xfffffffe);
    expect([0xfffffffe, 0xffffffff, 0, 1].map((s) => t.observe(s).kind)).toEqual(['in-order', 'in-order', 'in-order', 'in-order']);
    expect(t.lastReceived()).toBe(1);
  });

  it('tells loss, late arrival and duplication apart', () => {
    const t = new SequenceTracker();
    expect(t.observe(1)).toEqual({ kind: 'in-order' });
    expect(t.observe(4)).toEqual({ kind: 'gap', missing: 2 });
    expect(t.observe(2)).toEqual({ kind: 'late' });
    expect(t.observe(2)).toEqual({ kind: 'duplicate' });
    expect(t.observe(4)).toEqual({ kind: 'duplicate' });
    expect(t.observe(100)).toEqual({ kind: 'gap', missing: 95 });
    expect(t.observe(3)).toEqual({ kind: 'stale' });
    expect(t.stats()).toEqual({ inOrder: 1, gaps: 2, missing: 96, late: 1, duplicates: 3 });
  });

  it('finds exactly the dropped and doubled messages of any shuffled stream', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.array(fc.constantFrom('keep', 'drop', 'dup'), { minLength: 1, maxLength: 200 }),
        (start, fate) => {
          const t = new SequenceTracker(start);
          let dups = 0;
          let kept = 0;
          fate.forEach((f, i) => {
            const seq = (start + i) >>> 0;
            if (f === 'drop') return;
            kept++;
            expect(['in-order', 'gap']).toContain(t.observe(seq).kind);
            if (f === 'dup') {
              dups++;
              expect(t.observe(seq).kind).toBe('duplicate');
            }
          });
          const lastKept = fate.lastIndexOf('keep') > fate.lastIndexOf('dup') ? fate.lastIndexOf('keep') : fate.lastIndexOf('dup');
          expect(t.stats().duplicates).toBe(dups);
          expect(t.stats().missing).toBe(lastKept + 1 - kept);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('seqNewer', () => {
  it('orders u32 seqs by serial number: equal is not newer, and it wraps', () => {
    expect(seqNewer(2, 1)).toBe(true);
    expect(seqNewer(1, 1)).toBe(false);
    expect(seqNewer(1, 2)).toBe(false);
    expect(seqNewer(0, 0xffff_ffff)).toBe(true);
    expect(seqNewer(0xffff_ffff, 0)).toBe(false);
    expect(seqNewer(0x7fff_ffff, 0)).toBe(true);
    expect(seqNewer(0x8000_0000, 0)).toBe(false);
  });
});
