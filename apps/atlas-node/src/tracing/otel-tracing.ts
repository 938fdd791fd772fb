// NodeTracing over the OpenTelemetry SDK: spans batched and exported as OTLP/HTTP
// protobuf. The only file that imports @opentelemetry/*; start-tracing.ts loads it
// with a dynamic import, and only when `[tracing] endpoint` is set. Open spans live in
// WeakMaps keyed by the session / transfer record, so a forgotten one is collected.
import { ROOT_CONTEXT, SpanStatusCode, defaultTextMapSetter, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, SimpleSpanProcessor, TraceIdRatioBasedSampler, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TracingConfig } from '@atlas/config';
import { failureReason } from '../session/handshake-driver';
import type { TransferRecord, TransferStep } from '../transfer/transfer-manager';
import type { UpstreamState } from '../upstream/ports';
import { Attr, SpanName, type NodeTracing, type TraceHeaders, type TransferEnd } from './node-tracing';

const W3C = new W3CTraceContextPropagator();

const STEP_SPANS: Record<TransferStep, string> = {
  prepare: SpanName.TransferPrepare,
  state: SpanName.TransferState,
  accept: SpanName.TransferAccept,
  flush: SpanName.TransferFlush,
};
const STEP_ORDER: readonly TransferStep[] = ['prepare', 'state', 'accept', 'flush'];

