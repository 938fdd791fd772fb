import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { sleep, until } from '@atlas/common/testing';
import { connectTestNode, type TestNode } from '@atlas/server-sdk';
import { ActionChannel, DetachReason, TransferReason, TransferRole, type Deliver, type PlayerAction } from '@atlas/protocol';
import { decodeCarried, encodeCarried } from '../src/sim/state-codec';
import { startSimServer, type SimServer } from '../src/sim/start';

const origin = { x: 0, y: 0, z: 0 };

describe('sim-server behind a node link', () => {
  let sim: SimServer | undefined;
  let node: TestNode | undefined;
  let http: Server | undefined;
  afterEach(async () => {
    await node?.close();
    await sim?.close();
    await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
    sim = node = http = undefined;
  });
  const start = async (o: Parameters<typeof startSimServer>[0] = {}): Promise<SimServer> => {
    const s = await startSimServer({ syncHz: 0, ...o });
    if (E.isLeft(s)) throw new Error(s.left);
    sim = s.right;
    const n = await connectTestNode(sim.url);
    if (E.isLeft(n)) throw new Error(n.left.message);
    node = n.right;
    return sim;
  };

  it('echoes a forwarded action back to its sender as a Deliver', async () => {
    await start();
    const n = node as TestNode;
    n.send({ type: 'Attach', handle: 3, playerId: 'p', sessionId: 's', position: origin, state: new Uint8Array(), claims: '{}' });
    n.send({ type: 'Forward', handle: 3, message: { type: 'PlayerAction', seq: 1, channel: ActionChannel.Reliable, tag: 42, data: Uint8Array.of(7) } });
    const d = await n.next('Deliver');
    expect(d).toEqual({ type: 'Deliver', target: { kind: 'player', handle: 3 }, exclude: 0, message: { type: 'PlayerAction', seq: 0, channel: ActionChannel.Reliable, tag: 42, data: Uint8Array.of(7) } });
    expect(await n.next('LoadReport', (l) => l.players === 1, 3000)).toMatchObject({ players: 1, accepting: true });
  });

  it('hands over position and counter as the source and continues them as the target', async () => {
    await start();
    const n = node as TestNode;
    n.send({ type: 'Attach', handle: 1, playerId: 'walker', sessionId: 's', position: origin, state: new Uint8Array(), claims: '{}' });
    for (let i = 1; i <= 3; i++) n.send({ type: 'Forward', handle: 1, message: { type: 'PlayerMove', seq: i, timestamp: 0, position: { x: 100 * i, y: 5, z: 0 }, velocity: origin } });
    await until(() => sim?.world.get('walker')?.counter === 3);
    const base = { transferId: 1, playerId: 'walker', fromServer: 'a', toServer: 'b', reason: TransferReason.Boundary, position: origin, claims: '{}' } as const;
    n.send({ type: 'TransferPrepare', handle: 1, role: TransferRole.Source, ...base });
    const out = await n.next('TransferState');
    expect(decodeCarried(out.state)).toEqual({ position: { x: 300, y: 5, z: 0 }, counter: 3 });
    n.send({ type: 'Detach', handle: 1, reason: DetachReason.Transferred });
    await until(() => sim?.world.size === 0);

    const carried = encodeCarried({ position: { x: 12, y: 13, z: 0 }, counter: 40 });
    n.send({ type: 'TransferPrepare', handle: 2, role: TransferRole.Target, ...base, transferId: 2, playerId: 'arriver' });
    n.send({ type: 'TransferState', handle: 2, transferId: 2, state: carried });
    await n.next('TransferAccept', (a) => a.transferId === 2);
    n.send({ type: 'TransferAccept', handle: 2, transferId: 2 });
    n.send({ type: 'Forward', handle: 2, message: { type: 'PlayerAction', seq: 50, channel: ActionChannel.Reliable, tag: 1, data: new Uint8Array() } });
    await n.next('Deliver', (d: Deliver) => d.target.kind === 'player' && d.target.handle === 2);
    expect(sim?.world.get('arriver')).toMatchObject({ position: { x: 12, y: 13, z: 0 }, counter: 41 });
  });

  it('registers with the node HTTP API, heartbeats its load, and deregisters on close', async () => {
    const seen: string[] = [];
    http = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, server_id: 'srv-9', heartbeat_interval_secs: 0.1, adjacent_servers: [] }));
      });
    });
    await new Promise<void>((r) => http?.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const s = await start({ register: url, name: 'sim-east', capacity: 10 });
    expect(s.registration?.serverId).toBe('srv-9');
    await until(() => seen.some((l) => l.startsWith('PUT /api/v1/servers/srv-9/heartbeat')));
    const reg = JSON.parse((seen[0] as string).slice('POST /api/v1/servers/register '.length)) as Record<string, unknown>;
    expect(reg).toMatchObject({ name: 'sim-east', address: s.url, capacity: 10, region_coord: { x: 0, y: 0, z: 0 }, bounds: s.region.bounds, center: s.region.center });
    await s.close();
    sim = undefined;
    expect(seen.at(-1)).toMatch(/^DELETE \/api\/v1\/servers\/srv-9/);
  });

  it('fails to start with a clear message when the node refuses the registration', async () => {
    http = createServer((_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{"success":false,"message":"bad secret"}'));
    await new Promise<void>((r) => http?.listen(0, '127.0.0.1', r));
    const r = await startSimServer({ register: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
    expect(r).toEqual(E.left(expect.stringContaining('bad secret')));
  });

  it('ignores actions of players it does not know', async () => {
    await start();
    const n = node as TestNode;
    n.send({ type: 'Forward', handle: 77, message: { type: 'PlayerAction', seq: 1, channel: ActionChannel.Reliable, tag: 1, data: new Uint8Array() } as PlayerAction });
    await sleep(50);
    expect(n.received.filter((m) => m.type === 'Deliver')).toEqual([]);
  });
});
