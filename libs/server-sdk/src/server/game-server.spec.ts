import { ActionChannel, CloseCode, DetachReason, type ClientSingleMessage, type PlayerMove } from '@atlas/protocol';
import { actionMessage, connectTestNode, type GamePlayer, type LeaveReason } from '..';
import { bootEach, bytes, sleep, until } from '../../test/boot';

const origin = { x: 0, y: 0, z: 0 };
const attach = (handle: number, playerId: string, extra: { state?: Uint8Array; claims?: string } = {}) =>
  ({ type: 'Attach', handle, playerId, sessionId: `s-${playerId}`, position: origin, state: extra.state ?? new Uint8Array(0), claims: extra.claims ?? '{}' }) as const;
const move = (seq: number, x: number): PlayerMove => ({ type: 'PlayerMove', seq, timestamp: 1, position: { x, y: 0, z: 0 }, velocity: origin });

describe('GameServer', () => {
  const b = bootEach();

  it('listens on port 0, reads the port back and completes the link handshake', async () => {
    expect(b.server.port).toBeGreaterThan(0);
    expect(b.server.url).toBe(`ws://127.0.0.1:${b.server.port}/atlas`);
    const links: string[] = [];
    b.server.on('link', (l) => links.push(l.nodeId));
    const node = await b.link({ nodeId: 'node-a', serverId: 'srv-1' });
    expect(node.welcome).toMatchObject({ nodeId: 'node-a', serverId: 'srv-1', heartbeatMs: 1000 });
    await until(() => links.length === 1);
    expect(links).toEqual(['node-a']);
    expect(b.server.links.map((l) => l.serverId)).toEqual(['srv-1']);
    expect(await node.next('LoadReport')).toMatchObject({ players: 0, accepting: true });
  });

  it('attaches players with state and claims, tracks moves, emits actions and detaches', async () => {
    const seen: string[] = [];
    const got: ClientSingleMessage[] = [];
    let attached: GamePlayer | undefined;
    b.server.on('attach', (p, cause) => {
      attached = p;
      seen.push(`attach ${p.playerId} ${cause} ${new TextDecoder().decode(p.state)} ${JSON.stringify(p.claims)}`);
    });
    b.server.on('move', (p, m) => seen.push(`move ${p.playerId} ${m.position.x}`));
    b.server.on('action', (p, a) => seen.push(`action ${p.playerId} ${a.tag}`));
    b.server.on('message', (_p, m) => got.push(m));
    b.server.on('detach', (p, reason) => seen.push(`detach ${p.playerId} ${String(reason)}`));
    const node = await b.link();
    node.send(attach(7, 'alice', { state: bytes('hp=9'), claims: '{"team":"red"}' }));
    node.send(
      { type: 'Forward', handle: 7, message: move(1, 12.5) },
      { type: 'Forward', handle: 7, message: { type: 'PlayerAction', seq: 2, channel: ActionChannel.Reliable, tag: 3, data: bytes('hi') } },
      { type: 'Forward', handle: 99, message: move(1, 1) },
    );
    await until(() => seen.length === 3);
    expect(attached?.position.x).toBe(12.5);
    expect(b.server.player('alice')).toBe(attached);
    node.send({ type: 'Detach', handle: 7, reason: DetachReason.Disconnected });
    await until(() => seen.length === 4);
    expect(seen).toEqual(['attach alice connect hp=9 {"team":"red"}', 'move alice 12.5', 'action alice 3', `detach alice ${DetachReason.Disconnected}`]);
    expect(got.map((m) => m.type)).toEqual(['PlayerMove', 'PlayerAction']);
    expect(b.server.players.size).toBe(0);
  });

  it('applies RegionBounds once per newer map version, whichever node says it', async () => {
    const seen: number[] = [];
    b.server.on('region', (r) => seen.push(r.mapVersion));
    const a = await b.link({ nodeId: 'node-a', serverId: 'srv-1' });
    const other = await b.link({ nodeId: 'node-b', serverId: 'srv-1' });
    const bounds = (v: number, x: number) => ({ type: 'RegionBounds', mapVersion: v, min: { x: 0, y: 0, z: -1 }, max: { x, y: 10, z: 1 } }) as const;
    a.send(bounds(2, 5));
    await until(() => seen.length === 1);
    other.send(bounds(2, 5), bounds(1, 9), bounds(3, 7));
    await until(() => seen.length === 2);
    await sleep(50);
    expect(seen).toEqual([2, 3]);
    expect(b.server.regionBounds).toEqual({ mapVersion: 3, min: { x: 0, y: 0, z: -1 }, max: { x: 7, y: 10, z: 1 } });
  });

  it('emits preload notices for players of a neighbour, near and no longer near, without attaching them', async () => {
    const seen: string[] = [];
    b.server.on('preload', (p, link) => seen.push(`${p.playerId} ${p.handle} ${p.fromServer} ${p.active} ${p.position.x} ${link.nodeId}`));
    const node = await b.link({ nodeId: 'node-a' });
    const preload = { type: 'TransferPreload', handle: 5, playerId: 'bob', fromServer: 'gs-a', position: { x: 9, y: 0, z: 0 }, velocity: origin } as const;
    node.send({ ...preload, active: true });
    node.send({ ...preload, active: false });
    await until(() => seen.length === 2);
    expect(seen).toEqual(['bob 5 gs-a true 9 node-a', 'bob 5 gs-a false 9 node-a']);
    expect(b.server.players.size).toBe(0);
  });

  it('delivers to one player, a list, a region and a radius on the right links, with exclusions', async () => {
    const a = await b.link({ nodeId: 'A' });
    const c = await b.link({ nodeId: 'C' });
    a.send(attach(1, 'p1'), attach(2, 'p2'));
    c.send(attach(5, 'p5'));
    await until(() => b.server.players.size === 3);
    const [p1, p2, p5] = ['p1', 'p2', 'p5'].map((id) => b.server.player(id) as GamePlayer);
    const msg = actionMessage(4, bytes('x'));
    b.server.send(p2 as GamePlayer, msg);
    b.server.deliver([p1 as GamePlayer, p2 as GamePlayer, p5 as GamePlayer], msg, { exclude: p1 });
    b.server.deliver({ region: 'r-0-0' }, msg);
    b.server.deliver({ center: { x: 1, y: 2, z: 3 }, radius: 50 }, msg, { exclude: p5 });
    await until(() => a.received.filter((m) => m.type === 'Deliver').length === 4 && c.received.filter((m) => m.type === 'Deliver').length === 3);
    const targets = (n: typeof a) => n.received.flatMap((m) => (m.type === 'Deliver' ? [{ ...m.target, exclude: m.exclude }] : []));
    expect(targets(a)).toEqual([
      { kind: 'player', handle: 2, exclude: 0 },
      { kind: 'player', handle: 2, exclude: 1 },
      { kind: 'region', regionId: 'r-0-0', exclude: 0 },
      { kind: 'radius', center: { x: 1, y: 2, z: 3 }, radius: 50, exclude: 0 },
    ]);
    expect(targets(c)).toEqual([
      { kind: 'player', handle: 5, exclude: 0 },
      { kind: 'region', regionId: 'r-0-0', exclude: 0 },
      { kind: 'radius', center: { x: 1, y: 2, z: 3 }, radius: 50, exclude: 5 },
    ]);
  });

  it('sends everything of one event-loop turn as one WebSocket message per link', async () => {
    const node = await b.link();
    node.send(attach(1, 'p1'), attach(2, 'p2'));
    await until(() => b.server.players.size === 2);
    await sleep(20);
    const before = node.frames;
    const p1 = b.server.player('p1') as GamePlayer;
    for (let i = 0; i < 100; i++) b.server.send(p1, actionMessage(i, bytes('payload')));
    await until(() => node.received.filter((m) => m.type === 'Deliver').length === 100);
    expect(node.frames - before).toBe(1);
    const tags = node.received.flatMap((m) => (m.type === 'Deliver' && m.message.type === 'PlayerAction' ? [m.message.tag] : []));
    expect(tags).toEqual([...Array(100).keys()]);
  });

  it('answers Ping with Pong, pings the node, and measures the link RTT', async () => {
    const node = await b.link();
    node.send({ type: 'Ping', timestamp: 1234 });
    expect(await node.next('Pong')).toEqual({ type: 'Pong', timestamp: 1234 });
    await node.next('Ping', undefined, 3000);
    await until(() => !Number.isNaN(b.server.links[0]?.rttMs ?? Number.NaN));
  });

  it('kicks a player: the node gets Detach(Kicked) and the game a detach event', async () => {
    const node = await b.link();
    const reasons: LeaveReason[] = [];
    b.server.on('detach', (_p, r) => reasons.push(r));
    node.send(attach(3, 'bob'));
    await until(() => b.server.players.size === 1);
    b.server.kick(b.server.player('bob') as GamePlayer);
    expect(await node.next('Detach')).toEqual({ type: 'Detach', handle: 3, reason: DetachReason.Kicked });
    expect(reasons).toEqual([DetachReason.Kicked]);
  });

  it('detaches the players of a link that drops and reports the close', async () => {
    const node = await b.link({ nodeId: 'gone' });
    const left: LeaveReason[] = [];
    const closes: number[] = [];
    b.server.on('detach', (_p, r) => left.push(r));
    b.server.on('linkClosed', (l, code) => closes.push(code));
    node.send(attach(1, 'p1'), attach(2, 'p2'));
    await until(() => b.server.players.size === 2);
    await node.close(1000);
    await until(() => closes.length === 1);
    expect(left).toEqual(['link-lost', 'link-lost']);
    expect(closes).toEqual([1000]);
    expect(b.server.links).toHaveLength(0);
  });

  it('replaces an older link from the same node with close code DuplicateLink', async () => {
    const first = await b.link({ nodeId: 'same' });
    await b.link({ nodeId: 'same' });
    expect((await first.closed).code).toBe(CloseCode.DuplicateLink);
    await until(() => b.server.links.length === 1);
  });

  it('skips a malformed frame, reports it, and keeps serving the link', async () => {
    const errors: string[] = [];
    b.server.on('error', (e) => errors.push(e.kind));
    const node = await b.link();
    node.sendRaw(Uint8Array.of(1, 200, 3));
    node.sendRaw('{"broken":');
    node.send(attach(1, 'still-ok'));
    await until(() => b.server.players.size === 1);
    expect(errors).toEqual(['protocol', 'protocol']);
  });

  it('survives a listener that throws and reports it as an error', async () => {
    const errors: string[] = [];
    b.server.on('error', (e) => errors.push(e.message));
    b.server.on('attach', () => {
      throw new Error('game bug');
    });
    const node = await b.link();
    node.send(attach(1, 'p1'), attach(2, 'p2'));
    await until(() => b.server.players.size === 2);
    expect(errors).toEqual([expect.stringContaining('game bug'), expect.stringContaining('game bug')]);
  });

  it('closes its links with 1001 and stops listening on close()', async () => {
    const node = await b.link();
    await b.server.close();
    expect((await node.closed).code).toBe(1001);
    const late = await connectTestNode(b.server.url);
    expect(late).toMatchObject({ _tag: 'Left', left: { kind: 'test-node' } });
  });
});
