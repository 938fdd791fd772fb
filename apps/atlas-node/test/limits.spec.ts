// Each limit from the config, enforced with its named close code over real sockets:
// connections, frame size, message rate, handshake and idle timeouts, backpressure (a
// client that never reads), the transfer buffer, upgrade validation, and a hot reload.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { loadConfig, watchConfig } from '@atlas/config';
import { ActionChannel, CloseCode, ErrorCode, TransferPhase } from '@atlas/protocol';
import { createGameServer, registerWithNode } from '@atlas/server-sdk';
import WebSocket from 'ws';
import { silentLogger } from '../src/logging/logger';
import { startNode } from '../src/node';
import { bootNode, box, linksUp, ONE_SERVER, startServer, testOverrides, useWorld } from './support/harness';
import { eventually } from './support/eventually';
import { connectClient } from './support/test-client';

const move = (seq: number, x = 10, y = 10) => ({ type: 'PlayerMove' as const, seq, timestamp: 1, position: { x, y, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const action = (seq: number, data: Uint8Array) => ({ type: 'PlayerAction' as const, seq, channel: ActionChannel.Reliable, tag: 1, data });

function rawClose(url: string): Promise<number> {
  return new Promise((res) => {
    const ws = new WebSocket(url);
    ws.on('error', () => undefined);
    ws.on('close', (code) => res(code));
  });
}

describe('limits from the config', () => {
  const world = useWorld(ONE_SERVER, {
    server: { max_connections: 4 },
    limits: { max_frame_bytes: 2048, max_messages_per_second: 50, handshake_timeout: 0.3, idle_timeout: 1.5, max_backpressure_bytes: 64 * 1024 },
  });

  it('closes a frame above max_frame_bytes with FrameTooLarge', async () => {
    const c = await connectClient(world.url);
    c.send(move(1), action(2, new Uint8Array(4000)));
    expect((await c.closed).code).toBe(CloseCode.FrameTooLarge);
  });

  it('drops messages above max_messages_per_second, then closes with RateLimited', async () => {
    const c = await connectClient(world.url);
    c.send(move(1));
    for (let i = 0; i < 60; i++) c.send(action(i + 2, Uint8Array.of(1)));
    const error = await c.next('Error', (e) => e.code === ErrorCode.RateLimited);
    expect(error.message).toMatch(/rate limit/);
    for (let i = 0; i < 200; i++) c.send(action(i + 100, Uint8Array.of(1)));
    expect((await c.closed).code).toBe(CloseCode.RateLimited);
  });

  it('closes a silent socket after handshake_timeout with HandshakeTimeout', async () => {
    expect(await rawClose(world.url)).toBe(CloseCode.HandshakeTimeout);
  });

  it('closes an idle session after idle_timeout with IdleTimeout', async () => {
    const c = await connectClient(world.url);
    const started = Date.now();
    expect((await c.closed).code).toBe(CloseCode.IdleTimeout);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it('refuses connections beyond max_connections with ServerFull', async () => {
    const open = await Promise.all([connectClient(world.url), connectClient(world.url), connectClient(world.url), connectClient(world.url)]);
    await expect(connectClient(world.url)).rejects.toMatchObject({ code: CloseCode.ServerFull });
    await Promise.all(open.map((c) => c.close()));
  });

  it('closes a client that never reads with SlowConsumer; others keep working', async () => {
    // Tag 99 asks the server to flood the sender with reliable 8 KB actions (16 MB in all).
    const flood = world.server.server.on('action', (p, a) => {
      if (a.tag !== 99) return;
      const blob = new Uint8Array(8192);
      for (let i = 0; i < 2000; i++) world.server.server.send(p, { type: 'PlayerAction', seq: 0, channel: ActionChannel.Reliable, tag: 1, data: blob });
    });
    const slow = await connectClient(world.url, { pauseAfterHandshake: true });
    const other = await connectClient(world.url);
    slow.send(move(1), { ...action(2, Uint8Array.of(0)), tag: 99 });
    other.send(move(1));
    const slowCloses = async (): Promise<number> => Number(/atlas_client_closes_total\{code="4007"[^}]*\} (\d+)/.exec(await world.node.metrics.render())?.[1] ?? 0);
    await eventually('the node to close the slow client', async () => (await slowCloses()) > 0, 10_000, 5);
    expect(world.node.snapshot().players.some((p) => p.id === slow.welcome.playerId)).toBe(false);
    // Read at once: after end() uWS gives a peer one sweep (0-4 s) to drain what it still
    // holds, close frame last, then drops the socket (1006 at the client).
    slow.ws.resume();
    expect((await slow.closed).code).toBe(CloseCode.SlowConsumer);
    flood();
    other.send(action(2, Uint8Array.of(5)));
    await other.next('PlayerAction');
    const metrics = await world.node.metrics.render();
    expect(Number(/atlas_backpressure_drops_total(?:\{[^}]*\})? (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
    await other.close();
  }, 20_000);

  it('validates upgrade requests before accepting them', async () => {
    const ask = (key: string, version: string): Promise<string> =>
      new Promise<string>((res) => {
        const sock = connect(world.node.port, '127.0.0.1', () => {
          sock.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: ${version}\r\n\r\n`);
        });
        let text = '';
        sock.on('data', (d) => (text += d.toString()));
        sock.on('close', () => res(text));
        sock.on('error', () => res(text));
      });
    // uWS answers 101 to these on its own; the node refuses them with the reason.
    const badKey = await ask('!!!!!!!!!!!!!!!!!!!!!!==', '13');
    expect(badKey).toMatch(/^HTTP\/1\.1 400/);
    expect(badKey).toMatch(/Sec-WebSocket-Key must be 16 bytes/);
    const badVersion = await ask('dGhlIHNhbXBsZSBub25jZQ==', '8');
    expect(badVersion).toMatch(/^HTTP\/1\.1 426/);
    expect(badVersion).toMatch(/Sec-WebSocket-Version: 13/);
  });
});

describe('the transfer buffer limit', () => {
  it('aborts a transfer whose buffer overflows and delivers everything to the source', async () => {
    const node = await bootNode({ limits: { transfer_buffer_messages: 3, max_messages_per_second: 1000 } });
    const west = await startServer(node, 'west', box(0, 0, 100, 100));
    // A slow target: it takes 1 s to import the player's state.
    const slowTarget = createGameServer({ transfer: { importState: () => new Promise((r) => setTimeout(() => r(true), 1000)) } });
    slowTarget.on('action', (p, a) => slowTarget.send(p, a));
    const listened = await slowTarget.listen();
    if (E.isLeft(listened)) throw new Error('listen');
    const reg = await registerWithNode(`http://127.0.0.1:${node.port}`, {
      name: 'east', address: slowTarget.url, regionCoord: { x: 1, y: 0, z: 0 }, center: { x: 150, y: 50, z: 0 }, bounds: box(100, 0, 200, 100), capacity: 10, version: 't',
    }, { heartbeatIntervalMs: 200 });
    if (E.isLeft(reg)) throw new Error('register');
    await linksUp(node, 2);
    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
    c.send(move(1, 90, 50));
    c.send(move(2, 110, 50));
    await c.next('ServerTransfer', (t) => t.phase === TransferPhase.Started);
    for (let i = 0; i < 6; i++) c.send(action(3 + i, Uint8Array.of(i)));
    const aborted = await c.next('ServerTransfer', (t) => t.phase === TransferPhase.Aborted);
    expect(aborted.toServer).not.toBe(aborted.fromServer);
    for (let i = 0; i < 6; i++) await c.next('PlayerAction', (a) => a.data[0] === i);
    expect(west.server.player(c.welcome.playerId)).toBeDefined();
    await c.close();
    await reg.right.stop();
    await slowTarget.close();
    await west.stop();
    await node.drain();
  }, 20_000);
});

describe('hot reload', () => {
  it('applies a reloaded max_connections without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-reload-'));
    const file = join(dir, 'atlas.toml');
    writeFileSync(file, '[server]\nmax_connections = 1\n');
    const overrides = testOverrides();
    delete (overrides.server as Record<string, unknown>)['max_connections'];
    const loaded = loadConfig({ argv: [], env: {}, file, overrides });
    if (E.isLeft(loaded)) throw new Error('config');
    const watcher = watchConfig(loaded.right, { env: {}, file, overrides, watchFile: false });
    const started = await startNode({ loaded: loaded.right, watcher, logger: silentLogger(), defaultMetrics: false });
    if (E.isLeft(started)) throw new Error(started.left.message);
    const node = started.right;
    const url = `ws://127.0.0.1:${node.port}/ws`;
    const first = await connectClient(url);
    await expect(connectClient(url)).rejects.toMatchObject({ code: CloseCode.ServerFull });
    writeFileSync(file, '[server]\nmax_connections = 2\n');
    node.reload();
    expect(node.config().server.max_connections).toBe(2);
    const second = await connectClient(url);
    await Promise.all([first.close(), second.close()]);
    await node.drain();
  });
});
