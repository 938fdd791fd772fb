// A routing stage over fake links and fake clients: servers `a` (x 0..100) and `b`
// (x 100..200) registered and up, players joined by handle (and placed by a first move).
import type { ClientSingleMessage } from '@atlas/protocol';
import { DEFAULT_CONFIG } from '@atlas/config';
import { RoutingStage } from '../routing/routing-stage';
import { World } from '../routing/world';
import { FakeLinks, fakeServer } from './fake-links';
import { FakeClients, fakePlayer } from './fake-players';

/** A player of the fixture. */
export type Player = ReturnType<typeof fakePlayer>;

const spatial = { ...DEFAULT_CONFIG.spatial, preload_distance: 10, transfer_distance: 0, hysteresis: 1, sync_interval: 0.05 };

/** Ghosts within the preload distance: every move within 2.5, every 100 ms to 6, every 250 ms to 10. */
export const GHOSTS = { distance: 10, rings: [{ upTo: 0.25, intervalMs: 0 }, { upTo: 0.6, intervalMs: 100 }, { upTo: 1, intervalMs: 250 }] };

/** A PlayerMove to (x, 50, 0). */
export const move = (seq: number, x: number): ClientSingleMessage => ({ type: 'PlayerMove', seq, position: { x, y: 50, z: 0 }, velocity: { x: 1, y: 0, z: 0 }, timestamp: 0 });

/**
 * Builds the fixture; `gauge` follows the per-server player counts the stage reports.
 * `directoryWrite` is what a switched route's directory write returns (none by default).
 */
export function routingFixture(options: { readonly directoryWrite?: Promise<void> } = {}) {
  const world = new World(spatial);
  world.sync([fakeServer('a', 0, 100), fakeServer('b', 100, 200)]);
  const players = new Map<number, Player>();
  const clients = new FakeClients<Player>();
  const gauge = new Map<string, number>();
  const count = (id: string, d: number): void => void gauge.set(id, (gauge.get(id) ?? 0) + d);
  const stage = new RoutingStage<Player, FakeLinks>({
    world,
    players,
    clients,
    links: (events) => new FakeLinks(events),
    transfer: { timeoutSeconds: () => 5, bufferMessages: () => 16 },
    directory: { record: () => options.directoryWrite },
    held: { messages: () => 4, bytes: () => 4096, timeoutMs: () => 1000 },
    ghostSettings: () => GHOSTS,
    events: {
      attached: (_p, id) => count(id, 1),
      detached: (_p, id) => count(id, -1),
      switched: (_p, from, to) => (count(from, -1), count(to, 1)),
    },
  });
  const a = stage.links.link('a');
  const b = stage.links.link('b');
  const join = (handle: number, x?: number): Player => {
    const p = fakePlayer(handle);
    players.set(handle, p);
    if (x !== undefined) stage.router.fromClient(p, move(1, x));
    return p;
  };
  /** A player back on a resumed session: it carries its recorded position (x, 50, 0) and is on no server yet. */
  const resumed = (handle: number, x: number): Player => Object.assign(join(handle), { placed: true, x, y: 50, z: 0 });
  return { world, players, clients, gauge, stage, router: stage.router, a, b, join, resumed };
}

