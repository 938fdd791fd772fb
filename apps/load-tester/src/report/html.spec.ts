import { applyAssertions, parseAssertions } from './assertions';
import { renderHtml } from './html';
import { renderTable } from './table';
import { sampleReport } from '../testing/sample-report';
import * as E from 'fp-ts/lib/Either.js';

/** Every URL-bearing attribute or CSS reference in a page. */
function externalReferences(html: string): string[] {
  const refs = [...html.matchAll(/\b(?:src|href|xlink:href|action|poster|data)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1] as string);
  const css = [...html.matchAll(/url\(([^)]*)\)|@import/gi)].map((m) => m[0]);
  return [...refs, ...css];
}

describe('HTML report', () => {
  const report = sampleReport();
  const a = parseAssertions('p99<50ms,loss=0');
  if (E.isRight(a)) applyAssertions(report, a.right);
  const html = renderHtml(report);

  it('is one self-contained page: no external resource, no executable script', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([' type="application/json" id="report"']);
  });

  it('draws the charts as inline SVG: latency, throughput, connections, transfers, tester', () => {
    const titles = [...html.matchAll(/<svg[^>]*aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(titles).toEqual(['Latency percentiles over time', 'Throughput', 'Connections', 'Transfers and errors', 'Tester load']);
    // One point per second on the latency lines, with a hover title.
    expect(html).toContain('<title>echo p99 at 3s: 11</title>');
    expect((html.match(/<polyline /g) ?? []).length).toBeGreaterThanOrEqual(8);
  });

  it('embeds the report JSON so tools can read it back', () => {
    const json = /<script type="application\/json" id="report">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('escapes what comes from the outside', () => {
    const evil = sampleReport();
    const page = renderHtml({ ...evil, options: { ...evil.options, scenario: '<img src=x onerror=alert(1)>' } });
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x');
  });
});

describe('table', () => {
  it('shows percentiles, transfers, integrity, errors by code and the assertions', () => {
    const report = sampleReport();
    const a = parseAssertions('p99<5ms');
    if (E.isRight(a)) applyAssertions(report, a.right);
    const text = renderTable(report);
    expect(text).toMatch(/action echo\s+2,000\s+3\.00\s+7\.50\s+12\.00/);
    expect(text).toContain('Transfers  started 40  completed 40  aborted 0');
    expect(text).toContain('close codes: 4006 RateLimited x1');
    expect(text).toContain('FAIL  p99<5ms  (echo.p99=12ms)');
    expect(text).toContain('Some assertions FAILED.');
  });

  it('shows the cross-border figures when the run had them', () => {
    const delay = { count: 300, min: 20, mean: 300, p50: 280, p90: 500, p99: 590, p999: 600, max: 610 };
    const base = sampleReport();
    const timeline = base.timeline.map((p, i) => (i === 1 ? { ...p, xborder: { count: 40, p50: 250, p99: 480, max: 512 } } : p));
    const report = { ...base, timeline, crossBorder: { observers: 16, ghostDistance: 100, syncRadius: 50, windowMs: 300, delay, innerDelay: delay, innerRing: 25, syncs: 200, samples: 100, recall: 0.995, recallPooled: 0.99, truth: 150, seen: 149, extra: 2, unmatched: 0, full: 0, definition: 'the definition' } };
    const page = renderHtml(report);
    expect(page).toContain('cross-border p99<b>590 ms</b>');
    expect(page).toContain("Cross-border delay (move to a neighbour's StateSync) (ms)");
    expect(page).toContain('max at 2s: 512');
    expect(page).toContain('cross-border recall<b>99.5%</b>');
    expect(page).toContain('<h2>Cross-border visibility</h2>');
    const text = renderTable(report);
    expect(text).toMatch(/cross-border delay\s+300\s+280\s+500\s+590/);
    expect(text).toContain('Cross-border  16 observers, 200 StateSyncs: recall 99.5% (pooled 99.0%, 149 of 150 over 100 samples)');
    expect(renderHtml(sampleReport())).not.toContain('Cross-border');
  });
});
