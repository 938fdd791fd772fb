// The final table printed after a run: connections, latencies, throughput, transfers,
// integrity, errors, the tester's own load, and the assertions.
import type { Summary } from '../metrics/histograms';
import { bytes, columns, count, ms, percent } from './format';
import type { Report } from './report';

function latencyRow(name: string, s: Summary): string[] {
  if (s.count === 0) return [name, '-', '-', '-', '-', '-', '-'];
  return [name, count(s.count), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.p999), ms(s.max)];
}

function mapLines(title: string, map: Readonly<Record<string, number>>): string[] {
  const entries = Object.entries(map);
  return entries.length === 0 ? [] : [`  ${title}: ${entries.map(([k, v]) => `${k} x${count(v)}`).join(', ')}`];
}

/** The report as text for a terminal. */
export function renderTable(r: Report): string {
  const o = r.options;
  const c = r.connections;
  const i = r.integrity;
  const t = r.transfers;
  const out: string[] = [];
  out.push(`Atlas load test: ${o.mode} mode, scenario ${o.scenario}, ${count(c.target)} clients, ${r.runS} s${r.aborted ? ' (aborted)' : ''}`);
  out.push(`  target ${o.urls.join(', ')}; encryption ${o.encryption ? 'on' : 'off'}, compression ${o.compression ? 'on' : 'off'}, payload ${o.payloadBytes} B, ${o.workers} thread(s)`);
  out.push('');
  out.push(`Connections  attempts ${count(c.attempts)}  established ${count(c.established)}  failed ${count(c.failed)}  peak ${count(c.peak)}  reconnects ${count(c.reconnects)}  unexpected closes ${count(c.unexpectedCloses)}`);
  out.push('');
  out.push(
    ...columns([
      ['Latency (ms)', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max'],
      latencyRow('connect', r.latency.connect),
      latencyRow('handshake', r.latency.handshake),
      latencyRow('rtt (heartbeat)', r.latency.rtt),
      latencyRow('action echo', r.latency.echo),
      ...(r.latency.resume.count === 0 ? [] : [latencyRow('resume (close to resumed Welcome)', r.latency.resume)]),
      latencyRow('transfer gap', t.gap),
      latencyRow('transfer silence', t.silence),
      ...(r.crossBorder === undefined ? [] : [latencyRow('cross-border delay', r.crossBorder.delay), latencyRow(`  inner ring (${r.crossBorder.innerRing} u)`, r.crossBorder.innerDelay)]),
    ]),
  );
  out.push('');
  out.push(
    ...columns([
      ['Throughput', 'messages', 'msg/s', 'bytes', 'bytes/s'],
      ['sent', count(r.throughput.sent.messages), count(r.throughput.sent.messagesPerS), bytes(r.throughput.sent.bytes), `${bytes(r.throughput.sent.bytesPerS)}/s`],
      ['received', count(r.throughput.received.messages), count(r.throughput.received.messagesPerS), bytes(r.throughput.received.bytes), `${bytes(r.throughput.received.bytesPerS)}/s`],
    ]),
  );
  out.push('');
  out.push(`Transfers  started ${count(t.started)}  completed ${count(t.completed)}  aborted ${count(t.aborted)}`);
  out.push(
    `Integrity  actions sent ${count(i.actions.sent)}, echoed once ${count(i.actions.echoed)}, lost ${count(i.actions.lost)}, duplicated ${count(i.actions.duplicated)}, reordered ${count(i.actions.reordered)}`,
  );
  out.push(`           server->client seq: in order ${count(i.received.inOrder)}, missing ${count(i.received.missing)}, duplicates ${count(i.received.duplicates)}, late ${count(i.received.late)}`);
  out.push(`           loss ${count(i.lost)} (${percent(i.lossRate)}), duplicated ${count(i.duplicated)}, reordered ${count(i.reordered)}`);
  const x = r.crossBorder;
  if (x !== undefined) {
    out.push(
      `Cross-border  ${count(x.observers)} observers, ${count(x.syncs)} StateSyncs: recall ${percent(x.recall)} (pooled ${percent(x.recallPooled)}, ${count(x.seen)} of ${count(x.truth)} over ${count(x.samples)} samples), extra ${count(x.extra)}, unmatched ${count(x.unmatched)}, full ${count(x.full)}`,
    );
  }
  const rb = r.rebalance;
  if (rb !== undefined) {
    const times = Object.entries(rb.meanSeconds).map(([k, v]) => `${k} ${v} s`).join(', ');
    const aborted = Object.entries(rb.aborted).map(([k, v]) => `${k} x${count(v)}`).join(', ');
    out.push(`Rebalance  splits ${count(rb.splits)}, merges ${count(rb.merges)}, rebalance transfers ${count(rb.transfers)}${aborted === '' ? '' : `, aborted ${aborted}`}`);
    if (times !== '') out.push(`           mean time from the decision: ${times}`);
    if (rb.unreadable.length > 0) out.push(`  note: no rebalance figures from ${rb.unreadable.join(', ')}`);
  }
  out.push(`Errors     ${count(r.errors.total)} (${r.errors.percent}% of connection attempts)`);
  out.push(...mapLines('close codes', r.errors.byCloseCode), ...mapLines('in-band errors', r.errors.inBand), ...mapLines('connect failures', r.errors.connect));
  const ts = r.tester;
  out.push(
    `Tester     cpu mean ${ts.cpuCoresMean.toFixed(2)} / max ${ts.cpuCoresMax.toFixed(2)} cores of ${ts.cores}, busiest thread ${percent(ts.eluMax)}, machine ${percent(ts.machineCpuMean)}, rss max ${ts.rssMBMax} MB${ts.saturated ? '  SATURATED' : ''}`,
  );
  for (const n of ts.notes) out.push(`  note: ${n}`);
  if (r.assertions.length > 0) {
    out.push('');
    for (const a of r.assertions) out.push(`${a.passed ? 'PASS' : 'FAIL'}  ${a.expression}  (${a.actual})`);
    out.push(r.passed ? 'All assertions passed.' : 'Some assertions FAILED.');
  }
  return `${out.join('\n')}\n`;
}
