// The session directory never tells a resume more than the game servers took (protocol §11
// items 4 and 5): a node that dies right after a directory write leaves a record whose
// `lastClientSeq` the client re-sends after, so a seq in it that no server took (held by a
// transfer, held unroutable, in flight) would be dropped from the client's resend buffer
// and lost. A real node on a memory directory whose every session write is checked, at the
// moment it is written, against what the game code of both servers has taken: a transfer
// whose source exports slowly holds two actions, the switch writes the record, and the
// held actions reach the target once each.
import { MemoryBackend, type SessionRecord } from '@atlas/cluster';
import { ActionChannel } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { bootNode, box, linksUp, startServer, type TestServer } from './support/harness';
import { connectClient } from './support/test-client';

const move = (seq: number, x: number) => ({ type: 'PlayerMove' as const, seq, timestamp: Date.now(), position: { x, y: 50, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const action = (seq: number) => ({ type: 'PlayerAction' as const, seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(seq) });

describe('the session directory under a transfer', () => {
  const backend = new MemoryBackend();
  /** Every client seq the game code of either server took, in order. */
  const taken: number[] = [];
  /** Each write of the player's record, with the newest seq taken at that moment. */
  const writes: { readonly serverId: string | null; readonly lastClientSeq: number; readonly takenThen: number }[] = [];
  let node: AtlasNode;
  const servers: TestServer[] = [];
  let exported: () => void = () => undefined;

  beforeAll(async () => {
    const set = backend.sessions.set.bind(backend.sessions);
    backend.sessions.set = (playerId, entry) => {
      const r: SessionRecord = entry.record;
      writes.push({ serverId: r.serverId, lastClientSeq: r.lastClientSeq, takenThen: taken.length === 0 ? 0 : Math.max(...taken) });
      return set(playerId, entry);
    };
    node = await bootNode({}, { memoryBackend: backend });
    const slowExport = new Promise<void>((resolve) => (exported = resolve));
    servers.push(await startServer(node, 'west', box(0, 0, 100, 100), { transfer: { exportState: async (player) => (await slowExport, player.state) } }));
    servers.push(await startServer(node, 'east', box(100, 0, 200, 100)));
    for (const s of servers) s.server.on('message', (_p, m) => void ('seq' in m && taken.push(m.seq)));
    await linksUp(node, 2);
  });

  afterAll(async () => {
    for (const s of servers) await s.stop();
    await node.drain();
  });

  it('records only seqs a server took, while actions are held and when the switch is written; the held ones arrive once each', async () => {
    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
    c.send(move(1, 90), action(2));
    await c.next('PlayerAction', (a) => a.data[0] === 2);
    // Across the border: the transfer waits on west's export, and holds what follows.
    c.send(move(3, 102));
    await c.next('ServerTransfer');
    c.send(action(4), action(5));
    // Held for longer than a turn and a position write (every second here).
    await new Promise((r) => setTimeout(r, 1200));
    expect(taken).toEqual([1, 2, 3]);
    exported();
    await c.next('PlayerAction', (a) => a.data[0] === 5);
    await new Promise((r) => setTimeout(r, 300));
    expect(taken).toEqual([1, 2, 3, 4, 5]);
    const echoed = c.received.flatMap((m) => (m.type === 'PlayerAction' ? [m.data[0]] : []));
    expect(echoed).toEqual([2, 4, 5]);
    // The switch was written (the record names east), and no write named a seq no server had.
    expect(writes.some((w) => w.serverId === servers[1]!.registration.serverId)).toBe(true);
    expect(writes.filter((w) => w.lastClientSeq > w.takenThen)).toEqual([]);
    await c.close();
  }, 20_000);
});
