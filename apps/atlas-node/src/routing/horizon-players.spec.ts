import { ServerKind, ServerStatus, type GameServerInfo } from '@atlas/cluster';
import { DEFAULT_CONFIG } from '@atlas/config';
import type { ServerSingleMessage } from '@atlas/protocol';
import { actionText, textAction } from '../upstream/horizon/horizon-text';
import type { Upstream } from '../upstream/ports';
import { HorizonPlayers, serverChanged } from './horizon-players';
import { World } from './world';

function server(id: string, x0: number, x1: number): GameServerInfo {
  return {
    id,
    name: id,
    address: `ws://127.0.0.1/${id}`,
    region: { min: { x: x0, y: -1000, z: -1000 }, max: { x: x1, y: 1000, z: 1000 } },
    capacity: 10,
    version: 't',
    nodeId: 'n',
    metadata: {},
    status: ServerStatus.Active,
    load: { connections: 0, load: 0, accepting: true, avgTickMs: 0, memoryBytes: 0 },
    lastHeartbeat: 0,
    kind: ServerKind.Horizon,
  };
}

/** An Upstream that records what it is sent. */
function fakeLink(serverId: string): Upstream & { sent: ServerSingleMessage[] } {
  const sent: ServerSingleMessage[] = [];
  return { serverId, address: '', state: 'up', isUp: true, version: 1, sent, open: () => undefined, send: (m) => (sent.push(m), true), flush: () => undefined, close: () => undefined };
}

const texts = (link: { sent: ServerSingleMessage[] }): string[] =>
  link.sent.flatMap((m) => (m.type === 'Forward' ? [actionText(m.message as { type: string; tag?: number; data?: Uint8Array }) ?? '?'] : [m.type]));
const move = (x: number): string => JSON.stringify({ type: 'gorc_event', channel: 0, event: 'move', data: { new_position: { x, y: 0, z: 0 } } });

describe('HorizonPlayers', () => {
  const setup = () => {
    const world = new World({ ...DEFAULT_CONFIG.spatial, preload_distance: 20, transfer_distance: 0, hysteresis: 1 });
    world.sync([server('west', -1000, 1000), server('east', 1000, 3000)]);
    const links = { west: fakeLink('west'), east: fakeLink('east') };
    const counts: Record<string, number> = { west: 0, east: 0 };
    const players = new HorizonPlayers({
      world,
      link: (id) => links[id as 'west' | 'east'],
      settings: () => ({ moveEvent: 'move', positionPath: 'data.new_position' }),
      counted: (id, d) => (counts[id] = (counts[id] ?? 0) + d),
    });
    const toClient: string[] = [];
    const player = players.join('p1', { send: (t) => toClient.push(t), close: () => undefined }, { x: 0, y: 0, z: 0 });
    if (player === null) throw new Error('not placed');
    return { players, player, links, toClient, counts };
  };
  const handleOf = (link: { sent: ServerSingleMessage[] }): number => (link.sent.find((m) => m.type === 'Attach') as { handle: number }).handle;

  it('forwards text unchanged, preloads with the recorded messages, and hands over with server_changed first', () => {
    const { players, player, links, toClient, counts } = setup();
    players.text(player, '{"namespace":"auth","event":"login","data":{}}');
    players.text(player, 'not json');
    players.fromUpstream(links.west, { type: 'Deliver', target: { kind: 'player', handle: handleOf(links.west) }, exclude: 0, message: textAction('{"type":"gorc_zone_enter","player_id":"w1"}') });
    expect(toClient).toEqual(['{"type":"gorc_zone_enter","player_id":"w1"}']);
    players.text(player, move(985));
    // Near the border: the east server gets the player and its recorded messages, its answers are held.
    expect(texts(links.east)).toEqual(['Attach', '{"namespace":"auth","event":"login","data":{}}', 'not json']);
    const east = handleOf(links.east);
    players.fromUpstream(links.east, { type: 'Deliver', target: { kind: 'player', handle: east }, exclude: 0, message: textAction('{"type":"gorc_zone_enter","player_id":"e1","object_id":"o1"}') });
    expect(toClient).toHaveLength(1);
    expect(counts).toEqual({ west: 1, east: 1 });
    players.text(player, move(1002));
    expect(toClient.slice(1)).toEqual([serverChanged('west', 'east', { player_id: 'e1', object_id: 'o1' }), '{"type":"gorc_zone_enter","player_id":"e1","object_id":"o1"}']);
    expect(texts(links.west)).toEqual(['Attach', '{"namespace":"auth","event":"login","data":{}}', 'not json', move(985), 'Detach']);
    players.text(player, '{"namespace":"chat","event":"say","data":"hi"}');
    expect(texts(links.east).slice(3)).toEqual([move(1002), '{"namespace":"chat","event":"say","data":"hi"}']);
    // The source's late messages no longer reach the client.
    players.fromUpstream(links.west, { type: 'Deliver', target: { kind: 'player', handle: handleOf(links.west) }, exclude: 0, message: textAction('{"late":true}') });
    expect(toClient).toHaveLength(3);
    expect(counts).toEqual({ west: 0, east: 1 });
    players.leave(player);
    expect(counts).toEqual({ west: 0, east: 0 });
  });

  it('drops a preload when the player turns back, and closes the client when its server closes it', () => {
    const { players, player, links, counts } = setup();
    const closed: number[] = [];
    player.client.close = (code) => void closed.push(code);
    players.text(player, move(990));
    expect(counts['east']).toBe(1);
    players.text(player, move(500));
    expect(texts(links.east)).toEqual(['Attach', 'Detach']);
    expect(counts['east']).toBe(0);
    players.fromUpstream(links.west, { type: 'Detach', handle: handleOf(links.west), reason: 3 });
    expect(closed).toEqual([4410]);
    expect(counts['west']).toBe(0);
  });
});
