// A Horizon client through the node (`/horizon`) walks from one Horizon peer's region to the
// other's (real processes): its JSON passes through unchanged both ways, the handover replays
// its init message to the target, tells it the new ids in one `server_changed` message, and
// each peer creates exactly one player (no phantoms).
import WebSocket from 'ws';
import type { AtlasNode } from '../src/node';
import { bootNode } from './support/harness';
import { startPeer, type PeerProcess } from './support/horizon-peers';

jest.setTimeout(60_000);

type Msg = Record<string, unknown> & { data?: Record<string, unknown> };

class HorizonTestClient {
  readonly received: Msg[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d, binary) => {
      if (!binary) this.received.push(JSON.parse(d.toString()) as Msg);
    });
  }
  static async connect(url: string): Promise<HorizonTestClient> {
    const ws = new WebSocket(url);
    const c = new HorizonTestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return c;
  }
  send(m: unknown): void {
    this.ws.send(JSON.stringify(m));
  }
  async next(match: (m: Msg) => boolean, timeoutMs = 5_000): Promise<Msg> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found !== undefined) return found;
      if (Date.now() > end) throw new Error(`no matching message; got ${JSON.stringify(this.received).slice(0, 400)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

const move = (objectId: string, playerId: string, x: number): Record<string, unknown> => ({
  type: 'gorc_event',
  object_id: objectId,
  channel: 0,
  event: 'move',
  data: { player_id: playerId, new_position: { x, y: 0, z: 0 }, velocity: { x: 1, y: 0, z: 0 }, movement_state: 1, client_timestamp: new Date().toISOString() },
  player_id: playerId,
});

describe('Horizon players through the node', () => {
  let node: AtlasNode;
  let west: PeerProcess;
  let east: PeerProcess;

  beforeAll(async () => {
    node = await bootNode();
    const atlas = `127.0.0.1:${node.port}`;
    [west, east] = await Promise.all([
      startPeer(['--atlas', atlas, '--interval', '1', '--region=-1000,1000,-1000,1000,-100,100', '--coord', '0,0,0']),
      startPeer(['--atlas', atlas, '--interval', '1', '--region=1000,3000,-1000,1000,-100,100', '--coord', '1,0,0']),
    ]);
    await Promise.all([west.next('heartbeat'), east.next('heartbeat')]);
    // The node's view has both regions once the registry push arrived.
    const end = Date.now() + 5_000;
    while ((await (await fetch(`http://127.0.0.1:${node.port}/servers`)).json() as { servers: unknown[] }).servers.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    await Promise.all([west.kill(), east.kill()]);
    await node.drain();
  });

  it('walks a player from the west peer to the east peer with its messages flowing', async () => {
    const client = await HorizonTestClient.connect(`ws://127.0.0.1:${node.port}/horizon`);
    const westId = String(west.of('registered')[0]?.['serverId']);
    const eastId = String(east.of('registered')[0]?.['serverId']);
    const enter = await client.next((m) => m['type'] === 'gorc_zone_enter');
    const westPlayer = String(enter['player_id']);
    expect(westPlayer).toBe(west.of('player_connected')[0]?.['playerId']);
    // An init message (recorded for replay), echoed by the west peer unchanged plus its player_id.
    client.send({ namespace: 'auth', event: 'login', data: { name: 'walker' } });
    expect(await client.next((m) => m['event'] === 'login')).toEqual({ namespace: 'auth', event: 'login', data: { name: 'walker' }, player_id: westPlayer });

    // Up to the border, across it, then out of the west region's preload distance (20) at once,
    // so the west server never gets the player back as a preload.
    for (const x of [900, 920, 940, 960, 980, 990, 1002, 1050, 1100]) {
      client.send(move(String(enter['object_id']), westPlayer, x));
      await new Promise((r) => setTimeout(r, 15));
    }
    const changed = await client.next((m) => m['namespace'] === 'atlas' && m['event'] === 'server_changed');
    const eastPlayer = east.of('player_connected')[0]?.['playerId'];
    expect(changed['data']).toEqual({ from_server: westId, to_server: eastId, player_id: eastPlayer, object_id: east.of('player_connected')[0]?.['objectId'] });
    // The east peer got the replayed login before any move, then the moves past the border.
    await east.next('message', (e) => e['name'] === 'move');
    expect(east.of('message')[0]).toMatchObject({ kind: 'client', namespace: 'auth', name: 'login' });
    // Messages flow with the east peer now.
    client.send({ namespace: 'chat', event: 'say', data: { text: 'hi east' } });
    expect(await client.next((m) => m['event'] === 'say')).toEqual({ namespace: 'chat', event: 'say', data: { text: 'hi east' }, player_id: eastPlayer });
    await west.next('player_disconnected');
    // One player per peer: no phantom players.
    expect(west.of('player_connected')).toHaveLength(1);
    expect(east.of('player_connected')).toHaveLength(1);
    client.ws.close();
    await east.next('player_disconnected');
  });
});
