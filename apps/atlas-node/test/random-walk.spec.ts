// 200 encrypted players random-walk across the borders of a 2x2 world for 10 s. Every
// player's sequence numbers must arrive gap-free and duplicate-free in both
// directions (client -> servers across handovers, node -> client), every action must
// be echoed exactly once, and the transfers are counted.
import { ActionChannel, TransferPhase } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { bootNode, box, linksUp, startServer, type TestServer } from './support/harness';
import { connectClient, type TestClient } from './support/test-client';

const PLAYERS = 200;
const WALK_MS = 10_000;
const STEP_MS = 50;
const WORLD = 200;

interface Walker {
  c: TestClient;
  x: number;
  y: number;
  vx: number;
  vy: number;
  seq: number;
  actions: number;
}

describe('200 players random-walking across borders', () => {
  let node: AtlasNode;
  const servers: TestServer[] = [];
  // playerId -> client seqs seen by the game servers, in arrival order (all servers together).
  const upstream = new Map<string, number[]>();

  beforeAll(async () => {
    node = await bootNode({ limits: { max_messages_per_second: 1000 }, game_servers: { transfer_timeout: 5 } });
    for (const [i, j] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
      const t = await startServer(node, `cell-${i}-${j}`, box(i * 100, j * 100, i * 100 + 100, j * 100 + 100));
      t.server.on('message', (p, m) => {
        if (m.type !== 'PlayerMove' && m.type !== 'PlayerAction') return;
        const list = upstream.get(p.playerId);
        if (list === undefined) upstream.set(p.playerId, [m.seq]);
        else list.push(m.seq);
      });
      servers.push(t);
    }
    await linksUp(node, 4);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await node.drain();
  });

  it('loses and duplicates nothing, in either direction, across the transfers', async () => {
    const url = `ws://127.0.0.1:${node.port}/ws`;
    const walkers: Walker[] = [];
    for (let i = 0; i < PLAYERS; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => connectClient(url)));
      for (const c of batch) {
        const angle = Math.random() * 2 * Math.PI;
        walkers.push({ c, x: 80 + Math.random() * 40, y: 80 + Math.random() * 40, vx: Math.cos(angle) * 40, vy: Math.sin(angle) * 40, seq: 0, actions: 0 });
      }
    }
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        for (const w of walkers) {
          w.x += (w.vx * STEP_MS) / 1000;
          w.y += (w.vy * STEP_MS) / 1000;
          if (w.x < 1 || w.x > WORLD - 1) w.vx = -w.vx;
          if (w.y < 1 || w.y > WORLD - 1) w.vy = -w.vy;
          if (Math.random() < 0.05) {
            const angle = Math.random() * 2 * Math.PI;
            w.vx = Math.cos(angle) * 40;
            w.vy = Math.sin(angle) * 40;
          }
          const data = new Uint8Array(8);
          new DataView(data.buffer).setUint32(0, ++w.actions, true);
          w.c.send(
            { type: 'PlayerMove', seq: ++w.seq, timestamp: Date.now(), position: { x: w.x, y: w.y, z: 0 }, velocity: { x: w.vx, y: w.vy, z: 0 } },
            { type: 'PlayerAction', seq: ++w.seq, channel: ActionChannel.Reliable, tag: 1, data },
          );
        }
        if (Date.now() - started >= WALK_MS) {
          clearInterval(timer);
          resolve();
        }
      }, STEP_MS);
    });
    // Let in-flight echoes land.
    const settle = Date.now() + 5000;
    const echoed = (w: Walker): number => w.c.received.filter((m) => m.type === 'PlayerAction').length;
    while (Date.now() < settle && walkers.some((w) => echoed(w) < w.actions)) await new Promise((r) => setTimeout(r, 50));

    let transfers = 0;
    for (const w of walkers) {
      // node -> client: gap-free, duplicate-free, in order.
      const st = w.c.tracker.stats();
      expect({ gaps: st.gaps, duplicates: st.duplicates, late: st.late }).toEqual({ gaps: 0, duplicates: 0, late: 0 });
      // every action echoed exactly once.
      const ids = w.c.received.filter((m) => m.type === 'PlayerAction').map((m) => (m.type === 'PlayerAction' ? new DataView(m.data.buffer, m.data.byteOffset).getUint32(0, true) : 0));
      expect(ids.length).toBe(w.actions);
      expect(new Set(ids).size).toBe(w.actions);
      // client -> servers: every seq exactly once, in order, across handovers.
      const seen = upstream.get(w.c.welcome.playerId) ?? [];
      expect(seen.length).toBe(w.seq);
      expect(seen.every((v, i) => v === i + 1)).toBe(true);
      transfers += w.c.received.filter((m) => m.type === 'ServerTransfer' && m.phase === TransferPhase.Completed).length;
      // An aborted transfer (possible on a loaded CI machine) must lose nothing either: checked above.
    }
    const metrics = await node.metrics.render();
    const completed = Number(/atlas_transfers_total\{outcome="completed"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
    expect(transfers).toBeGreaterThan(100);
    expect(completed).toBe(transfers);
    await Promise.all(walkers.map((w) => w.c.close()));
  }, 60_000);
});
