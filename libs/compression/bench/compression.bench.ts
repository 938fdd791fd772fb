// `npm run bench -- compression`: lz4js and fflate (through this library's frames) against
// native lz4-napi and node:zlib on generated game-state snapshots, plus delta sizes for a
// tick where 5% of the entities changed. Medians of REPS timed runs, all in one process.
import { deflateRawSync, inflateRawSync, constants as zlibConstants } from 'node:zlib';
import * as lz4js from 'lz4js';
import { compressSync as lz4NativeCompress, uncompressSync as lz4NativeUncompress } from 'lz4-napi';
import { createCompressor, createDeltaCodec } from '../src/index';
import { advanceSnapshot, generateSnapshot, snapshotOfSize } from '../src/testing/game-state';

const REPS = 7;
const RUN_MS = 120;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** One timed loop: MB/s (of `bytes` per call) over about RUN_MS. */
function rate(bytes: number, fn: () => unknown): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 16; i++) fn();
    calls += 16;
    elapsed = performance.now() - start;
  } while (elapsed < RUN_MS);
  return (calls * bytes) / 1e6 / (elapsed / 1000);
}

/**
 * Median MB/s of each case. Repetitions are interleaved (every case once per round) so that
 * background load on the machine weighs on all cases alike and the ratios stay fair.
 */
function throughputs(bytes: number, cases: ReadonlyArray<() => unknown>): number[] {
  for (const fn of cases) for (let i = 0; i < 50; i++) fn(); // warm-up
  const rates = cases.map(() => [] as number[]);
  for (let r = 0; r < REPS; r++) cases.forEach((fn, k) => rates[k]?.push(rate(bytes, fn)));
  return rates.map(median);
}

interface Row {
  readonly name: string;
  readonly wire: number;
  readonly compress: number;
  readonly decompress: number;
}

function codecRows(payload: Uint8Array): Row[] {
  const n = payload.length;
  const lz4 = createCompressor({ algorithm: 'lz4', threshold: 0, maxDecompressedBytes: 1 << 20 });
  const deflate = createCompressor({ algorithm: 'deflate', threshold: 0, maxDecompressedBytes: 1 << 20 });
  const deflate6 = createCompressor({ algorithm: 'deflate', threshold: 0, deflateLevel: 6, maxDecompressedBytes: 1 << 20 });
  const buffer = Buffer.from(payload);
  const row = (name: string, encode: () => Uint8Array, decode: (wire: Uint8Array) => unknown) => {
    const wire = encode();
    return { name, wire: wire.length, encode, decode: () => decode(wire) };
  };
  const cases = [
    row('@atlas lz4 (lz4js block)', () => lz4.compress(payload), (f) => lz4.decompress(f)),
    row('lz4js frame API, size passed', () => lz4js.compress(payload), (f) => lz4js.decompress(f, n)),
    row('lz4-napi (native)', () => lz4NativeCompress(buffer), (f) => lz4NativeUncompress(f as Buffer)),
    row('@atlas deflate L1 (fflate)', () => deflate.compress(payload), (f) => deflate.decompress(f)),
    row('@atlas deflate L6 (fflate)', () => deflate6.compress(payload), (f) => deflate6.decompress(f)),
    row('node:zlib deflateRaw L1', () => deflateRawSync(buffer, { level: 1 }), (f) => inflateRawSync(f)),
    row('node:zlib deflateRaw L6', () => deflateRawSync(buffer, { level: zlibConstants.Z_DEFAULT_COMPRESSION }), (f) => inflateRawSync(f)),
  ];
  const compress = throughputs(n, cases.map((c) => c.encode));
  const decompress = throughputs(n, cases.map((c) => c.decode));
  return cases.map((c, k) => ({ name: c.name, wire: c.wire, compress: compress[k] as number, decompress: decompress[k] as number }));
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);

console.log(`Game-state snapshots (32-byte entity records); median of ${REPS} runs of ${RUN_MS} ms; MB/s of uncompressed bytes.\n`);
for (const size of [4096, 65536]) {
  const payload = snapshotOfSize(size, 11);
  const rows = codecRows(payload);
  const lz4Native = rows.find((r) => r.name.startsWith('lz4-napi')) as Row;
  const zlib1 = rows.find((r) => r.name.endsWith('deflateRaw L1')) as Row;
  console.log(`### ${payload.length} bytes (${size / 1024} KB)\n`);
  console.log('| codec | wire bytes | ratio | compress MB/s | decompress MB/s | compress vs native | decompress vs native |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const native = r.name.includes('lz4') ? lz4Native : zlib1;
    console.log(
      `| ${r.name} | ${r.wire} | ${fmt(payload.length / r.wire, 2)} | ${fmt(r.compress)} | ${fmt(r.decompress)} | ${fmt(
        r.compress / native.compress,
        2,
      )}x | ${fmt(r.decompress / native.decompress, 2)}x |`,
    );
  }
  console.log('');
}

console.log('"vs native": lz4 rows against lz4-napi, deflate rows against node:zlib level 1, same run.\n');
console.log('### Delta of a tick with 5% of entities changed\n');
console.log('| snapshot | entities | delta bytes | delta / snapshot | lz4 frame of delta | lz4 frame of full snapshot | encode MB/s | apply MB/s |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const codec = createDeltaCodec();
const lz4 = createCompressor({ algorithm: 'lz4', threshold: 0 });
for (const entities of [127, 2047]) {
  const base = generateSnapshot(entities, 21);
  const target = advanceSnapshot(base, 0.05, 22);
  const delta = codec.encode(base, target);
  const [encode, apply] = throughputs(target.length, [() => codec.encode(base, target), () => codec.apply(base, delta)]) as [number, number];
  console.log(
    `| ${target.length} | ${entities} | ${delta.length} | ${fmt((100 * delta.length) / target.length)}% | ${lz4.compress(delta).length} | ${
      lz4.compress(target).length
    } | ${fmt(encode)} | ${fmt(apply)} |`,
  );
}
console.log('\nTarget: delta <= 15% of the full snapshot. MB/s of snapshot bytes.');
