import { GhostEndReason, type GhostUpdate } from '@atlas/protocol';
import type { GhostLeaveReason, GhostPlayer, PeerMessageInfo } from '..';
import { bootEach, until } from '../../test/boot';

const update = (handle: number, playerId: string, x: number, counter: number): GhostUpdate => ({
  type: 'GhostUpdate',
  handle,
  playerId,
  ownerServer: 'srv-west',
  position: { x, y: 0, z: 0 },
  velocity: { x: 1, y: 0, z: 0 },
  counter,
});

describe('GameServer ghosts', () => {
  const b = bootEach();
  let seen: string[];
  beforeEach(() => {
    seen = [];
    b.server.on('ghost-enter', (g) => seen.push(`enter ${g.playerId} ${g.position.x}`));
    b.server.on('ghost-move', (g) => seen.push(`move ${g.playerId} ${g.position.x}`));
    b.server.on('ghost-leave', (g: GhostPlayer, reason: GhostLeaveReason) => seen.push(`leave ${g.playerId} ${reason}`));
  });

  it('keeps a table of ghosts from their updates, ignoring out-of-date ones, until their GhostEnd', async () => {
    const node = await b.link();
    node.send(update(5, 'alice', 95, 1), update(5, 'alice', 96, 3), update(5, 'alice', 94, 2));
    await until(() => seen.length === 2);
    expect(b.server.ghosts.get('alice')).toMatchObject({ ownerServer: 'srv-west', position: { x: 96 }, counter: 3, handle: 5 });
    expect(b.server.players.size).toBe(0);
    node.send({ type: 'GhostEnd', handle: 5, reason: GhostEndReason.LeftZone }, { type: 'GhostEnd', handle: 6, reason: GhostEndReason.LeftZone });
    await until(() => seen.length === 3);
    expect(seen).toEqual(['enter alice 95', 'move alice 96', 'leave alice left-zone']);
    expect(b.server.ghosts.size).toBe(0);
  });

  it('turns a ghost into the player when it attaches here: attach first, then the ghost leaves as transferred', async () => {
    b.server.on('attach', (p) => seen.push(`attach ${p.playerId} ghost=${b.server.ghosts.has(p.playerId)}`));
    const node = await b.link();
    node.send(update(5, 'alice', 99, 1));
    await until(() => seen.length === 1);
    node.send({ type: 'Attach', handle: 5, playerId: 'alice', sessionId: 's', position: { x: 101, y: 0, z: 0 }, state: new Uint8Array(0), claims: '{}' });
    node.send({ type: 'GhostEnd', handle: 5, reason: GhostEndReason.Transferred });
    await until(() => seen.length === 3);
    expect(seen).toEqual(['enter alice 99', 'attach alice ghost=true', 'leave alice transferred']);
    node.send(update(5, 'alice', 98, 2));
    await new Promise((r) => setTimeout(r, 50));
    expect(b.server.ghosts.size).toBe(0);
  });

  it("drops a link's ghosts when the link closes", async () => {
    const node = await b.link();
    node.send(update(5, 'alice', 99, 1));
    await until(() => seen.length === 1);
    await node.close();
    await until(() => seen.length === 2);
    expect(seen[1]).toBe('leave alice link-lost');
  });

  it("sends game data to a ghost's owner as a PeerMessage, and hands a relayed one to the player", async () => {
    const node = await b.link();
    node.send(update(5, 'alice', 99, 1));
    await until(() => b.server.ghosts.has('alice'));
    b.server.sendToGhostOwner(b.server.ghosts.get('alice') as GhostPlayer, 9, Uint8Array.of(1, 2));
    const sent = await node.next('PeerMessage');
    expect(sent).toMatchObject({ handle: 5, fromServer: '', tag: 9 });
    expect(Array.from(sent.data)).toEqual([1, 2]);

    const got: [string, PeerMessageInfo][] = [];
    b.server.on('peer-message', (p, m) => got.push([p.playerId, m]));
    node.send({ type: 'Attach', handle: 7, playerId: 'bob', sessionId: 's', position: { x: 1, y: 0, z: 0 }, state: new Uint8Array(0), claims: '{}' });
    node.send({ type: 'PeerMessage', handle: 7, fromServer: 'srv-east', tag: 4, data: Uint8Array.of(3) });
    await until(() => got.length === 1);
    expect(got[0]?.[0]).toBe('bob');
    expect(got[0]?.[1]).toMatchObject({ fromServer: 'srv-east', tag: 4 });
  });
});
