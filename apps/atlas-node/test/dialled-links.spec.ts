// Game servers that dial the node (docs/protocol.md §8): on a private link listener,
// on the public port only with the pre-shared key, never for a server the registry does
// not hold, and one link per node as nodes join the cluster.
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { MemoryBackend } from '@atlas/cluster';
import { freePort } from '@atlas/cluster/testing';
import { ActionChannel, ErrorCode, TransferPhase, TransferReason, type PlayerMove } from '@atlas/protocol';
import { createGameServer, registerWithNode } from '@atlas/server-sdk';
import WebSocket from 'ws';
import type { AtlasNode } from '../src/node';
import { bootNode, box, linkListener, linksUp, startServer, until, WEST_AND_EAST, type TestServer } from './support/harness';
import { bundle, spawnNode, spawnUntilReady, type Child } from './support/processes';
import { connectClient } from './support/test-client';

const PSK = { secret: 'link-psk-0123456789', salt: 'link-salt-0123456789', iterations: 100_000 };
const NODE_PSK = { security: { psk: PSK.secret, psk_salt: PSK.salt, pbkdf2_iterations: PSK.iterations } };

/** The HTTP status a WebSocket upgrade to `url` is refused with (0: it was accepted). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? -1);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(0);
      ws.terminate();
    });
    ws.on('error', () => undefined);
  });
}

const walk = (from: number, to: number, first: number): PlayerMove[] => {
  const out: PlayerMove[] = [];
  for (let x = from, seq = first; x <= to; x += 5, seq++) out.push({ type: 'PlayerMove', seq, timestamp: seq, position: { x, y: 50, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
  return out;
};

describe('game servers that dial a private link listener', () => {
  let node: AtlasNode;
  let west: TestServer;
  let east: TestServer;
  const world = {
    get node() {
      return node;
    },
    get url() {
      return `ws://127.0.0.1:${node.port}/ws`;
    },
    get west() {
      return west;
    },
    get east() {
      return east;
    },
  };
  beforeAll(async () => {
    node = await bootNode(await linkListener());
    west = await startServer(node, 'west', WEST_AND_EAST.west, { dialsNodes: true });
    east = await startServer(node, 'east', WEST_AND_EAST.east, { dialsNodes: true });
    await linksUp(node, 2);
  });
  afterAll(async () => {
    await west?.stop();
    await east?.stop();
    await node?.drain();
  });

  it('carry players as node-dialled links do: an echo, then a transfer across the border', async () => {
    expect(world.node.linkUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/atlas\/link$/);
    expect(world.node.snapshot().links.map((l) => l.state)).toEqual(['up', 'up']);
    const c = await connectClient(world.url);
    const moves = walk(10, 110, 1);
    c.send(moves[0] as PlayerMove);
    c.send({ type: 'PlayerAction', seq: 100, channel: ActionChannel.Reliable, tag: 7, data: Uint8Array.of(4, 2) });
    expect(Array.from((await c.next('PlayerAction')).data)).toEqual([4, 2]);
    for (const m of moves.slice(1)) c.send(m);
    await c.next('ServerTransfer', (t) => t.phase === TransferPhase.Completed);
    expect([...world.east.server.players.keys()]).toEqual([c.welcome.playerId]);
    expect(world.west.server.players.size).toBe(0);
    await c.close();
  });

  it('refuses an upgrade without a server id (400) or for a server that is not registered to dial (404), and counts both', async () => {
    expect(await upgradeStatus(world.node.linkUrl)).toBe(400);
    expect(await upgradeStatus(`${world.node.linkUrl}?server=srv-nobody`)).toBe(404);
    const text = await world.node.metrics.registry.metrics();
    expect(text).toMatch(/atlas_link_refusals_total\{status="400"[^}]*\} 1/);
    expect(text).toMatch(/atlas_link_refusals_total\{status="404"[^}]*\} 1/);
  });

  it('refuses a second socket for a server whose link is live (409), and keeps the live link', async () => {
    const id = world.west.registration.serverId;
    expect(await upgradeStatus(`${world.node.linkUrl}?server=${id}`)).toBe(409);
    expect(world.node.snapshot().links.map((l) => l.state)).toEqual(['up', 'up']);
    expect(world.west.server.links).toHaveLength(1);
  });
});

describe('links dialled to the public port', () => {
  it('are refused at registration when the node takes no dialled links (no link_port, no psk)', async () => {
    const node = await bootNode();
    try {
      expect(node.linkUrl).toBe('');
      const r = await registerWithNode(`http://127.0.0.1:${node.port}`, { name: 'nat-1', address: '', dialsNodes: true, regionCoord: { x: 0, y: 0, z: 0 }, center: { x: 50, y: 50, z: 0 }, bounds: box(0, 0, 100, 100), capacity: 10, version: 'test' });
      expect(E.isLeft(r) && r.left.message).toMatch(/400 no node takes links dialled by game servers/);
      expect(await upgradeStatus(`ws://127.0.0.1:${node.port}/atlas/link?server=x`)).not.toBe(0);
    } finally {
      await node.drain();
    }
  });

  it('link with the pre-shared key, and are refused at the upgrade without its proof or with a wrong one', async () => {
    const node = await bootNode(NODE_PSK);
    const good = await startServer(node, 'good', box(0, 0, 100, 100), { dialsNodes: true, psk: PSK });
    const bad = createGameServer({ psk: { ...PSK, secret: 'not-the-link-psk-000' } });
    const errors: string[] = [];
    bad.on('error', (e) => errors.push(e.message));
    try {
      expect(node.linkUrl).toBe(`ws://127.0.0.1:${node.port}/atlas/link`);
      await linksUp(node, 1);
      const reg = await registerWithNode(`http://127.0.0.1:${node.port}`, { name: 'bad', address: '', dialsNodes: true, regionCoord: { x: 1, y: 0, z: 0 }, center: { x: 150, y: 50, z: 0 }, bounds: box(100, 0, 200, 100), capacity: 10, version: 'test' }, { heartbeatIntervalMs: 200, onLinkNodes: (nodes, id) => void bad.dialNodes(id, nodes) });
      if (E.isLeft(reg)) throw new Error(reg.left.message);
      await until(() => errors.length >= 2, 5000, 'the wrong key is refused, twice');
      expect(errors.slice(0, 2).every((m) => /refused the link: HTTP 401/.test(m))).toBe(true);
      expect(bad.links).toEqual([]);
      // No proof at all: refused before the node says whether the id is registered.
      expect(await upgradeStatus(`${node.linkUrl}?server=${reg.right.serverId}`)).toBe(401);
      expect(await upgradeStatus(`${node.linkUrl}?server=srv-nobody`)).toBe(401);
      expect(await node.metrics.registry.metrics()).toMatch(/atlas_link_refusals_total\{status="401"[^}]*\} (\d+)/);
      expect(node.snapshot().links.filter((l) => l.state === 'up').map((l) => l.serverId)).toEqual([good.registration.serverId]);
      await reg.right.stop();
    } finally {
      await bad.close();
      await good.stop();
      await node.drain();
    }
  });
});

describe('a server that dials the nodes, as the cluster changes', () => {
  it('links to a node that joins, and lets go of one that leaves', async () => {
    const backend = new MemoryBackend();
    const a = await bootNode(await linkListener(), { memoryBackend: backend });
    const s = await startServer(a, 'roamer', box(0, 0, 100, 100), { dialsNodes: true });
    try {
      await linksUp(a, 1);
      expect(s.registration.linkNodes.map((n) => n.url)).toEqual([a.linkUrl]);
      const b = await bootNode(await linkListener(), { memoryBackend: backend });
      await until(() => s.server.links.length === 2, 8000, 'a link to the new node');
      await linksUp(b, 1);
      expect(new Set(s.server.links.map((l) => l.nodeId))).toEqual(new Set([a.nodeId, b.nodeId]));
      await b.drain();
      await until(() => s.registration.linkNodes.length === 1, 8000, 'the node that left is off the list');
      expect(s.server.links.map((l) => l.nodeId)).toEqual([a.nodeId]);
    } finally {
      await s.stop();
      await a.drain();
    }
  });
});

describe('a server that dials the node, killed with SIGKILL', () => {
  it('has its players parked, then re-attached with what they sent meanwhile, once each, when it dials again', async () => {
    const script = await bundle(join(__dirname, 'support', 'child-server.ts'));
    const node = await bootNode(await linkListener());
    const nodeHttp = `http://127.0.0.1:${node.port}`;
    const args = [nodeHttp, 'nat-west', '0', '0', '0', '100', '100', 'dial'];
    let child = spawnNode(script, args);
    try {
      await child.ready;
      await linksUp(node, 1);
      const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
      c.send(walk(10, 10, 1)[0] as PlayerMove, { type: 'PlayerAction', seq: 2, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(1) });
      await c.next('PlayerAction', (a) => a.data[0] === 1);

      child.process.kill('SIGKILL');
      await child.exited;
      await c.next('Error', (e) => e.code === ErrorCode.Unroutable);
      for (let seq = 3; seq <= 5; seq++) c.send({ type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(seq * 10) });

      // The same name with no address: the same server id, so the node's link for it takes the new socket.
      child = spawnNode(script, args);
      await child.ready;
      const back = await c.next('ServerTransfer', (t) => t.reason === TransferReason.ServerFailed, 15_000);
      expect(back.phase).toBe(TransferPhase.Completed);
      for (const n of [30, 40, 50]) await c.next('PlayerAction', (a) => a.data[0] === n);
      const echoed = c.received.flatMap((m) => (m.type === 'PlayerAction' && m.data[0] !== undefined && m.data[0] >= 30 ? [m.data[0]] : []));
      expect(echoed).toEqual([30, 40, 50]);
      await c.close();
    } finally {
      child.process.kill('SIGKILL');
      await node.drain();
    }
  }, 30_000);
});

describe('a node killed with SIGKILL under a server that dials it', () => {
  it('is linked again by the server once it is back: the server registers anew and dials the new id', async () => {
    const script = await bundle(join(__dirname, '..', 'src', 'main.ts'));
    const [port, linkPort] = [await freePort(), await freePort()];
    const args = [
      '--set', 'server.address=127.0.0.1', '--set', `server.port=${port}`, '--set', 'server.link_address=127.0.0.1', '--set', `server.link_port=${linkPort}`,
      '--set', 'admin.enabled=false', '--set', 'logging.format=json', '--set', 'logging.level=info', '--set', 'game_servers.heartbeat_interval=0.2',
      '--set', 'cluster.health_check_interval=0.2', '--set', 'cluster.heartbeat_timeout=1.5',
    ];
    const start = (): Promise<Child> => spawnUntilReady(script, args, /"message":"node started"/);
    let node = await start();
    const server = createGameServer({ heartbeatMs: 500 });
    server.on('action', (p, a) => server.send(p, a));
    const ids: string[] = [];
    const reg = await registerWithNode(`http://127.0.0.1:${port}`, { name: 'nat-1', address: '', dialsNodes: true, regionCoord: { x: 0, y: 0, z: 0 }, center: { x: 50, y: 50, z: 0 }, bounds: box(0, 0, 100, 100), capacity: 10, version: 'test' }, {
      heartbeatIntervalMs: 200,
      onLinkNodes: (nodes, id) => {
        ids.push(id);
        void server.dialNodes(id, nodes);
      },
    });
    if (E.isLeft(reg)) throw new Error(reg.left.message);
    const roundTrip = async (): Promise<void> => {
      const c = await connectClient(`ws://127.0.0.1:${port}/ws`);
      c.send(walk(10, 10, 1)[0] as PlayerMove, { type: 'PlayerAction', seq: 2, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(7) });
      await c.next('PlayerAction', (a) => a.data[0] === 7, 5000);
      await c.close();
    };
    try {
      await until(() => server.links.length === 1, 5000, 'the first link');
      await roundTrip();
      node.process.kill('SIGKILL');
      await node.exited;
      await until(() => server.links.length === 0, 5000, 'the link lost');
      node = await start();
      // The restarted node keeps no registry (memory store): a heartbeat gets 404, the server registers again.
      await until(() => server.links.length === 1 && ids.length === 2, 10_000, 'a link to the restarted node');
      expect(ids[1]).not.toBe(ids[0]);
      await roundTrip();
    } finally {
      await reg.right.stop({ deregister: false });
      await server.close();
      node.process.kill('SIGKILL');
    }
  }, 40_000);
});
