// kill -9 of a game server mid-run: the node survives, its players are told the region
// is unavailable, players elsewhere are unaffected, and when the server comes back
// (same port, registers again) the parked players are re-attached. What they sent while
// parked is held and arrives when the server is back; what overflows the held buffer is
// named to the player and counted.
import { join } from 'node:path';
import { ActionChannel, ErrorCode, TransferPhase, TransferReason, droppedRange } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { bootNode, box, linksUp, startServer, until, type TestServer } from './support/harness';
import { bundle, spawnNode, spawnUntilReady, type Child } from './support/processes';
import { connectClient, type TestClient } from './support/test-client';

const move = (seq: number, x: number, y: number) => ({ type: 'PlayerMove' as const, seq, timestamp: Date.now(), position: { x, y, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const action = (seq: number, n: number) => ({ type: 'PlayerAction' as const, seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(n) });

describe('a game server killed with SIGKILL', () => {
  let node: AtlasNode;
  let script: string;
  let east: TestServer;
  let child: Child | undefined;

  beforeAll(async () => {
    script = await bundle(join(__dirname, 'support', 'child-server.ts'));
    node = await bootNode({ limits: { held_messages: 8 } });
    east = await startServer(node, 'east', box(100, 0, 200, 100));
  });

  afterAll(async () => {
    child?.process.kill('SIGKILL');
    await east.stop();
    await node.drain();
  });

  it('parks its players with a clear status and re-attaches them when it returns', async () => {
    const nodeHttp = `http://127.0.0.1:${node.port}`;
    child = spawnNode(script, [nodeHttp, 'west', '0', '0', '0', '100', '100']);
    await child.ready;
    await linksUp(node, 2);
    const url = `ws://127.0.0.1:${node.port}/ws`;
    const westPlayers: TestClient[] = await Promise.all([connectClient(url), connectClient(url), connectClient(url)]);
    const eastPlayer = await connectClient(url);
    westPlayers.forEach((c, i) => c.send(move(1, 10 + i, 10), action(2, 1)));
    eastPlayer.send(move(1, 150, 10), action(2, 1));
    await Promise.all([...westPlayers, eastPlayer].map((c) => c.next('PlayerAction')));

    child.process.kill('SIGKILL');
    await child.exited;
    for (const c of westPlayers) {
      const status = await c.next('Error', (e) => e.code === ErrorCode.Unroutable);
      expect(status.message).toMatch(/region unavailable: game server \S+ is down; you will be re-attached/);
    }
    // Parked players keep sending: up to 8 actions are held; the overflow is named and counted.
    const [, holder, overflower] = westPlayers as [TestClient, TestClient, TestClient];
    for (let seq = 10; seq <= 13; seq++) holder.send(action(seq, seq));
    for (let seq = 10; seq <= 21; seq++) overflower.send(action(seq, seq));
    const dropped = await overflower.next('Error', (e) => e.code === ErrorCode.ActionsDropped);
    expect(droppedRange(dropped)).toEqual({ first: 18, last: 21 });
    const metrics = await (await fetch(`${nodeHttp}/metrics`)).text();
    expect(metrics).toMatch(/atlas_held_actions_dropped_total\{[^}]*reason="overflow"[^}]*\} 4\b/);
    // Nobody else notices: the east player still round-trips.
    eastPlayer.send(action(3, 2));
    await eastPlayer.next('PlayerAction', (a) => a.data[0] === 2);
    expect(node.snapshot().links.find((l) => l.state !== 'up')).toBeDefined();
    // A parked player that walks into a live region is re-homed there at once.
    const walker = westPlayers[0] as TestClient;
    walker.send(move(3, 150, 20));
    const rehomed = await walker.next('ServerTransfer', (t) => t.reason === TransferReason.ServerFailed);
    expect(rehomed.toServer).toBe(east.registration.serverId);
    expect(east.server.player(walker.welcome.playerId)).toBeDefined();

    // The killed port sits in TIME_WAIT: the server comes back on a new port (a new address,
    // so a new server id) once the registry has declared the old one failed.
    child = await spawnUntilReady(script, [nodeHttp, 'west', '0', '0', '0', '100', '100']);
    for (const c of westPlayers) {
      const back = await c.next('ServerTransfer', (t) => t.reason === TransferReason.ServerFailed, 15_000);
      expect(back.phase).toBe(TransferPhase.Completed);
      // The held actions arrive first, in order, each once.
      const expected = c === holder ? [10, 11, 12, 13] : c === overflower ? [10, 11, 12, 13, 14, 15, 16, 17] : [];
      for (const n of expected) await c.next('PlayerAction', (a) => a.data[0] === n);
      const echoed = c.received.flatMap((m) => (m.type === 'PlayerAction' && m.data[0] !== undefined && m.data[0] >= 10 ? [m.data[0]] : []));
      expect(echoed).toEqual(expected);
      c.send(action(30, 3));
      await c.next('PlayerAction', (a) => a.data[0] === 3);
    }
    // The killed server's record stays (failed) until the registry drops it; its link keeps redialling meanwhile.
    await until(() => node.snapshot().links.filter((l) => l.state === 'up').length === 2, 5000, 'links up');
    await Promise.all([...westPlayers, eastPlayer].map((c) => c.close()));
  }, 40_000);
});
