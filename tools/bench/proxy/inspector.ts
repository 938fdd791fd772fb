// A child's V8 inspector (started with --inspect=127.0.0.1:0): forces a full garbage
// collection and reads process.memoryUsage() inside it, so memory per idle player is
// what the node retains, not garbage V8 has not collected yet.
import WebSocket from 'ws';
import type { Child } from './processes';

/** Memory of the inspected process, bytes. */
export interface MemoryUsage {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

/** A node of V8's sampling heap profile (HeapProfiler.SamplingHeapProfileNode). */
export interface SamplingNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly SamplingNode[];
}

/** V8's sampling heap profile (HeapProfiler.SamplingHeapProfile). */
export interface SamplingHeapProfile {
  readonly head: SamplingNode;
}

/** A connected inspector session. */
export interface Inspector {
  /** Starts the sampling heap profiler, keeping objects the GC has collected (every allocation, not only what lives). */
  startAllocationSampling(): Promise<void>;
  stopAllocationSampling(): Promise<SamplingHeapProfile>;
  /** Full GC, then process.memoryUsage(). */
  collectAndMeasure(): Promise<MemoryUsage>;
  /** Full GC, then a heap snapshot (its JSON text). */
  heapSnapshot(): Promise<string>;
  close(): void;
}

/** The node flag that makes a child inspectable on a free loopback port. */
export const INSPECT_FLAG = '--inspect=127.0.0.1:0';

/** Connects to `child`'s inspector (its URL is printed on stderr at start). */
export async function openInspector(child: Child): Promise<Inspector> {
  const line = await child.waitForLine((l) => l.startsWith('Debugger listening on '), 10_000);
  const url = line.slice('Debugger listening on '.length).trim();
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  let chunks: string[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { id?: number; result?: unknown; method?: string; params?: { chunk?: string } };
    if (m.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(m.params?.chunk ?? '');
    if (m.id !== undefined) pending.get(m.id)?.(m.result);
    if (m.id !== undefined) pending.delete(m.id);
  });
  const call = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async collectAndMeasure() {
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
      const r = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } };
      return JSON.parse(r.result.value) as MemoryUsage;
    },
    async heapSnapshot() {
      await call('HeapProfiler.collectGarbage');
      chunks = [];
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      const json = chunks.join('');
      chunks = [];
      return json;
    },
    async startAllocationSampling() {
      await call('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
    },
    async stopAllocationSampling() {
      return ((await call('HeapProfiler.stopSampling')) as { profile: SamplingHeapProfile }).profile;
    },
    close: () => ws.close(),
  };
}
