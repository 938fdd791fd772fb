import * as E from 'fp-ts/lib/Either.js';
import { EMPTY_SUMMARY } from '../metrics/histograms';
import { evaluateAssertions, parseAssertions } from './assertions';
import { sampleReport } from '../testing/sample-report';

function parse(text: string) {
  const r = parseAssertions(text);
  if (E.isLeft(r)) throw new Error(r.left);
  return r.right;
}

describe('--assert', () => {
  it('parses latencies in ms, s and us, counts and percentages', () => {
    const [a, b, c, d, e] = parse('p99<50ms, rtt.p50<=0.5s, gap.max<20000us, loss=0, errors<1%');
    expect(a).toMatchObject({ kind: 'latency', latency: undefined, stat: 'p99', op: '<', ms: 50 });
    expect(b).toMatchObject({ kind: 'latency', latency: 'rtt', stat: 'p50', op: '<=', ms: 500 });
    expect(c).toMatchObject({ kind: 'latency', latency: 'gap', stat: 'max', ms: 20 });
    expect(d).toMatchObject({ kind: 'count', metric: 'loss', percent: false, op: '=', value: 0 });
    expect(e).toMatchObject({ kind: 'count', metric: 'errors', percent: true, op: '<', value: 1 });
  });

  it.each([
    ['p99', /must look like metric<value/],
    ['latency<5ms', /unknown metric "latency"/],
    ['p99<5%', /a latency takes ms, s or us/],
    ['transfers>2%', /transfers cannot be a percentage/],
    ['loss<3ms', /loss is a count, not a time/],
    [' , ', /at least one check/],
  ])('refuses %p', (text, message) => {
    const r = parseAssertions(text);
    expect(E.isLeft(r) && r.left).toMatch(message);
  });

  it('passes and fails on the report, saying what it measured', () => {
    const r = sampleReport();
    const results = evaluateAssertions(r, parse('p99<50ms,p99<5ms,loss=0,errors<1%,transfers>=10,gap.p99<20ms,connected>=100%'));
    expect(results.map((x) => [x.expression, x.passed, x.actual])).toEqual([
      ['p99<50ms', true, 'echo.p99=12ms'],
      ['p99<5ms', false, 'echo.p99=12ms'],
      ['loss=0', true, '0'],
      ['errors<1%', true, '0.5%'],
      ['transfers>=10', true, '40'],
      ['gap.p99<20ms', true, 'gap.p99=8ms'],
      ['connected>=100%', true, '100%'],
    ]);
  });

  it('fails a latency check that has no samples, and falls back to rtt without echoes', () => {
    const r = { ...sampleReport(), transfers: { ...sampleReport().transfers, gap: EMPTY_SUMMARY } };
    expect(evaluateAssertions(r, parse('gap.p99<20ms'))[0]).toMatchObject({ passed: false, actual: 'no gap samples' });
    const idle = { ...sampleReport(), latency: { ...sampleReport().latency, echo: EMPTY_SUMMARY } };
    expect(evaluateAssertions(idle, parse('p99<50ms'))[0]).toMatchObject({ passed: true, actual: 'rtt.p99=3ms' });
  });

  it('checks the cross-border delay and recall, and fails them without the check', () => {
    const base = sampleReport();
    const delay = { count: 300, min: 20, mean: 300, p50: 280, p90: 500, p99: 590, p999: 600, max: 610 };
    const r = { ...base, crossBorder: { observers: 16, ghostDistance: 100, syncRadius: 50, windowMs: 300, delay, innerDelay: delay, innerRing: 25, syncs: 200, samples: 100, recall: 0.995, recallPooled: 0.99, truth: 150, seen: 149, extra: 2, unmatched: 0, full: 0, definition: '' } };
    const checks = parse('xborder.p99<620ms,xborder.max<600ms,recall>=99%,recall>=0.999');
    expect(evaluateAssertions(r, checks).map((x) => [x.passed, x.actual])).toEqual([
      [true, 'xborder.p99=590ms'],
      [false, 'xborder.max=610ms'],
      [true, '99.5%'],
      [false, '0.995'],
    ]);
    expect(evaluateAssertions(base, checks).map((x) => [x.passed, x.actual])).toEqual([
      [false, 'no cross-border check (--cross-border)'],
      [false, 'no cross-border check (--cross-border)'],
      [false, 'no cross-border check (--cross-border)'],
      [false, 'no cross-border check (--cross-border)'],
    ]);
    const empty = { ...r, crossBorder: { ...r.crossBorder, delay: EMPTY_SUMMARY, samples: 0, recall: 0 } };
    expect(evaluateAssertions(empty, checks).map((x) => x.actual)).toEqual(['no xborder samples', 'no xborder samples', 'no recall samples', 'no recall samples']);
  });
});
