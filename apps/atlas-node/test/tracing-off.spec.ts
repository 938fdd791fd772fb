// Tracing off costs nothing on the hot path: no @opentelemetry module is loaded, and the
// tracer hooks run per connection, transfer step and link change, never per message.
// The proof is a count: a recording tracer stands in for the node's, a player sends
// 10 messages and then 2,000 more, and the number of tracer calls does not move.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ActionChannel } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { NO_TRACING, type NodeTracing } from '../src/tracing/node-tracing';
import { startTracing } from '../src/tracing/start-tracing';
import { bootNode, box, linksUp, startServer, until, type TestServer } from './support/harness';
import { connectClient } from './support/test-client';

const loaded: string[] = [];
jest.mock('@opentelemetry/sdk-trace-base', () => {
  loaded.push('@opentelemetry/sdk-trace-base');
  return jest.requireActual('@opentelemetry/sdk-trace-base');
});
jest.mock('@opentelemetry/exporter-trace-otlp-proto', () => {
  loaded.push('@opentelemetry/exporter-trace-otlp-proto');
  return jest.requireActual('@opentelemetry/exporter-trace-otlp-proto');
});

const TRACING_OFF = { endpoint: '', service_name: 'atlas-node', sample_ratio: 1, headers: '' };

/** NO_TRACING with every call counted by name. */
function countingTracer(): { tracing: NodeTracing; calls: Map<string, number>; total(): number } {
  const calls = new Map<string, number>();
  const tracing = Object.fromEntries(
    Object.entries(NO_TRACING).map(([key, value]) => [
      key,
      typeof value !== 'function'
        ? value
        : (...args: unknown[]) => {
            calls.set(key, (calls.get(key) ?? 0) + 1);
            return (value as (...a: unknown[]) => unknown)(...args);
          },
    ]),
  ) as unknown as NodeTracing;
  return { tracing, calls, total: () => [...calls.values()].reduce((a, b) => a + b, 0) };
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('tracing off', () => {
  it('loads no OpenTelemetry module and answers NO_TRACING; an endpoint loads the SDK', async () => {
    expect(await startTracing(TRACING_OFF, 'n1')).toBe(NO_TRACING);
    expect(loaded).toEqual([]);
    const on = await startTracing({ ...TRACING_OFF, endpoint: 'http://127.0.0.1:9/v1/traces' }, 'n1');
    expect(on.enabled).toBe(true);
    expect(loaded).toEqual(expect.arrayContaining(['@opentelemetry/sdk-trace-base', '@opentelemetry/exporter-trace-otlp-proto']));
    await on.shutdown();
  });

  it('only src/tracing/otel-tracing.ts imports @opentelemetry (loaded on demand)', () => {
    const importers = sources(join(__dirname, '..', 'src')).filter((f) => /from '@opentelemetry\//.test(readFileSync(f, 'utf8')));
    expect(importers.map((f) => f.slice(f.indexOf('src')))).toEqual([join('src', 'tracing', 'otel-tracing.ts')]);
  });

  describe('the hot path', () => {
    let node: AtlasNode;
    let server: TestServer;
    const counter = countingTracer();

    beforeAll(async () => {
      node = await bootNode({ limits: { max_messages_per_second: 100_000 } }, { tracing: counter.tracing });
      server = await startServer(node, 'only', box(0, 0, 100, 100));
      await linksUp(node, 1);
    });

    afterAll(async () => {
      await server.stop();
      await node.drain();
    });

    it('makes no tracer call per message in either direction', async () => {
      const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
      let seq = 0;
      const burst = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          c.send(
            { type: 'PlayerMove', seq: ++seq, timestamp: Date.now(), position: { x: 10 + (i % 50), y: 10, z: 0 }, velocity: { x: 0, y: 0, z: 0 } },
            { type: 'PlayerAction', seq: ++seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(i & 0xff) },
          );
        }
        const want = seq;
        await until(() => c.received.filter((m) => m.type === 'PlayerAction').length >= want / 2, 15_000, 'echoes');
      };
      await burst(5);
      const afterTen = counter.total();
      expect(counter.calls.get('handshakeOpened')).toBe(1);
      expect(counter.calls.get('handshakeEstablished')).toBe(1);
      await burst(1000);
      expect(counter.total()).toBe(afterTen);
      await c.close();
    }, 30_000);
  });
});
