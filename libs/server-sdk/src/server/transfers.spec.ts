import { AbortReason, DetachReason, TransferReason, TransferRole, type TransferPrepare } from '@atlas/protocol';
import type { AttachCause, GamePlayer, LeaveReason, TransferInfo } from '..';
import { boot, bytes, until, type Booted } from '../../test/boot';

const at = { x: 10, y: 0, z: 0 };
const prepare = (role: TransferPrepare['role'], handle: number, transferId: number, playerId = 'p1'): TransferPrepare => ({
  type: 'TransferPrepare',
  handle,
  transferId,
  role,
  playerId,
  fromServer: 'west',
  toServer: 'east',
  reason: TransferReason.Boundary,
  position: at,
  claims: role === TransferRole.Target ? '{"team":"blue"}' : '{}',
});
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('transfers', () => {
  let b: Booted | undefined;
  afterEach(() => b?.stop());

  it('source: exports the state through the hook, then forgets the player on Detach(Transferred)', async () => {
    b = await boot({ transfer: { exportState: (p) => bytes(`${p.playerId}:${text(p.state)}+exported`) } });
    const left: LeaveReason[] = [];
    b.server.on('detach', (_p, r) => left.push(r));
    const node = await b.link();
    node.send({ type: 'Attach', handle: 4, playerId: 'p1', sessionId: 's', position: at, state: bytes('hp=3'), claims: '{}' });
    await until(() => b?.server.players.size === 1);
    node.send(prepare(TransferRole.Source, 4, 77));
    const state = await node.next('TransferState');
    expect({ ...state, state: text(state.state) }).toEqual({ type: 'TransferState', handle: 4, transferId: 77, state: 'p1:hp=3+exported' });
    expect(b.server.players.size).toBe(1);
    node.send({ type: 'Detach', handle: 4, reason: DetachReason.Transferred });
    await until(() => left.length === 1);
    expect(left).toEqual([DetachReason.Transferred]);
    expect(b.server.players.size).toBe(0);
  });

  it('source: an async hook that refuses sends TransferAbort(SourceRefused) and keeps the player', async () => {
    b = await boot({ transfer: { exportState: async () => undefined } });
    const aborted: [TransferInfo, number][] = [];
    b.server.on('transferAborted', (t, r) => aborted.push([t, r]));
    const node = await b.link();
    node.send({ type: 'Attach', handle: 4, playerId: 'p1', sessionId: 's', position: at, state: new Uint8Array(), claims: '{}' });
    node.send(prepare(TransferRole.Source, 4, 78));
    expect(await node.next('TransferAbort')).toEqual({ type: 'TransferAbort', handle: 4, transferId: 78, reason: AbortReason.SourceRefused });
    expect(aborted).toEqual([[expect.objectContaining({ transferId: 78, role: 'source' }), AbortReason.SourceRefused]]);
    expect(b.server.player('p1')).toBeDefined();
  });

  it('source: refuses a transfer of a handle it does not know', async () => {
    b = await boot();
    const node = await b.link();
    node.send(prepare(TransferRole.Source, 9, 5));
    expect(await node.next('TransferAbort')).toMatchObject({ transferId: 5, reason: AbortReason.SourceRefused });
  });

  it('target: prepares, imports, accepts, and attaches the player once the node confirms', async () => {
    const imported: string[] = [];
    b = await boot({ transfer: { importState: (p, s) => (imported.push(`${p.playerId}:${text(s)}`), true) } });
    const events: string[] = [];
    let arrived: GamePlayer | undefined;
    b.server.on('transferPrepare', (p) => events.push(`prepare ${p.playerId}`));
    b.server.on('attach', (p: GamePlayer, cause: AttachCause) => {
      arrived = p;
      events.push(`attach ${p.playerId} ${cause}`);
    });
    const node = await b.link();
    node.send(prepare(TransferRole.Target, 12, 90));
    await until(() => events.length === 1);
    node.send({ type: 'TransferState', handle: 12, transferId: 90, state: bytes('inventory') });
    expect(await node.next('TransferAccept')).toEqual({ type: 'TransferAccept', handle: 12, transferId: 90 });
    expect(b.server.players.size).toBe(0);
    node.send({ type: 'TransferAccept', handle: 12, transferId: 90 }, { type: 'Forward', handle: 12, message: { type: 'PlayerMove', seq: 5, timestamp: 0, position: { x: 11, y: 0, z: 0 }, velocity: at } });
    await until(() => arrived?.position.x === 11);
    expect(events).toEqual(['prepare p1', 'attach p1 transfer']);
    expect(imported).toEqual(['p1:inventory']);
    expect(text((arrived as GamePlayer).state)).toBe('inventory');
    expect(arrived?.claims).toEqual({ team: 'blue' });
    expect(arrived?.handle).toBe(12);
  });

  it('target: a refusing import answers TransferAbort(TargetRefused); an abort after accept rolls back', async () => {
    let allow = false;
    b = await boot({ transfer: { importState: () => allow } });
    const aborted: number[] = [];
    b.server.on('transferAborted', (t, r) => aborted.push(r));
    const node = await b.link();
    node.send(prepare(TransferRole.Target, 1, 1), { type: 'TransferState', handle: 1, transferId: 1, state: bytes('s') });
    expect(await node.next('TransferAbort')).toEqual({ type: 'TransferAbort', handle: 1, transferId: 1, reason: AbortReason.TargetRefused });
    allow = true;
    node.send(prepare(TransferRole.Target, 2, 2), { type: 'TransferState', handle: 2, transferId: 2, state: bytes('s') });
    await node.next('TransferAccept');
    node.send({ type: 'TransferAbort', handle: 2, transferId: 2, reason: AbortReason.Timeout });
    await until(() => aborted.length === 2);
    expect(aborted).toEqual([AbortReason.TargetRefused, AbortReason.Timeout]);
    expect(b.server.players.size).toBe(0);
  });

  it('target: gives up with TransferAbort(Timeout) when no state arrives in time', async () => {
    b = await boot({ transferTimeoutMs: 100 });
    const node = await b.link();
    node.send(prepare(TransferRole.Target, 3, 33));
    expect(await node.next('TransferAbort', undefined, 2000)).toEqual({ type: 'TransferAbort', handle: 3, transferId: 33, reason: AbortReason.Timeout });
  });
});
