import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanStatusCode } from '@opentelemetry/api';
import type { TransferRecord } from '../transfer/transfer-manager';
import { Attr, SpanName } from './node-tracing';
import { OtelTracing, parseHeaders } from './otel-tracing';

const CONFIG = { endpoint: 'http://127.0.0.1:9/v1/traces', service_name: 'unit', sample_ratio: 1, headers: '' };

function record(): TransferRecord {
  return { playerId: 'p1', from: 'srv-a', to: 'srv-b', state: 'started', startedAt: 0, endedAt: null, reason: null };
}

describe('OtelTracing', () => {
  let exporter: InMemorySpanExporter;
  let tracing: OtelTracing;
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  const named = (name: string): ReadableSpan[] => spans().filter((s) => s.name === name);

  beforeEach(() => {
    exporter = new InMemorySpanExporter();
    tracing = new OtelTracing(CONFIG, 'node-1', 'test', exporter);
  });

  afterEach(() => tracing.shutdown());

  it('an aborted transfer marks its span and the step it was in as errors, with the reason', () => {
    const r = record();
    tracing.transferStarted(r);
    tracing.transferStep(r, 'state');
    tracing.transferStep(r, 'prepare'); // late or repeated steps never go back
    r.reason = 'timeout';
    tracing.transferEnded(r, 'aborted');
    const [transfer] = named(SpanName.Transfer);
    expect(transfer?.status.code).toBe(SpanStatusCode.ERROR);
    expect(transfer?.attributes).toMatchObject({ [Attr.TransferOutcome]: 'aborted', [Attr.AbortReason]: 'timeout', [Attr.PlayerId]: 'p1' });
    expect(named(SpanName.TransferPrepare)[0]?.status.code).toBe(SpanStatusCode.UNSET);
    expect(named(SpanName.TransferState)[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(spans()).toHaveLength(3);
    expect(spans().every((s) => s.spanContext().traceId === transfer?.spanContext().traceId)).toBe(true);
  });

  it('counts link attempts, flags reconnects and records a failover only for a link that was up', async () => {
    tracing.linkChanged('srv-a', 'ws://a', 'connecting', 'dialling', () => 0);
    tracing.linkChanged('srv-a', 'ws://a', 'down', 'refused', () => 0);
    tracing.linkChanged('srv-a', 'ws://a', 'connecting', 'dialling', () => 0);
    tracing.linkChanged('srv-a', 'ws://a', 'up', 'open', () => 0);
    tracing.linkChanged('srv-a', 'ws://a', 'down', 'socket closed', () => 3);
    tracing.linkChanged('srv-a', 'ws://a', 'connecting', 'dialling', () => 0);
    await new Promise((r) => setImmediate(r));
    const connects = named(SpanName.LinkConnect);
    expect(connects.map((s) => [s.attributes[Attr.Attempt], s.attributes[Attr.Reconnect], s.status.code])).toEqual([
      [1, false, SpanStatusCode.ERROR],
      [2, false, SpanStatusCode.UNSET],
    ]);
    expect(named(SpanName.Failover).map((s) => s.attributes[Attr.Players])).toEqual([3]);
    tracing.linkChanged('srv-a', 'ws://a', 'closed', 'deregistered', () => 0);
    expect(named(SpanName.LinkConnect)[2]?.attributes).toMatchObject({ [Attr.Attempt]: 1, [Attr.Reconnect]: true, [Attr.LinkState]: 'closed' });
  });

  it('a handshake closed before Welcome is an error with the close code and its label', () => {
    const session = {};
    tracing.handshakeOpened(session);
    tracing.sessionClosed(session, 4002);
    tracing.sessionClosed(session, 4002);
    expect(spans()).toHaveLength(1);
    expect(spans()[0]?.attributes).toMatchObject({ [Attr.CloseCode]: 4002, [Attr.CloseReason]: 'auth_failed' });
  });

  it('parses export headers, keeping "=" inside values', () => {
    expect(parseHeaders('authorization=Bearer a=b, x-team = atlas')).toEqual({ authorization: 'Bearer a=b', 'x-team': 'atlas' });
    expect(parseHeaders('')).toEqual({});
  });
});
