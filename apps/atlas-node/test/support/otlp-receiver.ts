// A local OTLP/HTTP traces receiver for tests: a plain node:http server on port 0 that
// decodes each protobuf ExportTraceServiceRequest it is sent (with protobufjs, over the
// subset of opentelemetry-proto's trace.proto the node's spans use, field numbers as
// upstream) and keeps the spans, flattened, with their resource attributes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'protobufjs';

const TRACE_PROTO = `
syntax = "proto3";
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; bytes bytes_value = 7; } }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message InstrumentationScope { string name = 1; string version = 2; }
message Status { string message = 2; int32 code = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5; int32 kind = 6;
  fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9; Status status = 15;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
`;
const Request = parse(TRACE_PROTO, { keepCase: true }).root.lookupType('ExportTraceServiceRequest');

/** A primitive attribute value as decoded. */
export type AttrValue = string | number | boolean;

/** One received span. */
export interface ReceivedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly attributes: Readonly<Record<string, AttrValue>>;
  /** 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
  readonly resource: Readonly<Record<string, AttrValue>>;
}

/** The running receiver. */
export interface OtlpReceiver {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  /** The `x-team` header of each accepted request (the test's configured export header). */
  readonly teams: (string | undefined)[];
  /** Requests whose Content-Type was not application/x-protobuf. */
  readonly rejected: number;
  close(): Promise<void>;
}

interface DecodedKv {
  key: string;
  value?: { string_value?: string; bool_value?: boolean; int_value?: number; double_value?: number };
}

function attrs(list: readonly DecodedKv[] | undefined): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const kv of list ?? []) {
    const v = kv.value ?? {};
    const value = v.string_value ?? v.bool_value ?? v.int_value ?? v.double_value;
    if (value !== undefined) out[kv.key] = value;
  }
  return out;
}

const hex = (b: Uint8Array | undefined): string => Buffer.from(b ?? []).toString('hex');

/** Starts a receiver on 127.0.0.1, port 0; the traces URL is `url`. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const teams: (string | undefined)[] = [];
  let rejected = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url !== '/v1/traces' || req.headers['content-type'] !== 'application/x-protobuf') {
        rejected++;
        res.writeHead(415).end();
        return;
      }
      teams.push(req.headers['x-team'] as string | undefined);
      const decoded = Request.toObject(Request.decode(Buffer.concat(chunks)), { longs: Number, bytes: Array, defaults: false }) as {
        resource_spans?: { resource?: { attributes?: DecodedKv[] }; scope_spans?: { spans?: { trace_id?: Uint8Array; span_id?: Uint8Array; parent_span_id?: Uint8Array; name: string; attributes?: DecodedKv[]; status?: { code?: number } }[] }[] }[];
      };
      for (const rs of decoded.resource_spans ?? []) {
        const resource = attrs(rs.resource?.attributes);
        for (const ss of rs.scope_spans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({ name: s.name, traceId: hex(s.trace_id), spanId: hex(s.span_id), parentSpanId: hex(s.parent_span_id), attributes: attrs(s.attributes), statusCode: s.status?.code ?? 0, resource });
          }
        }
      }
      // An empty ExportTraceServiceResponse: full success.
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    teams,
    get rejected() {
      return rejected;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
