// Malformed-frame fuzz over real sockets: garbage before the handshake, unsealed and
// sealed garbage after it, mutated valid frames. Each bad connection gets an Error or a
// close with an Atlas code; good clients keep round-tripping the whole time.
import { seededRandom } from '@atlas/common';
import { ActionChannel, CloseCode, ErrorCode, encodeClientMessage, isAtlasCode, type ClientSingleMessage } from '@atlas/protocol';
import WebSocket from 'ws';
import { ONE_SERVER, useWorld } from './support/harness';
import { connectClient, type TestClient } from './support/test-client';

const move = (seq: number): ClientSingleMessage => ({ type: 'PlayerMove', seq, timestamp: 1, position: { x: 10, y: 10, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const action = (seq: number, n: number): ClientSingleMessage => ({ type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(n & 0xff) });

function rawSocket(url: string): Promise<WebSocket> {
  return new Promise((res, rej) => {
    const ws = new WebSocket(url);
    ws.on('open', () => res(ws));
    ws.on('error', rej);
  });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((res) => (ws.readyState === WebSocket.CLOSED ? res(1006) : ws.on('close', (code) => res(code))));
}

describe('malformed frames', () => {
  const world = useWorld(ONE_SERVER, { limits: { max_messages_per_second: 10_000 } });
  const rand = seededRandom(0xa71a5);

  it('closes or answers every bad connection while good clients keep working', async () => {
    const good: TestClient[] = await Promise.all([connectClient(world.url), connectClient(world.url), connectClient(world.url)]);
    const seqs = good.map(() => 2);
    good.forEach((c) => c.send(move(1)));
    let rounds = 0;
    let stop = false;
    const pinging = (async () => {
      while (!stop) {
        await Promise.all(good.map(async (c, i) => {
          const n = (seqs[i] = (seqs[i] ?? 0) + 1);
          c.send(action(n, n));
          await c.next('PlayerAction', (a) => a.seq > 0 && a.data[0] === (n & 0xff) && c.received.length > 0);
        }));
        rounds++;
        // Yield to timers: a round whose echoes are already buffered resolves in microtasks
        // only, and the loop would then never let the timer that sets `stop` run.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();

    // The pinger runs until the checks below end, however they end: a failed check must not
    // leave it looping and Jest waiting on it.
    try {
      const outcomes: number[] = [];
      // Before the handshake: random bytes, random text, truncated and wrong-version PlayerConnect.
      for (let i = 0; i < 60; i++) {
        const ws = await rawSocket(world.url);
        const kind = i % 3;
        const bytes = Uint8Array.from({ length: 1 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256));
        if (kind === 0) ws.send(bytes);
        else if (kind === 1) ws.send(`{"message_type":"player_connect","data":"${Buffer.from(bytes).toString('base64').slice(0, 20)}"`);
        else ws.send(Uint8Array.of(1 + Math.floor(rand() * 9), 1, ...bytes.subarray(0, 10)));
        outcomes.push(await closeCode(ws));
      }
      for (const code of outcomes) expect(isAtlasCode(code)).toBe(true);

      // After the handshake: unsealed garbage closes with DecryptFailed...
      const c1 = await connectClient(world.url);
      c1.sendRaw(Uint8Array.of(1, 2, 3, 4, 5));
      expect((await c1.closed).code).toBe(CloseCode.DecryptFailed);
      // ...sealed garbage and mutated valid frames get an Error and the connection stays.
      const c2 = await connectClient(world.url);
      const valid = encodeClientMessage(action(1, 1));
      // Mutations spare the seq (bytes 2-5): a mutant that still decodes is a real action, and
      // one with a seq far ahead would rightly make the game server drop the real 1001 below
      // as a replay (exactly-once dedup in serial-number order).
      const mutable = [0, 1, ...Array.from({ length: valid.length - 6 }, (_, k) => k + 6)];
      for (let i = 0; i < 300; i++) {
        const frame = valid.slice();
        const flips = 1 + Math.floor(rand() * 4);
        for (let f = 0; f < flips; f++) frame[mutable[Math.floor(rand() * mutable.length)] as number] = Math.floor(rand() * 256);
        c2.sendSealed(i % 2 === 0 ? frame : Uint8Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)));
      }
      c2.send(move(1000), action(1001, 42));
      await c2.next('PlayerAction', (a) => a.data[0] === 42);
      expect(c2.received.some((m) => m.type === 'Error' && m.code === ErrorCode.InvalidFrame)).toBe(true);
      await c2.close();
    } finally {
      stop = true;
      await pinging;
    }
    expect(rounds).toBeGreaterThan(3);
    for (const c of good) {
      const st = c.tracker.stats();
      expect(st.gaps + st.duplicates).toBe(0);
      await c.close();
    }
  }, 30_000);
});
