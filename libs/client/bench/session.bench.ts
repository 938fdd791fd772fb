// Client session pipeline cost per message, in one process: encode -> [lz4] -> [seal] on
// send and [open] -> [decompress] -> decode on receive, for a 64-byte PlayerAction.
// Baseline: raw + plaintext. Variants: node:crypto channel (the `syncCrypto` option),
// WebCrypto channel (the browser default; 64 frames in flight), batching 16 messages per
// frame, and lz4 offered on small frames (a move + an action: what a game client sends
// per turn). Medians of REPS runs of CPU time; prints a markdown table. Then the memory
// one client session costs before it sends anything (codec, batch writer, crypto).
import * as E from 'fp-ts/lib/Either.js';
import { createWebCryptoChannel, type AsyncChannel, type SyncChannel } from '@atlas/crypto';
import { createNodeChannel } from '@atlas/crypto/node';
import * as nodeCrypto from '@atlas/crypto/node';
import { ActionChannel, Codec, type ClientSingleMessage, type PlayerAction } from '@atlas/protocol';
import { createAtlasClient, FrameCodec, type AtlasClient } from '../src/index';

const REPS = 7;
const MESSAGES = 40_000;
const keys = { suite: 1 as const, clientToServer: new Uint8Array(32).fill(1), serverToClient: new Uint8Array(32).fill(2) };
const action = (seq: number): PlayerAction => ({ type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag: 7, data: new Uint8Array(64).fill(seq & 0xff) });

const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Variant {
  readonly name: string;
  readonly compression: typeof Codec.Raw | typeof Codec.Lz4;
  readonly seal: 'none' | 'sync' | 'web';
  readonly batch: number;
  /** Each frame is a PlayerMove and then `batch - 1` actions (a game turn), instead of actions only. */
  readonly withMove?: boolean;
}

const move = (seq: number): ClientSingleMessage => ({ type: 'PlayerMove', seq, timestamp: seq, position: { x: seq, y: 2, z: 0 }, velocity: { x: 1, y: 0, z: 0 } });

/** One client -> node -> (decoded) trip of MESSAGES messages; returns CPU microseconds per message. */
async function run(v: Variant, client: SyncChannel | AsyncChannel | undefined, server: SyncChannel | AsyncChannel | undefined): Promise<number> {
  const tx = new FrameCodec('binary', { compression: v.compression, encryption: v.seal === 'none' ? Codec.Plaintext : Codec.X25519Aes256Gcm });
  const rx = new FrameCodec('binary', { compression: v.compression, encryption: v.seal === 'none' ? Codec.Plaintext : Codec.X25519Aes256Gcm });
  let received = 0;
  const t0 = cpu();
  const inflight: Promise<void>[] = [];
  // As the client does: frames go out in seal-call order, and are opened in arrival order.
  let wire: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < MESSAGES; i += v.batch) {
    for (let j = 0; j < v.batch; j++) tx.add(v.withMove === true && j === 0 ? move(i + j + 1) : action(i + j + 1));
    const payload = tx.take() as Uint8Array;
    if (v.seal === 'none') {
      const d = rx.decode(payload);
      if (E.isRight(d)) received += d.right.length;
    } else if (v.seal === 'sync') {
      const opened = (server as SyncChannel).open((client as SyncChannel).seal(payload));
      if (E.isRight(opened)) {
        const d = rx.decode(opened.right);
        if (E.isRight(d)) received += d.right.length;
      }
    } else {
      const sealed = (client as AsyncChannel).seal(payload);
      const arrived = wire.then(() => sealed).then((f) => (server as AsyncChannel).open(f));
      wire = arrived;
      inflight.push(
        arrived.then((opened) => {
          if (E.isRight(opened)) {
            const d = rx.decode(opened.right);
            if (E.isRight(d)) received += d.right.length;
          }
        }),
      );
      if (inflight.length >= 64) await Promise.all(inflight.splice(0));
    }
  }
  await Promise.all(inflight);
  if (received !== MESSAGES) throw new Error(`${v.name}: ${received} of ${MESSAGES} decoded`);
  return (cpu() - t0) / MESSAGES;
}

