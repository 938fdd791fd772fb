import { DetachReason, GhostEndReason, type ServerSingleMessage } from '@atlas/protocol';
import { move, routingFixture as setup } from '../../testing/routing-fixture';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
const ghostTraffic = (sent: readonly ServerSingleMessage[]): ServerSingleMessage[] => sent.filter((m) => m.type === 'GhostUpdate' || m.type === 'GhostEnd');

describe('ghost streams in the routing stage', () => {
  it('sends nothing for a player far from every border', async () => {
    const t = setup();
    const p = t.join(1, 50);
    t.router.fromClient(p, move(2, 51));
    await turn();
    expect(ghostTraffic(t.b.sent)).toEqual([]);
    expect(t.stage.ghosts.tracker.size).toBe(0);
  });

  it('streams a near-border player to the neighbour only, and ends the ghost when it walks away', async () => {
    const t = setup();
    const p = t.join(1, 95);
    await turn();
    expect(ghostTraffic(t.b.sent)).toEqual([
      { type: 'GhostUpdate', handle: 1, playerId: 'p1', ownerServer: 'a', position: { x: 95, y: 50, z: 0 }, velocity: { x: 1, y: 0, z: 0 }, counter: 1 },
    ]);
    expect(ghostTraffic(t.a.sent)).toEqual([]);
    t.router.fromClient(p, move(2, 50));
    await turn();
    expect(ghostTraffic(t.b.sent).at(-1)).toEqual({ type: 'GhostEnd', handle: 1, reason: GhostEndReason.LeftZone });
  });

  it('coalesces the moves of one turn into one update per link', async () => {
    const t = setup();
    const p = t.join(1, 99);
    for (let i = 0; i < 5; i++) t.router.fromClient(p, move(2 + i, 99 - i * 0.01));
    await turn();
    expect(ghostTraffic(t.b.sent)).toHaveLength(1);
  });

  it('ends the ghost as disconnected when the player leaves', async () => {
    const t = setup();
    const p = t.join(1, 95);
    await turn();
    t.router.leave(p, DetachReason.Disconnected);
    await turn();
    expect(ghostTraffic(t.b.sent).at(-1)).toEqual({ type: 'GhostEnd', handle: 1, reason: GhostEndReason.Disconnected });
  });

  it('on a handover ends the target ghost as transferred after the commit, and ghosts the player back to its old server', async () => {
    const t = setup();
    const p = t.join(1, 95);
    t.router.fromClient(p, move(2, 100.5));
    t.router.fromClient(p, move(3, 102));
    t.a.receive({ type: 'TransferState', handle: 1, transferId: p.transferId, state: Uint8Array.of() });
    t.b.receive({ type: 'TransferAccept', handle: 1, transferId: p.transferId });
    expect(p.server).toBe('b');
    await turn();
    const types = t.b.sent.map((m) => m.type);
    expect(types.lastIndexOf('GhostEnd')).toBeGreaterThan(types.lastIndexOf('TransferState'));
    expect(ghostTraffic(t.b.sent).at(-1)).toEqual({ type: 'GhostEnd', handle: 1, reason: GhostEndReason.Transferred });
    t.a.sent.length = 0;
    t.router.fromClient(p, move(4, 103));
    await turn();
    expect(ghostTraffic(t.a.sent)).toEqual([expect.objectContaining({ type: 'GhostUpdate', ownerServer: 'b', position: { x: 103, y: 50, z: 0 } })]);
  });

  it('sends no ghost message on a link that negotiated version 1, and relays no PeerMessage to one', async () => {
    const t = setup();
    t.b.version = 1;
    const p = t.join(1, 95);
    await turn();
    expect(ghostTraffic(t.b.sent)).toEqual([]);
    expect(t.stage.ghosts.tracker.size).toBe(0);
    // Now the player is on b (v1) and near a (v2): a sees it, but a's PeerMessage cannot reach b.
    t.b.version = 2;
    t.router.fromClient(p, move(2, 100.5));
    t.router.fromClient(p, move(3, 102));
    t.a.receive({ type: 'TransferState', handle: 1, transferId: p.transferId, state: Uint8Array.of() });
    t.b.receive({ type: 'TransferAccept', handle: 1, transferId: p.transferId });
    t.b.version = 1;
    t.router.fromClient(p, move(4, 103));
    await turn();
    expect(ghostTraffic(t.a.sent).at(-1)).toMatchObject({ type: 'GhostUpdate', ownerServer: 'b' });
    t.a.receive({ type: 'PeerMessage', handle: 1, fromServer: '', tag: 1, data: Uint8Array.of() });
    expect(t.b.sentOf('PeerMessage')).toEqual([]);
  });

  it("relays a neighbour's PeerMessage to the ghost's owner, and drops one for a handle it does not see", async () => {
    const t = setup();
    t.join(1, 95);
    t.join(2, 50);
    await turn();
    const data = Uint8Array.of(7);
    t.b.receive({ type: 'PeerMessage', handle: 1, fromServer: '', tag: 3, data });
    expect(t.a.sentOf('PeerMessage')).toEqual([{ type: 'PeerMessage', handle: 1, fromServer: 'b', tag: 3, data }]);
    t.b.receive({ type: 'PeerMessage', handle: 2, fromServer: '', tag: 3, data });
    t.a.receive({ type: 'PeerMessage', handle: 1, fromServer: '', tag: 3, data });
    expect(t.a.sentOf('PeerMessage')).toHaveLength(1);
    expect(t.b.sentOf('PeerMessage')).toEqual([]);
  });

  it('forgets the ghosts of a server whose link went down', async () => {
    const t = setup();
    t.join(1, 95);
    await turn();
    t.b.lose();
    expect(t.stage.ghosts.tracker.size).toBe(0);
  });
});
