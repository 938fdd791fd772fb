// The demo shows it: two sim-server processes (west 0..100, east 100..200) behind a real
// node. A player of east near the border receives, in east's StateSync, the player of west
// just across it, marked as a ghost (apps/sim-server/README.md, "StateSync payload").
import { join } from 'node:path';
import { ActionChannel, type StateSync } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { bootNode, linksUp, until } from './support/harness';
import { bundle, spawnNode, type Child } from './support/processes';
import { connectClient } from './support/test-client';

const GHOST_BIT = 0x80000000;

/** The sim's StateSync entries: u16 count, then u32 number (top bit: ghost), f32 x, y, z. */
function entries(data: Uint8Array): { ghost: boolean; x: number }[] {
  const dv = new DataView(data.buffer, data.byteOffset, data.length);
  const out: { ghost: boolean; x: number }[] = [];
  for (let i = 0; i < dv.getUint16(0, true); i++) out.push({ ghost: dv.getUint32(2 + i * 16, true) >= GHOST_BIT, x: dv.getFloat32(2 + i * 16 + 4, true) });
  return out;
}

describe('sim-server shows ghosts to its players', () => {
  let node: AtlasNode;
  let script: string;
  const sims: Child[] = [];
  const startSim = (cell: string): Child => {
    const args = ['--grid', '2x1', '--cell', cell, '--world', '200', '--register', `http://127.0.0.1:${node.port}`, '--sync-hz', '10', '--sync-radius', '30', '--json'];
    const child = spawnNode(script, args, /"event":"registered"/);
    sims.push(child);
    return child;
  };

  beforeAll(async () => {
    node = await bootNode();
    script = await bundle(join(__dirname, '..', '..', 'sim-server', 'src', 'main.ts'));
    await Promise.all(['0,0', '1,0'].map((cell) => startSim(cell).ready));
    await linksUp(node, 2);
  }, 30_000);

  afterAll(async () => {
    for (const s of sims) if (s.process.exitCode === null && s.process.signalCode === null) s.process.kill('SIGTERM');
    await Promise.all(sims.map((s) => s.exited));
    await node.drain();
  });

  it("lists the west player just across the border in the east player's StateSync", async () => {
    const place = async (x: number) => {
      const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
      c.send({ type: 'PlayerMove', seq: 1, timestamp: 1, position: { x, y: 50, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
      c.send({ type: 'PlayerAction', seq: 2, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(1) });
      await c.next('PlayerAction');
      return c;
    };
    const westPlayer = await place(95);
    const eastPlayer = await place(105);
    const sync = await eastPlayer.next('StateSync', (s: StateSync) => entries(s.data).some((e) => e.ghost), 5000);
    expect(entries(sync.data)).toEqual([{ ghost: true, x: 95 }]);
    // And the other way round: west shows east's player as a ghost.
    const back = await westPlayer.next('StateSync', (s: StateSync) => entries(s.data).some((e) => e.ghost), 5000);
    expect(entries(back.data)).toEqual([{ ghost: true, x: 105 }]);
    await westPlayer.close();
    await until(() => eastPlayer.received.filter((m) => m.type === 'StateSync').slice(-1).every((s) => entries((s as StateSync).data).length === 0), 5000, 'the ghost to leave the StateSync');
    await eastPlayer.close();
  });

  it('keeps the owner playing when the viewing server is killed, and ghosts to it again once it is back', async () => {
    const place = async (x: number, seq = 1) => {
      const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
      c.send({ type: 'PlayerMove', seq, timestamp: 1, position: { x, y: 50, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
      return c;
    };
    const westPlayer = await place(95);
    const eastPlayer = await place(105);
    await eastPlayer.next('StateSync', (s: StateSync) => entries(s.data).some((e) => e.ghost), 5000);
    const east = sims[1] as Child;
    east.process.kill('SIGKILL');
    await east.exited;
    // West's player plays on: every action echoed by west, no error from the lost viewer.
    for (let seq = 2; seq <= 6; seq++) {
      westPlayer.send({ type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(seq) });
      await westPlayer.next('PlayerAction', (a) => a.data[0] === seq);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(westPlayer.received.filter((m) => m.type === 'Error')).toEqual([]);
    expect(westPlayer.tracker.stats()).toMatchObject({ gaps: 0, duplicates: 0 });
    // East comes back (again until the dead registration has timed out, as a supervisor would)
    // and is shown west's player as a ghost again.
    for (let attempt = 0; ; attempt++) {
      const registered = await startSim('1,0').ready.then(
        () => true,
        () => false,
      );
      if (registered) break;
      if (attempt > 30) throw new Error('east never registered again');
      await new Promise((r) => setTimeout(r, 250));
    }
    await linksUp(node, 2);
    const fresh = await place(106);
    const sync = await fresh.next('StateSync', (s: StateSync) => entries(s.data).some((e) => e.ghost), 5000);
    expect(entries(sync.data).filter((e) => e.ghost)).toEqual([{ ghost: true, x: 95 }]);
    await Promise.all([westPlayer.close(), eastPlayer.close(), fresh.close()]);
  }, 45_000);
});
