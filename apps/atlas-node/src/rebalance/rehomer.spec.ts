import type { GameServerInfo, RegionBounds } from '@atlas/cluster';
import { Rehomer, type RehomedPlayer } from './rehomer';

const box = (x0: number, x1: number) => ({ min: { x: x0, y: 0, z: 0 }, max: { x: x1, y: 100, z: 10 } });
const server = (id: string, region: RegionBounds): GameServerInfo =>
  ({ id, name: id, address: 'x', region, capacity: 10, version: '1', nodeId: 'n', metadata: {}, status: 'active', load: { connections: 0, load: 0, accepting: true, avgTickMs: 0, memoryBytes: 0 }, lastHeartbeat: 0 }) as GameServerInfo;

interface P extends RehomedPlayer {
  server: string | null;
  transferId: number;
}

describe('Rehomer', () => {
  it('moves the players of a changed region at its pace, holding the old bounds until done', async () => {
    const players: P[] = Array.from({ length: 6 }, (_, i) => ({ server: 'old', transferId: 0, placed: true, x: 20 * i + 5, y: 50, z: 5 }));
    const moves: number[] = [];
    const holds: string[] = [];
    let done: { transfers: number; complete: boolean } | undefined;
    const rehomer = new Rehomer<P>(
      {
        players: () => players,
        ownerAt: (x) => (x < 60 ? 'old' : 'new'),
        isUp: () => true,
        transfer: (p, _from, to) => {
          moves.push(Date.now());
          p.server = to;
        },
        hold: (id) => holds.push(`hold ${id}`),
        release: (id) => holds.push(`release ${id}`),
        done: (_ms, transfers, complete) => (done = { transfers, complete }),
      },
      { perSecond: () => 40, deadlineMs: 5000, tickMs: 25 },
    );
    const before = { version: 0, regions: {}, reserved: {} };
    const after = { version: 1, regions: { old: box(0, 60), new: box(60, 120) }, reserved: {} };
    rehomer.mapChanged(before, after, [server('old', box(0, 120)), server('new', box(60, 120))]);
    expect(rehomer.busy).toBe(true);
    while (done === undefined) await new Promise((r) => setTimeout(r, 10));
    expect(done).toEqual({ transfers: 3, complete: true });
    expect(players.map((p) => p.server)).toEqual(['old', 'old', 'old', 'new', 'new', 'new']);
    // 40 per second: one per 25 ms turn, not all three at once.
    expect((moves[2] as number) - (moves[0] as number)).toBeGreaterThanOrEqual(30);
    expect(holds).toEqual(['hold old', 'release old']);
    expect(rehomer.busy).toBe(false);
  });
});
