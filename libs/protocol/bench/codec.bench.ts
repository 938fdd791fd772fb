// PlayerMove: binary encode+decode (reused writer) vs the JSON envelope baseline
// (JSON.stringify + JSON.parse of {message_type, player_id, data: base64, timestamp}),
// measured in the same process. Prints a markdown table of medians over REPS runs.
import { encodeBase64 } from '@atlas/common';
import {
  ByteWriter,
  createClientBatchWriter,
  decodeClientJson,
  decodeClientMessage,
  encodeClientJson,
  encodeClientMessage,
  type PlayerMove,
} from '../src/index';

const REPS = 7;
const OPS = 200_000;

const move: PlayerMove = {
  type: 'PlayerMove',
  seq: 123456,
  timestamp: 1_700_000_000_123,
  position: { x: 10234.5625, y: 12.25, z: -4411.125 },
  velocity: { x: 3.5, y: 0, z: -1.25 },
};
const withOrientation: PlayerMove = { ...move, orientation: { x: 0, y: 0.7071067690849304, z: 0, w: 0.7071067690849304 } };
const playerId = 'player-000042';

let sink = 0;

/** CPU time of this process in microseconds: steadier than wall time on a shared machine. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Runs every variant OPS times per repetition, interleaved (so load changes hit all alike); median ops/s each. */
function measureAll(variants: Record<string, (i: number) => void>): Record<string, number> {
  const entries = Object.entries(variants).map(([name, fn]) => ({ name, fn, rates: [] as number[] }));
  for (const { fn } of entries) for (let i = 0; i < OPS / 4; i++) fn(i); // warm up
  for (let r = 0; r < REPS; r++) {
    for (const { fn, rates } of entries) {
      const t0 = cpuMicros();
      for (let i = 0; i < OPS; i++) fn(i);
      rates.push(OPS / ((cpuMicros() - t0) / 1e6));
    }
  }
  return Object.fromEntries(entries.map(({ name, rates }) => [name, median(rates)]));
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const writer = new ByteWriter(256);
function binaryRoundTrip(m: PlayerMove): (i: number) => void {
  return (i) => {
    const frame = encodeClientMessage(
      { type: 'PlayerMove', seq: i, timestamp: m.timestamp, position: m.position, velocity: m.velocity, orientation: m.orientation },
      writer,
    );
    const r = decodeClientMessage(frame);
    if (r._tag === 'Right' && r.right.type === 'PlayerMove') sink += r.right.seq;
  };
}

// The baseline: the envelope with its base64 data already made (the cheapest JSON can be).
const body = encodeClientMessage(move).subarray(2);
const data = encodeBase64(body);
function jsonBaseline(i: number): void {
  const text = JSON.stringify({ message_type: 'player_move', player_id: playerId, data, timestamp: move.timestamp + i });
  const o = JSON.parse(text) as { timestamp: number };
  sink += o.timestamp;
}

function jsonCodec(i: number): void {
  const text = encodeClientJson({ type: 'PlayerMove', seq: i, timestamp: move.timestamp, position: move.position, velocity: move.velocity }, { playerId });
  const r = decodeClientJson(text);
  if (r._tag === 'Right' && r.right.type === 'PlayerMove') sink += r.right.seq;
}

const batch = createClientBatchWriter();
function batchOfTen(i: number): void {
  batch.reset();
  for (let k = 0; k < 10; k++) batch.add({ type: 'PlayerMove', seq: i + k, timestamp: move.timestamp, position: move.position, velocity: move.velocity });
  const r = decodeClientMessage(batch.finish() as Uint8Array);
  if (r._tag === 'Right' && r.right.type === 'Batch') sink += r.right.messages.length;
}

const baselineText = JSON.stringify({ message_type: 'player_move', player_id: playerId, data, timestamp: move.timestamp });
const sizes = {
  binary: encodeClientMessage(move).length,
  binaryOrientation: encodeClientMessage(withOrientation).length,
  baseline: new TextEncoder().encode(baselineText).length,
  jsonCodec: new TextEncoder().encode(encodeClientJson(move, { playerId })).length,
};

const m = measureAll({
  baseline: jsonBaseline,
  binary: binaryRoundTrip(move),
  binaryOrientation: binaryRoundTrip(withOrientation),
  json: jsonCodec,
  batched: batchOfTen,
});
const { baseline, binary, binaryOrientation, json, batched } = m as Record<'baseline' | 'binary' | 'binaryOrientation' | 'json' | 'batched', number>;

const f = (n: number): string => Math.round(n).toLocaleString('en-US');
const x = (n: number): string => `${n.toFixed(1)}x`;
console.log(`PlayerMove encode+decode, median of ${REPS} interleaved runs x ${OPS.toLocaleString('en-US')} ops, CPU time (Node ${process.versions.node})\n`);
console.log('| variant | round trips/s | speed vs JSON baseline | bytes | size vs JSON baseline |');
console.log('|---|---:|---:|---:|---:|');
console.log(`| JSON envelope baseline (stringify+parse, base64 data precomputed) | ${f(baseline)} | 1.0x | ${sizes.baseline} | 1.0x |`);
console.log(`| binary PlayerMove (reused writer) | ${f(binary)} | ${x(binary / baseline)} | ${sizes.binary} | ${x(sizes.baseline / sizes.binary)} smaller |`);
console.log(`| binary PlayerMove with orientation | ${f(binaryOrientation)} | ${x(binaryOrientation / baseline)} | ${sizes.binaryOrientation} | ${x(sizes.baseline / sizes.binaryOrientation)} smaller |`);
console.log(`| @atlas/protocol JSON codec (envelope + base64 + body) | ${f(json)} | ${x(json / baseline)} | ${sizes.jsonCodec} | ${x(sizes.baseline / sizes.jsonCodec)} smaller |`);
console.log(`| binary Batch of 10 moves (per move) | ${f(batched * 10)} | ${x((batched * 10) / baseline)} | ${Math.round((batch.byteLength) / 10)} | ${x(sizes.baseline / (batch.byteLength / 10))} smaller |`);
if (sink === 42) console.log(''); // keeps the work observable
