// Actions in flight when a game server dies or stalls are not lost and not doubled. Dies:
// the server is frozen (SIGSTOP) while a player's actions are forwarded to it, so they sit
// unread in its socket, then killed (SIGKILL). The node never got a ForwardAck for them;
// when the region's server comes back, they are replayed to it and each is echoed exactly
// once. Stalls: the same server thaws (SIGCONT) after the node gave up on it.
import { join } from 'node:path';
import { ActionChannel, ErrorCode, TransferPhase, TransferReason } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { bootNode, linkListener, linksUp } from './support/harness';
import { bundle, spawnNode, spawnUntilReady, type Child } from './support/processes';
import { connectClient } from './support/test-client';

const move = (seq: number, x: number, y: number) => ({ type: 'PlayerMove' as const, seq, timestamp: Date.now(), position: { x, y, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const action = (seq: number) => ({ type: 'PlayerAction' as const, seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(seq) });

function spawnWest(script: string, nodeHttp: string): Promise<Child> {
  return spawnUntilReady(script, [nodeHttp, 'west', '0', '0', '0', '100', '100']);
}

describe('a game server that dies with actions in flight', () => {
  let node: AtlasNode;
  let child: Child | undefined;

  beforeAll(async () => {
    node = await bootNode();
  });

  afterAll(async () => {
    child?.process.kill('SIGKILL');
    await node.drain();
  });

  it('has them replayed, in order and once each, to the server that takes the player next', async () => {
    const script = await bundle(join(__dirname, 'support', 'child-server.ts'));
    const nodeHttp = `http://127.0.0.1:${node.port}`;
    child = await spawnWest(script, nodeHttp);
    await linksUp(node, 1);
    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
    c.send(move(1, 10, 10), action(2));
    await c.next('PlayerAction', (a) => a.data[0] === 2);

    child.process.kill('SIGSTOP');
    for (let seq = 3; seq <= 12; seq++) c.send(action(seq));
    await new Promise((r) => setTimeout(r, 150));
    child.process.kill('SIGKILL');
    await child.exited;

    child = await spawnWest(script, nodeHttp);
    await c.next('ServerTransfer', (t) => t.reason === TransferReason.ServerFailed, 15_000);
    for (let seq = 3; seq <= 12; seq++) await c.next('PlayerAction', (a) => a.data[0] === seq, 10_000);
    const echoed = c.received.flatMap((m) => (m.type === 'PlayerAction' ? [m.data[0]] : []));
    expect(echoed).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await c.close();
  }, 40_000);
});

// A stalled peer, not a dead one: the frozen server's socket stays open, with the actions
// sent to it unread in its buffer. The node gives up on the link by its heartbeat rule (no
// traffic for 3 heartbeats + 1 s) and holds what the player sends next. On thawing, the
// server reads the old socket's actions first; when it links again the node replays every
// action it never saw acknowledged, and the server SDK must take each seq only once.
describe.each([
  ['dials the node', 'dial'],
  ['the node dials', 'listen'],
])('a game server that %s, frozen with SIGSTOP', (_name, mode) => {
  it('is cut off within its heartbeat rule; once it thaws, each action in flight is echoed once, in order', async () => {
    const script = await bundle(join(__dirname, 'support', 'child-server.ts'));
    const node = await bootNode(await linkListener());
    const child = spawnNode(script, [`http://127.0.0.1:${node.port}`, `frozen-${mode}`, '0', '0', '0', '100', '100', mode]);
    try {
      await child.ready;
      await linksUp(node, 1);
      const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
      c.send(move(1, 10, 10), action(2));
      await c.next('PlayerAction', (a) => a.data[0] === 2);

      child.process.kill('SIGSTOP');
      const frozenAt = Date.now();
      for (let seq = 3; seq <= 7; seq++) c.send(action(seq));
      await c.next('Error', (e) => e.code === ErrorCode.Unroutable, 10_000);
      // child-server.ts heartbeats every 500 ms: 3 of them and 1 s, checked once per
      // heartbeat (so up to 500 ms late), and 1 s for a busy machine.
      expect(Date.now() - frozenAt).toBeLessThan(3 * 500 + 1000 + 500 + 1000);
      for (let seq = 8; seq <= 10; seq++) c.send(action(seq));

      child.process.kill('SIGCONT');
      const back = await c.next('ServerTransfer', (t) => t.reason === TransferReason.ServerFailed, 15_000);
      expect(back.phase).toBe(TransferPhase.Completed);
      for (let seq = 3; seq <= 10; seq++) await c.next('PlayerAction', (a) => a.data[0] === seq, 10_000);
      await new Promise((r) => setTimeout(r, 300));
      const echoed = c.received.flatMap((m) => (m.type === 'PlayerAction' ? [m.data[0]] : []));
      expect(echoed).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await c.close();
    } finally {
      child.process.kill('SIGKILL');
      await node.drain();
    }
  }, 40_000);
});
