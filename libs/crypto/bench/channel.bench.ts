// AES-256-GCM session channel: seal+open round trips per second for 64 B and 1 KB
// messages, node:crypto (sync) vs WebCrypto (async, one at a time and 64 in flight),
// against an unencrypted copy of the same bytes measured in the same run. Also the
// per-connection handshake and the per-connect token check. Median of 7 runs.
// Run: npm run bench -- crypto
import * as E from 'fp-ts/lib/Either.js';
import {
  asyncBackendFromSync,
  createAsyncChannel,
  createKeyShare,
  createKeyShareFor,
  createPlayerTokens,
  createWebCryptoChannel,
  deriveSessionKeys,
  handshakeTranscript,
  type SessionKeys,
} from '../src/index';
import {
  createKeyShareForSync,
  createKeyShareSync,
  createNodeChannel,
  createPlayerTokensSync,
  deriveSessionKeysSync,
  nodeBackend,
} from '../src/node/index';

const RUNS = 7;
const SYNC_MS = 250;
const ASYNC_OPS = 2_000;

function must<A>(result: E.Either<unknown, A>): A {
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Ops per second of a synchronous body, run for about SYNC_MS. */
function rateSync(body: () => void): number {
  for (let i = 0; i < 2_000; i++) body();
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < SYNC_MS) {
    for (let i = 0; i < 500; i++) body();
    ops += 500;
    elapsed = performance.now() - start;
  }
  return (ops * 1000) / elapsed;
}

/** Ops per second of an async body run `ops` times, `inFlight` at once. */
async function rateAsync(body: () => Promise<unknown>, ops: number, inFlight: number): Promise<number> {
  for (let i = 0; i < 200; i++) await body();
  const start = performance.now();
  for (let done = 0; done < ops; done += inFlight) {
    await Promise.all(Array.from({ length: inFlight }, body));
  }
  return (ops * 1000) / (performance.now() - start);
}

function keys(): SessionKeys {
  const key = () => globalThis.crypto.getRandomValues(new Uint8Array(32));
  return { suite: 1, clientToServer: key(), serverToClient: key() };
}

interface Row {
  readonly name: string;
  readonly size: number;
  readonly rate: number;
}

async function measure(size: number): Promise<Row[]> {
  const message = globalThis.crypto.getRandomValues(new Uint8Array(size));
  const k = keys();
  const nodeClient = createNodeChannel({ keys: k, role: 'client' });
  const nodeServer = createNodeChannel({ keys: k, role: 'server' });
  const webClient = await createWebCryptoChannel({ keys: k, role: 'client' });
  const webServer = await createWebCryptoChannel({ keys: k, role: 'server' });
  const adaptedClient = await createAsyncChannel(asyncBackendFromSync(nodeBackend), { keys: k, role: 'client' });
  const adaptedServer = await createAsyncChannel(asyncBackendFromSync(nodeBackend), { keys: k, role: 'server' });
  const sendBuffer = new Uint8Array(nodeClient.sealedLength(size));
  let sink = 0;

  const cases: [string, () => Promise<number>][] = [
    [
      'unencrypted copy out and back (baseline)',
      async () =>
        rateSync(() => {
          const wire = new Uint8Array(size);
          wire.set(message);
          sink += wire.slice()[0] ?? 0;
        }),
    ],
    ['node:crypto SyncChannel seal + open', async () => rateSync(() => void nodeServer.open(nodeClient.seal(message)))],
    [
      'node:crypto sealInto (reused buffer) + open',
      async () =>
        rateSync(() => {
          nodeClient.sealInto(message, sendBuffer, 0);
          nodeServer.open(sendBuffer);
        }),
    ],
    ['WebCrypto AsyncChannel, one at a time', () => rateAsync(async () => webServer.open(await webClient.seal(message)), ASYNC_OPS, 1)],
    ['WebCrypto AsyncChannel, 64 in flight', () => rateAsync(async () => webServer.open(await webClient.seal(message)), ASYNC_OPS * 2, 64)],
    ['node:crypto under AsyncChannel, one at a time', () => rateAsync(async () => adaptedServer.open(await adaptedClient.seal(message)), ASYNC_OPS * 4, 1)],
  ];

  const rows: Row[] = [];
  for (const [name, run] of cases) {
    const rates: number[] = [];
    for (let r = 0; r < RUNS; r++) rates.push(await run());
    rows.push({ name, size, rate: median(rates) });
  }
  if (sink < 0) console.log(sink);
  return rows;
}

async function handshakes(): Promise<[string, number][]> {
  const transcript = handshakeTranscript(new Uint8Array(60), new Uint8Array(80));
  const nodeOne = () => {
    const client = must(createKeyShareSync());
    const server = must(createKeyShareForSync(client.keyShare));
    must(deriveSessionKeysSync({ role: 'server', local: server, peerKeyShare: client.keyShare, transcript }));
  };
  const webOne = async () => {
    const client = must(await createKeyShare());
    const server = must(await createKeyShareFor(client.keyShare));
    must(await deriveSessionKeys({ role: 'server', local: server, peerKeyShare: client.keyShare, transcript }));
  };
  const secret = 'a benchmark token secret that is long enough';
  const syncTokens = must(createPlayerTokensSync(secret));
  const webTokens = must(await createPlayerTokens(secret));
  const token = syncTokens.issue({ playerId: 'player-123456', expiresInSeconds: 3600, claims: { name: 'Ada' } });
  const out: [string, number][] = [];
  const time = async (name: string, run: () => Promise<number>) => {
    const rates: number[] = [];
    for (let r = 0; r < RUNS; r++) rates.push(await run());
    out.push([name, median(rates)]);
  };
  await time('X25519 handshake, server side (node:crypto sync: key pair + ECDH + HKDF)', async () => rateSync(nodeOne));
  await time('X25519 handshake, server side (WebCrypto)', () => rateAsync(webOne, 300, 1));
  await time('player token verify (node:crypto sync)', async () => rateSync(() => void syncTokens.verify(token)));
  await time('player token verify (WebCrypto)', () => rateAsync(() => webTokens.verify(token), ASYNC_OPS, 1));
  return out;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const us = (rate: number) => (1e6 / rate).toFixed(2);

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${RUNS} runs per case, median. One op = seal one message and open it.\n`);
  console.log('| case | message | ops/s | us per op | cost vs copy |');
  console.log('|---|---:|---:|---:|---:|');
  for (const size of [64, 1024]) {
    const rows = await measure(size);
    const baseline = rows[0]?.rate ?? 1;
    for (const row of rows) {
      console.log(`| ${row.name} | ${row.size} B | ${fmt(row.rate)} | ${us(row.rate)} | ${(baseline / row.rate).toFixed(1)}x |`);
    }
  }
  console.log('\n| per connection | ops/s | us per op |');
  console.log('|---|---:|---:|');
  for (const [name, rate] of await handshakes()) console.log(`| ${name} | ${fmt(rate)} | ${us(rate)} |`);
}

void main();
