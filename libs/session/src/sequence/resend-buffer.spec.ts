import fc from 'fast-check';
import { ResendBuffer } from '..';

const m = (seq: number) => ({ seq });

describe('ResendBuffer', () => {
  it('returns what came after the peer\'s last received seq, in order', () => {
    const b = new ResendBuffer<{ seq: number }>(8);
    for (let s = 1; s <= 5; s++) b.push(m(s));
    expect(b.after(3)).toEqual({ messages: [m(4), m(5)], forgotten: 0 });
    expect(b.after(5).messages).toEqual([]);
    expect(b.after(0).messages.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('forgets the oldest beyond its capacity and says how many were lost', () => {
    const b = new ResendBuffer<{ seq: number }>(3);
    for (let s = 1; s <= 10; s++) b.push(m(s));
    expect(b.size).toBe(3);
    expect(b.after(4)).toEqual({ messages: [m(8), m(9), m(10)], forgotten: 3 });
    b.clear();
    expect(b.after(0)).toEqual({ messages: [], forgotten: 0 });
  });

  it('handles sequence numbers that wrap past 2^32', () => {
    const b = new ResendBuffer<{ seq: number }>(4);
    for (const s of [0xfffffffe, 0xffffffff, 0, 1]) b.push(m(s));
    expect(b.after(0xffffffff).messages.map((x) => x.seq)).toEqual([0, 1]);
  });

  it('agrees with a plain array model', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (cap, n, last) => {
        const b = new ResendBuffer<{ seq: number }>(cap);
        for (let s = 1; s <= n; s++) b.push(m(s));
        const kept = Array.from({ length: n }, (_, i) => i + 1).slice(-cap);
        expect(b.after(last).messages.map((x) => x.seq)).toEqual(kept.filter((s) => s > last));
      }),
    );
  });
});