/** `name=value,name=value` as a header record (values trimmed; `=` may appear in a value). */
export function parseHeaders(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

interface OpenTransfer {
  readonly span: Span;
  step: TransferStep;
  stepSpan: Span;
}

interface OpenLink {
  readonly span: Span;
}

function fail(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.end();
}

/** OpenTelemetry-backed tracing for one node. */
export class OtelTracing implements NodeTracing {
  readonly enabled = true;
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  private readonly handshakes = new WeakMap<object, Span>();
  private readonly transfers = new WeakMap<TransferRecord, OpenTransfer>();
  private readonly links = new Map<string, OpenLink>();
  /** Dial attempts per server since its link was last up, and whether it ever was. */
  private readonly attempts = new Map<string, { n: number; wasUp: boolean; up: boolean }>();

  /** `exporter` replaces the OTLP one, unbatched (unit tests). */
  constructor(config: TracingConfig, nodeId: string, version: string, exporter?: SpanExporter) {
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': config.service_name, 'service.instance.id': nodeId, 'service.version': version }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sample_ratio) }),
      spanProcessors: [
        exporter === undefined ? new BatchSpanProcessor(new OTLPTraceExporter({ url: config.endpoint, headers: parseHeaders(config.headers) })) : new SimpleSpanProcessor(exporter),
      ],
    });
    this.tracer = this.provider.getTracer('atlas-node', version);
  }

  handshakeOpened(session: object): void {
    this.handshakes.set(session, this.tracer.startSpan(SpanName.Handshake));
  }

  handshakeEstablished(session: object, playerId: string, resumed: boolean): void {
    const span = this.handshakes.get(session);
    if (span === undefined) return;
    this.handshakes.delete(session);
    span.setAttributes({ [Attr.PlayerId]: playerId, [Attr.Resumed]: resumed });
    span.end();
  }

  sessionClosed(session: object, code: number): void {
    const span = this.handshakes.get(session);
    if (span === undefined) return;
    this.handshakes.delete(session);
    const reason = failureReason(code);
    span.setAttributes({ [Attr.CloseCode]: code, [Attr.CloseReason]: reason });
    fail(span, `closed before established: ${reason}`);
  }

  transferStarted(r: TransferRecord): void {
    const span = this.tracer.startSpan(SpanName.Transfer, { attributes: transferAttributes(r) });
    this.transfers.set(r, { span, step: 'prepare', stepSpan: this.child(span, SpanName.TransferPrepare, transferAttributes(r)) });
  }

  transferStep(r: TransferRecord, step: TransferStep): void {
    const open = this.transfers.get(r);
    if (open === undefined || STEP_ORDER.indexOf(step) <= STEP_ORDER.indexOf(open.step)) return;
    open.stepSpan.end();
    open.step = step;
    open.stepSpan = this.child(open.span, STEP_SPANS[step], transferAttributes(r));
  }

  transferEnded(r: TransferRecord, end: TransferEnd): void {
    const open = this.transfers.get(r);
    if (open === undefined) return;
    this.transfers.delete(r);
    open.span.setAttribute(Attr.TransferOutcome, end);
    if (end === 'completed') {
      open.stepSpan.end();
      open.span.end();
      return;
    }
    const reason = r.reason ?? 'unknown';
    open.span.setAttribute(Attr.AbortReason, reason);
    fail(open.stepSpan, reason);
    fail(open.span, `aborted: ${reason}`);
  }

  transferContext(r: TransferRecord): TraceHeaders | undefined {
    const open = this.transfers.get(r);
    // Unsampled spans are not recorded: the game servers would parent on nothing.
    if (open === undefined || !open.span.isRecording()) return undefined;
    const carrier: Record<string, string> = {};
    W3C.inject(trace.setSpan(ROOT_CONTEXT, open.span), carrier, defaultTextMapSetter);
    return carrier['traceparent'] === undefined ? undefined : { traceparent: carrier['traceparent'], tracestate: carrier['tracestate'] ?? '' };
  }

  linkChanged(serverId: string, address: string, state: UpstreamState, why: string, players: () => number): void {
    const seen = this.attempts.get(serverId) ?? { n: 0, wasUp: false, up: false };
    this.attempts.set(serverId, seen);
    if (seen.up && state !== 'up') this.failover(serverId, state, why, players());
    seen.up = state === 'up';
    const open = this.links.get(serverId);
    if (state === 'connecting') {
      if (open !== undefined) fail(open.span, 'dialled again');
      seen.n += 1;
      const attributes = { [Attr.ServerId]: serverId, [Attr.ServerAddress]: address, [Attr.Reconnect]: seen.wasUp, [Attr.Attempt]: seen.n };
      this.links.set(serverId, { span: this.tracer.startSpan(SpanName.LinkConnect, { attributes }) });
      return;
    }
    if (seen.up) {
      seen.n = 0;
      seen.wasUp = true;
    }
    if (state === 'closed') this.attempts.delete(serverId);
    if (open === undefined) return;
    this.links.delete(serverId);
    open.span.setAttributes({ [Attr.LinkState]: state, [Attr.Why]: why });
    if (state === 'up') open.span.end();
    else fail(open.span, why);
  }

  async registration<R extends { readonly status: number; readonly body: string }>(run: () => Promise<R>): Promise<R> {
    const span = this.tracer.startSpan(SpanName.Registration);
    try {
      const reply = await run();
      span.setAttribute(Attr.HttpStatus, reply.status);
      const id = serverIdOf(reply.body);
      if (id !== undefined) span.setAttribute(Attr.ServerId, id);
      if (reply.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: `status ${reply.status}` });
      return reply;
    } catch (e) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(e) });
      throw e;
    } finally {
      span.end();
    }
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }

  private failover(serverId: string, state: UpstreamState, why: string, players: number): void {
    const span = this.tracer.startSpan(SpanName.Failover, { attributes: { [Attr.ServerId]: serverId, [Attr.LinkState]: state, [Attr.Why]: why, [Attr.Players]: players } });
    // The router moves or parks the players synchronously right after the report.
    queueMicrotask(() => span.end());
  }

  private child(parent: Span, name: string, attributes: Attributes): Span {
    return this.tracer.startSpan(name, { attributes }, trace.setSpan(ROOT_CONTEXT, parent));
  }
}

function transferAttributes(r: TransferRecord): Attributes {
  return { [Attr.PlayerId]: r.playerId, [Attr.FromServer]: r.from, [Attr.ToServer]: r.to };
}

function serverIdOf(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { server_id?: unknown }).server_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
