// W3C trace context on the link (protocol v2): with tracing on, both game servers of a
// transfer get its TransferPrepare inside a Traced whose traceparent names the node's
// exported `atlas.transfer` span, so their spans can join the trace; with tracing off
// they get the TransferPrepare alone.
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TransferInfo } from '@atlas/server-sdk';
import type { AtlasNode } from '../src/node';
import { SpanName } from '../src/tracing/node-tracing';
import { OtelTracing } from '../src/tracing/otel-tracing';
import { bootNode, box, linksUp, startServer, type TestServer } from './support/harness';
import { connectClient } from './support/test-client';

const move = (seq: number, x: number) => ({ type: 'PlayerMove' as const, seq, timestamp: Date.now(), position: { x, y: 50, z: 0 }, velocity: { x: 20, y: 0, z: 0 } });

async function world(tracing?: OtelTracing): Promise<{ node: AtlasNode; west: TestServer; east: TestServer; prepared: TransferInfo[] }> {
  const node = await bootNode({}, tracing !== undefined ? { tracing } : {});
  const prepared: TransferInfo[] = [];
  // What each side's game code is handed: the source's exportState, the target's importState.
  const transfer = {
    exportState: (player: { state: Uint8Array }, _p: unknown, info: TransferInfo) => (prepared.push(info), player.state),
    importState: (_p: unknown, _s: Uint8Array, info: TransferInfo) => (prepared.push(info), true),
  };
  const west = await startServer(node, 'west', box(0, 0, 100, 100), { transfer });
  const east = await startServer(node, 'east', box(100, 0, 200, 100), { transfer });
  await linksUp(node, 2);
  return { node, west, east, prepared };
}

async function crossBorder(node: AtlasNode, prepared: TransferInfo[]): Promise<void> {
  const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
  let seq = 1;
  for (let x = 90; x <= 112; x += 2) c.send(move(seq++, x));
  await c.next('ServerTransfer', (t) => t.phase === 2);
  expect(prepared.map((p) => p.role).sort()).toEqual(['source', 'target']);
  await c.close();
}

describe('trace context on the link', () => {
  it('carries the transfer span as traceparent to both servers when tracing is on', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = new OtelTracing({ endpoint: 'http://127.0.0.1:9/v1/traces', service_name: 'atlas-test', sample_ratio: 1, headers: '' }, 'node-t', 'test', exporter);
    const { node, west, east, prepared } = await world(tracing);
    try {
      await crossBorder(node, prepared);
      const transfer = exporter.getFinishedSpans().find((s) => s.name === SpanName.Transfer);
      expect(transfer).toBeDefined();
      const { traceId, spanId } = transfer!.spanContext();
      for (const p of prepared) expect(p.trace).toEqual({ traceparent: `00-${traceId}-${spanId}-01`, tracestate: '' });
    } finally {
      await west.stop();
      await east.stop();
      await node.drain();
    }
  });

  it('sends TransferPrepare alone when tracing is off', async () => {
    const { node, west, east, prepared } = await world();
    try {
      await crossBorder(node, prepared);
      for (const p of prepared) expect(p.trace).toBeUndefined();
    } finally {
      await west.stop();
      await east.stop();
      await node.drain();
    }
  });
});