async function main(): Promise<void> {
  const variants: Variant[] = [
    { name: 'raw, plaintext, 1 per frame (baseline)', compression: Codec.Raw, seal: 'none', batch: 1 },
    { name: 'raw, node:crypto, 1 per frame', compression: Codec.Raw, seal: 'sync', batch: 1 },
    { name: 'raw, node:crypto, 16 per frame', compression: Codec.Raw, seal: 'sync', batch: 16 },
    { name: 'lz4, node:crypto, 16 per frame', compression: Codec.Lz4, seal: 'sync', batch: 16 },
    { name: 'raw, node:crypto, move + action per frame', compression: Codec.Raw, seal: 'sync', batch: 2, withMove: true },
    { name: 'lz4, node:crypto, move + action per frame', compression: Codec.Lz4, seal: 'sync', batch: 2, withMove: true },
    { name: 'raw, WebCrypto, 1 per frame', compression: Codec.Raw, seal: 'web', batch: 1 },
    { name: 'raw, WebCrypto, 16 per frame', compression: Codec.Raw, seal: 'web', batch: 16 },
  ];
  const results = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let r = 0; r < REPS + 1; r++) {
    for (const v of variants) {
      const [c, s] =
        v.seal === 'sync'
          ? [createNodeChannel({ keys, role: 'client' }), createNodeChannel({ keys, role: 'server' })]
          : v.seal === 'web'
            ? [await createWebCryptoChannel({ keys, role: 'client' }), await createWebCryptoChannel({ keys, role: 'server' })]
            : [undefined, undefined];
      const us = await run(v, c, s);
      if (r > 0) results.get(v.name)?.push(us); // the first round warms up
    }
  }
  const base = median(results.get(variants[0]?.name as string) as number[]);
  console.log(`${MESSAGES} PlayerActions (64-byte payload) client -> node per run, median of ${REPS} runs, CPU time\n`);
  console.log('| pipeline (send + receive, one process) | us per message | vs baseline |');
  console.log('|---|---:|---:|');
  for (const v of variants) {
    const m = median(results.get(v.name) as number[]);
    console.log(`| ${v.name} | ${m.toFixed(2)} | ${(m / base).toFixed(1)}x |`);
  }
  await memory();
}

/** Bytes (heap + array buffers) one unconnected client and one open session's FrameCodec retain. */
async function memory(): Promise<void> {
  const gcFn = (globalThis as { gc?: () => void }).gc;
  if (gcFn === undefined) return;
  const N = 10_000;
  // Array-buffer backing stores are freed after the sweep: collect until the figure settles.
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 4; i++) {
      gcFn();
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const measure = async (make: () => unknown): Promise<{ heap: number; buffers: number }> => {
    const keep: unknown[] = [];
    await settle();
    const m0 = process.memoryUsage();
    for (let i = 0; i < N; i++) keep.push(make());
    await settle();
    const m1 = process.memoryUsage();
    if (keep.length !== N) throw new Error('lost');
    return { heap: (m1.heapUsed - m0.heapUsed) / N, buffers: (m1.arrayBuffers - m0.arrayBuffers) / N };
  };
  const codec = await medianOf(() => measure(() => new FrameCodec('binary', { compression: Codec.Lz4, encryption: Codec.X25519Aes256Gcm })));
  const client = await medianOf(() => measure((): AtlasClient => createAtlasClient({ url: 'ws://127.0.0.1:1/ws', token: 't', syncCrypto: nodeCrypto })));
  console.log(`\nRetained per instance (${N} instances, median of ${REPS} runs, after gc):\n`);
  console.log('| object | heap bytes | array-buffer bytes |');
  console.log('|---|---:|---:|');
  console.log(`| FrameCodec (lz4, sealed session) | ${codec.heap.toFixed(0)} | ${codec.buffers.toFixed(0)} |`);
  console.log(`| AtlasClient before connect (syncCrypto) | ${client.heap.toFixed(0)} | ${client.buffers.toFixed(0)} |`);
}

async function medianOf(f: () => Promise<{ heap: number; buffers: number }>): Promise<{ heap: number; buffers: number }> {
  const runs: { heap: number; buffers: number }[] = [];
  for (let i = 0; i < REPS; i++) runs.push(await f());
  return { heap: median(runs.map((r) => r.heap)), buffers: median(runs.map((r) => r.buffers)) };
}

void (process.argv.includes("--memory-only") ? memory() : main());
