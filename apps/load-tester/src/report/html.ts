// The HTML report: one self-contained file (inline CSS and SVG, no executable script, no external
// resource) that opens offline. The report's JSON is embedded for tools to extract.
import type { Summary } from '../metrics/histograms';
import { bytes, count, ms, percent } from './format';
import type { Report } from './report';
import { chart, esc } from './svg';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#1d2330;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
.sub{color:#5a6476}.cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.card{border:1px solid #dde2ea;border-radius:8px;padding:8px 14px;min-width:130px}.card b{display:block;font-size:20px}
.card.bad{border-color:#d33;background:#fff3f3}.card.good{border-color:#2a2;background:#f3fff3}
table{border-collapse:collapse;margin:6px 0}td,th{padding:3px 10px;border-bottom:1px solid #eef0f4;text-align:right}
td:first-child,th:first-child{text-align:left}.pass{color:#1a7f1a;font-weight:600}.fail{color:#c62828;font-weight:600}
.charts{display:grid;grid-template-columns:1fr;gap:8px}svg.chart{max-width:100%;height:auto;background:#fbfcfe;border:1px solid #eef0f4;border-radius:6px}
svg .grid{stroke:#e3e7ee;stroke-width:1}svg .axis{font-size:10px;fill:#6b7386}svg .title{font-size:12px;font-weight:600;fill:#1d2330}svg .legend{font-size:11px;fill:#1d2330}
.note{background:#fff8e1;border:1px solid #f0d98c;padding:6px 10px;border-radius:6px;margin:6px 0}pre{background:#f6f8fa;padding:10px;overflow:auto;font-size:12px}
`;

function row(cells: readonly string[], head = false): string {
  const tag = head ? 'th' : 'td';
  return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

function latencyRow(name: string, s: Summary): string {
  return row(s.count === 0 ? [esc(name), '-', '-', '-', '-', '-', '-'] : [esc(name), count(s.count), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.p999), ms(s.max)]);
}

function card(title: string, value: string, tone: '' | 'good' | 'bad' = ''): string {
  return `<div class="card ${tone}">${esc(title)}<b>${esc(value)}</b></div>`;
}

function codes(map: Readonly<Record<string, number>>): string {
  const e = Object.entries(map);
  return e.length === 0 ? 'none' : e.map(([k, v]) => `${esc(k)} &times;${count(v)}`).join(', ');
}

function crossBorderSection(r: Report): string {
  const x = r.crossBorder;
  if (x === undefined) return '';
  return `<h2>Cross-border visibility</h2>
<table>${row(['observers', count(x.observers)])}${row(['ghost distance / sync radius', `${x.ghostDistance} / ${x.syncRadius} units`])}${row(['window', `${x.windowMs} ms`])}
${row([`delay of inner-ring moves (within ${x.innerRing} units)`, x.innerDelay.count > 0 ? `p50 ${ms(x.innerDelay.p50)} ms, p99 ${ms(x.innerDelay.p99)} ms (${count(x.innerDelay.count)} samples)` : '-'])}
${row(['observer StateSyncs', count(x.syncs)])}${row(['recall samples', count(x.samples)])}${row(['recall (mean of samples)', percent(x.recall)])}${row(['recall (pooled)', `${percent(x.recallPooled)} (${count(x.seen)} of ${count(x.truth)})`])}
${row(['extra ghosts (not in the truth)', count(x.extra)])}${row(['unmatched ghosts', count(x.unmatched)])}${row(['full StateSyncs (32 entries)', count(x.full)])}</table>
<p class="sub">${esc(x.definition)}</p>`;
}

function rebalanceSection(r: Report): string {
  const b = r.rebalance;
  if (b === undefined) return '';
  const times = Object.entries(b.meanSeconds).map(([k, v]) => row([`mean time to ${esc(k)}`, `${v} s`])).join('');
  return `<h2>Region splits and merges</h2>
<table>${row(['splits / merges', `${count(b.splits)} / ${count(b.merges)}`])}${row(['rebalance transfers', count(b.transfers)])}${row(['aborted', codes(b.aborted)])}${times}${b.unreadable.length > 0 ? row(['nodes not read', esc(b.unreadable.join(', '))]) : ''}</table>
<p class="sub">${esc(b.definition)}</p>`;
}

/** The report as a standalone HTML page. */
export function renderHtml(r: Report): string {
  const o = r.options;
  const tl = r.timeline;
  const v = <T>(f: (p: (typeof tl)[number]) => T): T[] => tl.map(f);
  const echo = (f: (p: (typeof tl)[number]) => number): (number | null)[] => tl.map((p) => (p.echo.count > 0 ? f(p) : null));
  const rtt = (f: (p: (typeof tl)[number]) => number): (number | null)[] => tl.map((p) => (p.rtt.count > 0 ? f(p) : null));
  const seconds = tl.map((p) => p.t);
  const charts = [
    chart({
      seconds,
      title: 'Latency percentiles over time',
      unit: 'ms',
      series: [
        { name: 'echo p50', color: '#3b82f6', values: echo((p) => p.echo.p50) },
        { name: 'echo p90', color: '#8b5cf6', values: echo((p) => p.echo.p90) },
        { name: 'echo p99', color: '#ef4444', values: echo((p) => p.echo.p99) },
        { name: 'rtt p50', color: '#10b981', values: rtt((p) => p.rtt.p50) },
      ],
    }),
    ...(r.crossBorder === undefined
      ? []
      : [
          chart({
            seconds,
            title: 'Cross-border delay (move to a neighbour\'s StateSync)',
            unit: 'ms',
            series: [
              { name: 'p50', color: '#3b82f6', values: tl.map((p) => p.xborder?.p50 ?? null) },
              { name: 'p99', color: '#ef4444', values: tl.map((p) => p.xborder?.p99 ?? null) },
              { name: 'max', color: '#94a3b8', values: tl.map((p) => p.xborder?.max ?? null) },
            ],
          }),
        ]),
    chart({
      seconds,
      title: 'Throughput',
      unit: 'messages/s',
      series: [
        { name: 'sent', color: '#3b82f6', values: v((p) => p.sentPerS) },
        { name: 'received', color: '#f59e0b', values: v((p) => p.receivedPerS) },
      ],
    }),
    chart({ seconds, title: 'Connections', unit: 'open sessions', series: [{ name: 'connected', color: '#0ea5e9', values: v((p) => p.connected) }] }),
    chart({
      seconds,
      title: 'Transfers and errors',
      unit: 'per tick (about a second)',
      series: [
        { name: 'transfers', color: '#22c55e', values: v((p) => p.transfers), bars: true },
        { name: 'errors', color: '#ef4444', values: v((p) => p.errors), bars: true },
      ],
    }),
    chart({
      seconds,
      title: 'Tester load',
      unit: '%',
      series: [
        { name: 'tester cpu (one core = 100)', color: '#6366f1', values: v((p) => Math.round(p.cpuCores * 100)) },
        { name: 'busiest thread', color: '#f97316', values: v((p) => Math.round(p.elu * 100)) },
        { name: 'machine', color: '#94a3b8', values: v((p) => Math.round(p.machineCpu * 100)) },
      ],
    }),
  ];
  const i = r.integrity;
  const t = r.transfers;
  const verdict = r.assertions.length === 0 ? '' : card('assertions', r.passed ? 'passed' : 'FAILED', r.passed ? 'good' : 'bad');
  const json = JSON.stringify(r).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Atlas load test: ${esc(o.scenario)}, ${count(r.connections.target)} clients</title><style>${CSS}</style></head>
<body>
<h1>Atlas load test</h1>
<div class="sub">${esc(o.mode)} mode &middot; scenario ${esc(o.scenario)} &middot; ${esc(o.urls.join(', '))} &middot; ${esc(r.startedAt)} &middot; ${r.runS} s${r.aborted ? ' (aborted)' : ''}</div>
<div class="cards">
${card('clients (peak)', `${count(r.connections.peak)} / ${count(r.connections.target)}`)}
${card('echo p99', r.latency.echo.count > 0 ? `${ms(r.latency.echo.p99)} ms` : '-')}
${card('rtt p99', r.latency.rtt.count > 0 ? `${ms(r.latency.rtt.p99)} ms` : '-')}
${card('sent', `${count(r.throughput.sent.messagesPerS)} msg/s`)}
${card('transfers', count(t.completed))}
${card('loss', count(i.lost), i.lost === 0 ? 'good' : 'bad')}
${card('errors', `${count(r.errors.total)} (${r.errors.percent}%)`, r.errors.total === 0 ? 'good' : 'bad')}
${r.crossBorder === undefined ? '' : card('cross-border p99', r.crossBorder.delay.count > 0 ? `${ms(r.crossBorder.delay.p99)} ms` : '-')}
${r.crossBorder === undefined ? '' : card('cross-border recall', r.crossBorder.samples > 0 ? percent(r.crossBorder.recall) : '-')}
${card('tester', r.tester.saturated ? 'SATURATED' : 'ok', r.tester.saturated ? 'bad' : 'good')}
${verdict}
</div>
${r.tester.notes.map((n) => `<div class="note">${esc(n)}</div>`).join('\n')}
<h2>Over time</h2>
<div class="charts">${charts.join('\n')}</div>
<h2>Latency (ms)</h2>
<table>${row(['', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max'], true)}
${latencyRow('connect (dial to open)', r.latency.connect)}${latencyRow('handshake (open to Welcome)', r.latency.handshake)}${latencyRow('rtt (heartbeat)', r.latency.rtt)}${latencyRow('action echo', r.latency.echo)}${r.latency.resume.count === 0 ? '' : latencyRow('resume (close to resumed Welcome)', r.latency.resume)}${latencyRow('transfer gap', t.gap)}${latencyRow('transfer silence', t.silence)}${r.crossBorder === undefined ? '' : latencyRow('cross-border delay', r.crossBorder.delay)}</table>
<p class="sub">${esc(t.definition)}</p>
${crossBorderSection(r)}
${rebalanceSection(r)}
<h2>Throughput</h2>
<table>${row(['', 'messages', 'frames', 'msg/s', 'bytes', 'bytes/s'], true)}
${row(['sent', count(r.throughput.sent.messages), count(r.throughput.sent.frames), count(r.throughput.sent.messagesPerS), bytes(r.throughput.sent.bytes), `${bytes(r.throughput.sent.bytesPerS)}/s`])}
${row(['received', count(r.throughput.received.messages), count(r.throughput.received.frames), count(r.throughput.received.messagesPerS), bytes(r.throughput.received.bytes), `${bytes(r.throughput.received.bytesPerS)}/s`])}</table>
<h2>Transfers and integrity</h2>
<table>${row(['transfers started', count(t.started)])}${row(['completed', count(t.completed)])}${row(['aborted', count(t.aborted)])}
${row(['actions sent', count(i.actions.sent)])}${row(['echoed exactly once', count(i.actions.echoed)])}${row(['lost (never echoed)', count(i.actions.lost)])}${row(['duplicated', count(i.actions.duplicated)])}${row(['reordered', count(i.actions.reordered)])}
${row(['server seq in order', count(i.received.inOrder)])}${row(['server seq missing', count(i.received.missing)])}${row(['server seq duplicates', count(i.received.duplicates)])}${row(['loss rate', percent(i.lossRate)])}</table>
<h2>Connections and errors</h2>
<table>${row(['attempts', count(r.connections.attempts)])}${row(['established', count(r.connections.established)])}${row(['failed', count(r.connections.failed)])}${row(['reconnects', count(r.connections.reconnects)])}${row(['unexpected closes', count(r.connections.unexpectedCloses)])}
${row(['errors', `${count(r.errors.total)} (${r.errors.percent}% of attempts)`])}${row(['close codes', codes(r.errors.byCloseCode)])}${row(['in-band errors', codes(r.errors.inBand)])}${row(['connect failures', codes(r.errors.connect)])}</table>
<h2>Tester</h2>
<table>${row(['cores', String(r.tester.cores)])}${row(['threads', String(r.tester.threads)])}${row(['cpu mean / max (cores)', `${r.tester.cpuCoresMean} / ${r.tester.cpuCoresMax}`])}${row(['busiest thread (event loop)', percent(r.tester.eluMax)])}${row(['machine cpu mean', percent(r.tester.machineCpuMean)])}${row(['rss max', `${r.tester.rssMBMax} MB`])}${row(['saturated', r.tester.saturated ? `yes (${r.tester.saturatedSeconds} s)` : 'no'])}</table>
${r.assertions.length === 0 ? '' : `<h2>Assertions</h2><table>${r.assertions.map((a) => row([`<span class="${a.passed ? 'pass' : 'fail'}">${a.passed ? 'PASS' : 'FAIL'}</span> ${esc(a.expression)}`, esc(a.actual)])).join('')}</table>`}
<h2>Options</h2>
<pre>${esc(JSON.stringify(o, null, 2))}</pre>
<script type="application/json" id="report">${json}</script>
</body></html>
`;
}
