import { HistogramSet, summarize } from './histograms';

describe('latency histograms', () => {
  it('summarise in milliseconds with microsecond resolution', () => {
    const h = new HistogramSet();
    for (let i = 1; i <= 1000; i++) h.record('echo', i / 10); // 0.1 .. 100 ms
    const s = summarize(h.get('echo'));
    expect(s.count).toBe(1000);
    expect(s.min).toBeCloseTo(0.1, 3);
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p99).toBeCloseTo(99, 0);
    expect(s.max).toBeCloseTo(100, 0);
    expect(h.summaries().rtt.count).toBe(0);
  });

  it('merge across threads through their encoded form, exactly as if recorded in one', () => {
    const a = new HistogramSet();
    const b = new HistogramSet();
    const all = new HistogramSet();
    for (let i = 0; i < 5000; i++) {
      const v = (i * 7919) % 3000;
      (i % 2 === 0 ? a : b).record('gap', v / 7);
      all.record('gap', v / 7);
    }
    const merged = new HistogramSet();
    merged.addEncoded(a.encode());
    merged.addEncoded(b.encode());
    const { max, ...rest } = merged.summaries().gap;
    const { max: expectedMax, ...expected } = all.summaries().gap;
    expect(rest).toEqual(expected);
    // The encoded form keeps 3 significant digits: max comes back as its bucket's top.
    expect(Math.abs(max - expectedMax) / expectedMax).toBeLessThan(0.001);
    expect(Object.keys(a.encode())).toEqual(['gap']);
  });

  it('counts clock glitches (negative latencies) as zero instead of failing', () => {
    const h = new HistogramSet();
    h.record('connect', -3);
    expect(h.summaries().connect).toMatchObject({ count: 1, max: 0 });
  });
});
