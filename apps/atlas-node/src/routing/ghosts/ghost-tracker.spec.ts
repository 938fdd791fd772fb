import { GhostEndReason, type GhostUpdate } from '@atlas/protocol';
import { GhostTracker, type GhostMove, type GhostNeighbour } from './ghost-tracker';

const RINGS = [
  { upTo: 0.25, intervalMs: 0 },
  { upTo: 0.6, intervalMs: 100 },
  { upTo: 1, intervalMs: 250 },
];
const tracker = (): GhostTracker => new GhostTracker({ distance: 100, rings: RINGS });
const move = (x: number, owner = 'a', handle = 1): GhostMove => ({ handle, playerId: `p${handle}`, owner, position: { x, y: 0, z: 0 }, velocity: { x: 1, y: 0, z: 0 } });
const near = (server: string, distance: number): GhostNeighbour => ({ server, distance });

describe('GhostTracker', () => {
  it('starts a ghost on the first move into the zone and ends it when the player leaves the zone', () => {
    const t = tracker();
    t.move(move(1), [near('b', 90)], 0);
    expect(t.drain()).toEqual([{ server: 'b', message: { type: 'GhostUpdate', handle: 1, playerId: 'p1', ownerServer: 'a', position: { x: 1, y: 0, z: 0 }, velocity: { x: 1, y: 0, z: 0 }, counter: 1 } }]);
    t.move(move(2), [], 1000);
    expect(t.drain()).toEqual([{ server: 'b', message: { type: 'GhostEnd', handle: 1, reason: GhostEndReason.LeftZone } }]);
    expect(t.size).toBe(0);
  });

  it('updates at the ring rate: every move near the border, every 100 ms mid-way, every 250 ms at the edge', () => {
    const sent = (distance: number): number[] => {
      const t = tracker();
      const at: number[] = [];
      for (let now = 0; now <= 1000; now += 20) {
        t.move(move(now), [near('b', distance)], now);
        if (t.drain().length > 0) at.push(now);
      }
      return at;
    };
    expect(sent(10)).toHaveLength(51);
    expect(sent(50)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(sent(95)).toEqual([0, 260, 520, 780]);
  });

  it('sends a held-back move when its ring allows, so a player who stops is seen where it stopped', () => {
    const t = tracker();
    t.move(move(1), [near('b', 90)], 0);
    t.drain();
    t.move(move(2), [near('b', 90)], 10);
    expect(t.drain()).toEqual([]);
    expect(t.holding).toBe(true);
    t.tick(200);
    expect(t.drain()).toEqual([]);
    t.tick(250);
    const [out] = t.drain();
    expect((out?.message as GhostUpdate).position.x).toBe(2);
    expect(t.holding).toBe(false);
  });

  it('coalesces a turn to one message per player per link, the newest, with a counter that only grows', () => {
    const t = tracker();
    t.move(move(1), [near('b', 10), near('c', 10)], 0);
    t.move(move(2), [near('b', 10), near('c', 10)], 0);
    t.move(move(3), [near('b', 10), near('c', 10)], 0);
    const out = t.drain();
    expect(out.map((o) => o.server)).toEqual(['b', 'c']);
    const counters = out.map((o) => (o.message as GhostUpdate).counter);
    expect(out.every((o) => (o.message as GhostUpdate).position.x === 3)).toBe(true);
    t.move(move(4), [near('b', 10)], 1);
    const [next] = t.drain().filter((o) => o.message.type === 'GhostUpdate');
    expect((next?.message as GhostUpdate).counter).toBeGreaterThan(Math.max(...counters));
  });

  it('ends only the neighbour the player moved away from', () => {
    const t = tracker();
    t.move(move(1), [near('b', 10), near('c', 10)], 0);
    t.drain();
    t.move(move(2), [near('c', 10)], 1);
    expect(t.drain()).toEqual([
      { server: 'b', message: { type: 'GhostEnd', handle: 1, reason: GhostEndReason.LeftZone } },
      { server: 'c', message: expect.objectContaining({ type: 'GhostUpdate', counter: 3 }) },
    ]);
    expect(t.watchers(1)).toEqual(['c']);
  });

  it('never ghosts a player to its own server', () => {
    const t = tracker();
    t.move(move(1, 'a'), [near('a', 10)], 0);
    expect(t.drain()).toEqual([]);
    expect(t.size).toBe(0);
  });

  it('on a transfer ends the target ghost as transferred, and names the new owner to the others', () => {
    const t = tracker();
    t.move(move(1, 'a'), [near('b', 10), near('c', 10)], 0);
    t.drain();
    t.transferred(1, 'b');
    expect(t.drain()).toEqual([{ server: 'b', message: { type: 'GhostEnd', handle: 1, reason: GhostEndReason.Transferred } }]);
    t.move(move(2, 'b'), [near('a', 5), near('c', 10)], 1);
    const out = t.drain();
    expect(out.map((o) => [o.server, (o.message as GhostUpdate).ownerServer])).toEqual([
      ['c', 'b'],
      ['a', 'b'],
    ]);
    expect(t.ownerFor(1, 'a')).toBe('b');
  });

  it('keeps the ghosts as they are while the zone is unknown (a transfer in flight)', () => {
    const t = tracker();
    t.move(move(1), [near('b', 10)], 0);
    t.drain();
    t.move(move(2), undefined, 1);
    expect(t.drain()).toEqual([{ server: 'b', message: expect.objectContaining({ type: 'GhostUpdate', position: { x: 2, y: 0, z: 0 } }) }]);
    t.move(move(3, 'a', 2), undefined, 1);
    expect(t.has(2)).toBe(false);
  });

  it('ends every ghost of a player who disconnects', () => {
    const t = tracker();
    t.move(move(1), [near('b', 10), near('c', 10)], 0);
    t.drain();
    t.left(1);
    expect(t.drain().map((o) => [o.server, o.message])).toEqual([
      ['b', { type: 'GhostEnd', handle: 1, reason: GhostEndReason.Disconnected }],
      ['c', { type: 'GhostEnd', handle: 1, reason: GhostEndReason.Disconnected }],
    ]);
    expect(t.size).toBe(0);
    expect(t.ownerFor(1, 'b')).toBeUndefined();
  });

  it('forgets a lost server without a message, pending ones included', () => {
    const t = tracker();
    t.move(move(1), [near('b', 90)], 0);
    t.move(move(2), [near('b', 90)], 10);
    t.serverLost('b');
    expect(t.drain()).toEqual([]);
    expect(t.size).toBe(0);
    expect(t.holding).toBe(false);
  });
});
