// Unmodified-Horizon behaviour (apps/horizon-peer, real processes) against a real node:
// registration survives Horizon's fixed 30 s heartbeats for 3 minutes (started first, it
// runs while the faster cases do), a failed server's late heartbeat re-activates it, one
// past the grace ends its heartbeats as Horizon's client does, and no phantom players.
import type { AtlasNode } from '../src/node';
import { bootNode } from './support/harness';
import { peerScript, startPeer, type PeerProcess } from './support/horizon-peers';

jest.setTimeout(240_000);

interface ServersBody {
  servers: { id: string; status: string; name: string }[];
}

async function serversOf(node: AtlasNode): Promise<ServersBody['servers']> {
  const res = await fetch(`http://127.0.0.1:${node.port}/servers`);
  return ((await res.json()) as ServersBody).servers;
}

describe('Horizon registrations with real peers', () => {
  let slowNode: AtlasNode;
  let fastNode: AtlasNode;
  let realInterval: PeerProcess;
  const peers: PeerProcess[] = [];
  let startedAt = 0;

  beforeAll(async () => {
    await peerScript();
    // Node defaults for Horizon (horizon_heartbeat_timeout 100 s), with the cluster's own timeout at 1.5 s.
    slowNode = await bootNode();
    startedAt = Date.now();
    realInterval = await startPeer(['--atlas', `127.0.0.1:${slowNode.port}`, '--bind', '127.0.0.1:0']);
    peers.push(realInterval);
    fastNode = await bootNode({ game_servers: { horizon_heartbeat_timeout: 1, horizon_revive_grace: 2.5 } });
  });

  afterAll(async () => {
    await Promise.all(peers.map((p) => p.kill()));
    await Promise.all([slowNode.drain(), fastNode.drain()]);
  });

  it('registers before listening, heartbeats at once, and the node never dials the player port', async () => {
    const registered = await realInterval.next('registered');
    expect(realInterval.events.findIndex((e) => e.event === 'registered')).toBeLessThan(realInterval.events.findIndex((e) => e.event === 'listening'));
    const first = await realInterval.next('heartbeat', (e) => e['n'] === 1, 5_000);
    expect(first).toMatchObject({ success: true, message: 'ok', commands: [] });
    expect((first['at'] as number) - (registered['at'] as number)).toBeLessThan(2_000);
    const listed = await serversOf(slowNode);
    expect(listed).toEqual([expect.objectContaining({ id: registered['serverId'], status: 'active', name: 'horizon-0-0-0' })]);
    expect(slowNode.snapshot().links).toEqual([]);
  });

  it('re-activates a failed Horizon server on its late heartbeat, and stops one past the grace', async () => {
    // Timeout 1 s: every 2 s heartbeat arrives about 1 s after the sweep failed it (grace 2.5 s).
    const late = await startPeer(['--atlas', `127.0.0.1:${fastNode.port}`, '--interval', '2', '--region=-1000,1000,-1000,1000,-100,100']);
    // Every 5 s: about 4 s after its failure, past the grace: 404, and Horizon stops for good.
    const tooLate = await startPeer(['--atlas', `127.0.0.1:${fastNode.port}`, '--interval', '5', '--region', '1000,3000,-1000,1000,-100,100', '--coord', '1,0,0']);
    peers.push(late, tooLate);
    await late.next('heartbeat', (e) => e['n'] === 4, 15_000);
    const beats = late.of('heartbeat');
    expect(beats.map((b) => b['success'])).toEqual([true, true, true, true]);
    expect(beats.slice(1).every((b) => b['message'] === 're-activated')).toBe(true);
    expect(late.of('heartbeat_failed')).toEqual([]);
    const failed = await tooLate.next('heartbeat_failed', () => true, 15_000);
    expect(failed).toMatchObject({ n: 2, error: 'Not found', stopped: true });
    // Stopped for good: no further heartbeat goes out.
    await new Promise((r) => setTimeout(r, 5_500));
    expect(tooLate.of('heartbeat').length + tooLate.of('heartbeat_failed').length).toBe(2);
    const lateId = late.of('registered')[0]?.['serverId'];
    expect((await serversOf(fastNode)).find((s) => s.id === lateId)?.status).toBeDefined();
    expect([...late.of('player_connected'), ...tooLate.of('player_connected')]).toEqual([]);
  });

  it('keeps a Horizon server registered through 3 minutes of fixed 30 s heartbeats', async () => {
    const seventh = await realInterval.next('heartbeat', (e) => e['n'] === 7, 200_000);
    expect((seventh['at'] as number) - startedAt).toBeGreaterThanOrEqual(179_000);
    expect(realInterval.of('heartbeat').map((b) => b['success'])).toEqual([true, true, true, true, true, true, true]);
    expect(realInterval.of('heartbeat_failed')).toEqual([]);
    expect((await serversOf(slowNode)).map((s) => s.status)).toEqual(['active']);
    // No phantom players: nothing ever opened a WebSocket to its player port.
    expect(realInterval.of('player_connected')).toEqual([]);
  });
});
