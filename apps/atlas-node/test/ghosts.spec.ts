// Ghosts through a real node: two game servers (west 0..100, east 100..200), real
// clients. Ghost distance = preload distance = 20, default rings: every move within 5 of
// the border, every 100 ms to 12, every 250 ms to 20.
import { ActionChannel, TransferPhase, type PlayerMove } from '@atlas/protocol';
import { actionMessage, type GhostLeaveReason, type GhostPlayer } from '@atlas/server-sdk';
import { until, useWorld, WEST_AND_EAST } from './support/harness';
import { connectClient, type TestClient } from './support/test-client';
import { sleep } from '@atlas/common/testing';


describe('ghosts across a border', () => {
  const world = useWorld(WEST_AND_EAST);
  let log: string[];
  const offs: (() => void)[] = [];
  beforeEach(() => {
    log = [];
    for (const [name, s] of [['west', world.west], ['east', world.east]] as const) {
      offs.push(
        s.server.on('ghost-enter', (g) => log.push(`${name} enter ${g.playerId}`)),
        s.server.on('ghost-leave', (g: GhostPlayer, why: GhostLeaveReason) => log.push(`${name} leave ${g.playerId} ${why}`)),
        s.server.on('attach', (p, cause) => void (cause === 'transfer' && log.push(`${name} attach ${p.playerId} ${cause} ghost=${s.server.ghosts.has(p.playerId)}`))),
      );
    }
  });
  afterEach(() => offs.splice(0).forEach((off) => off()));

  let seq = 0;
  const at = (x: number): PlayerMove => ({ type: 'PlayerMove', seq: ++seq, timestamp: seq, position: { x, y: 50, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
  const player = async (x: number): Promise<{ c: TestClient; id: string }> => {
    const c = await connectClient(world.url);
    seq = 0;
    c.send(at(x));
    c.send({ type: 'PlayerAction', seq: ++seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(1) });
    await c.next('PlayerAction');
    return { c, id: c.welcome.playerId };
  };

  it('shows a near-border player to the neighbour as a ghost at the ring rate, and ends it when it walks away', async () => {
    const { c, id } = await player(50);
    await sleep(100);
    expect(world.east.server.ghosts.size).toBe(0);
    let moves = 0;
    const off = world.east.server.on('ghost-move', () => moves++);
    // Outer ring (15 from the border): at most one update per 250 ms for 50 moves over 1 s.
    for (let i = 0; i < 50; i++) {
      c.send(at(85 + (i % 2) * 0.1));
      await sleep(20);
    }
    await until(() => world.east.server.ghosts.has(id));
    expect(world.east.server.ghosts.get(id)?.ownerServer).toBe(world.west.registration.serverId);
    expect(moves).toBeGreaterThanOrEqual(2);
    expect(moves).toBeLessThanOrEqual(6);
    // Inner ring (3 from the border): every move.
    moves = 0;
    for (let i = 0; i < 10; i++) {
      c.send(at(97 + i * 0.1));
      await sleep(15);
    }
    await until(() => world.east.server.ghosts.get(id)?.position.x === 97 + 9 * 0.1, 3000, 'the last inner-ring move');
    expect(moves).toBeGreaterThanOrEqual(8);
    off();
    c.send(at(50));
    await until(() => log.includes(`east leave ${id} left-zone`));
    expect(world.east.server.ghosts.has(id)).toBe(false);
    expect(log).toEqual([`east enter ${id}`, `east leave ${id} left-zone`]);
    await c.close();
  });

  it('turns the ghost into the neighbour’s player without a gap when the player crosses, and ghosts it back', async () => {
    const { c, id } = await player(90);
    await until(() => world.east.server.ghosts.has(id));
    for (let x = 92; x <= 110; x += 2) c.send(at(x));
    await c.next('ServerTransfer', (t) => t.phase === TransferPhase.Completed);
    await until(() => log.includes(`east leave ${id} transferred`));
    // The next move, now on east and 12 from west, makes it a ghost on west.
    c.send(at(112));
    await until(() => world.west.server.ghosts.has(id));
    expect(log).toEqual([`east enter ${id}`, `east attach ${id} transfer ghost=true`, `east leave ${id} transferred`, `west enter ${id}`]);
    expect(world.west.server.ghosts.get(id)?.ownerServer).toBe(world.east.registration.serverId);
    await c.close();
  });

  it("carries a neighbour's message to the ghost's owner, which tells its player", async () => {
    const { c, id } = await player(95);
    await until(() => world.east.server.ghosts.has(id));
    const heard: string[] = [];
    offs.push(
      world.west.server.on('peer-message', (p, m) => {
        heard.push(`${p.playerId} from ${m.fromServer} tag ${m.tag}`);
        world.west.server.send(p, actionMessage(m.tag, m.data));
      }),
    );
    world.east.server.sendToGhostOwner(world.east.server.ghosts.get(id) as GhostPlayer, 77, Uint8Array.of(9, 9));
    const told = await c.next('PlayerAction', (a) => a.tag === 77);
    expect(Array.from(told.data)).toEqual([9, 9]);
    expect(heard).toEqual([`${id} from ${world.east.registration.serverId} tag 77`]);
    await c.close();
  });

  it('ends the ghost as disconnected when a near-border player disconnects', async () => {
    const { c, id } = await player(96);
    await until(() => world.east.server.ghosts.has(id));
    await c.close();
    await until(() => log.includes(`east leave ${id} disconnected`));
    expect(world.east.server.ghosts.size).toBe(0);
  });
});
