import { ActionChannel, type ClientSingleMessage, type StateSync } from '@atlas/protocol';
import { decodeCarried, decodeNearby, encodeCarried, encodeNearby } from './state-codec';
import { World, type PlayerSink } from './world';

const sink = (): PlayerSink & { got: ClientSingleMessage[] } => {
  const got: ClientSingleMessage[] = [];
  return { got, send: (m) => got.push(m) };
};

describe('World', () => {
  it('echoes actions unchanged to the sender and counts every message', () => {
    const w = new World({ syncHz: 0 });
    const a = sink();
    w.join('a', { x: 0, y: 0, z: 0 }, a);
    w.move('a', { x: 3, y: 4, z: 0 });
    w.action('a', { type: 'PlayerAction', seq: 9, channel: ActionChannel.UnreliableLatest, tag: 5, data: Uint8Array.of(1, 2) });
    expect(a.got).toEqual([{ type: 'PlayerAction', seq: 0, channel: ActionChannel.UnreliableLatest, tag: 5, data: Uint8Array.of(1, 2) }]);
    expect(w.get('a')).toMatchObject({ position: { x: 3, y: 4, z: 0 }, counter: 2 });
  });

  it('hands position and counter over, and continues them on the next server', () => {
    const from = new World();
    from.join('p', { x: 0, y: 0, z: 0 }, sink());
    from.move('p', { x: 499.5, y: 10, z: -2 });
    const state = from.exportState('p') as Uint8Array;
    expect(decodeCarried(state)).toEqual({ position: { x: 499.5, y: 10, z: -2 }, counter: 1 });
    const to = new World();
    to.join('p', { x: 0, y: 0, z: 0 }, sink(), decodeCarried(state));
    to.move('p', { x: 501, y: 10, z: -2 });
    expect(to.get('p')?.counter).toBe(2);
    expect(decodeCarried(Uint8Array.of(1, 2))).toBeUndefined();
    expect(decodeCarried(encodeCarried({ position: { x: 1, y: 2, z: 3 }, counter: 0xffffffff }))?.counter).toBe(0xffffffff);
  });

  it('counts preload notices and forgets a preloaded player once it leaves the zone or arrives', () => {
    const w = new World({ syncHz: 0 });
    w.preload('a', true);
    w.preload('b', true);
    w.preload('b', false);
    expect([w.preloads, [...w.preloading]]).toEqual([2, ['a']]);
    w.join('a', { x: 0, y: 0, z: 0 }, sink());
    expect(w.preloading.size).toBe(0);
  });

  it('sends each player the players within the sync radius on sync ticks', () => {
    const w = new World({ tickHz: 20, syncHz: 10, syncRadius: 10 });
    const a = sink();
    const b = sink();
    const far = sink();
    w.join('a', { x: 0, y: 0, z: 0 }, a);
    w.join('b', { x: 6, y: 8, z: 0 }, b);
    w.join('far', { x: 100, y: 0, z: 0 }, far);
    w.tick();
    expect(a.got).toEqual([]);
    w.tick();
    const near = decodeNearby((a.got[0] as StateSync).data);
    expect(near).toEqual([{ num: 2, position: { x: 6, y: 8, z: 0 } }]);
    expect(decodeNearby((far.got[0] as StateSync).data)).toEqual([]);
  });

  it('lists nearby ghosts in StateSyncs, marked, sends them nothing, and drops one that arrives as a player', () => {
    const w = new World({ tickHz: 20, syncHz: 20, syncRadius: 10 });
    const a = sink();
    w.join('a', { x: 95, y: 0, z: 0 }, a);
    w.ghost('g', { x: 101, y: 0, z: 0 });
    w.ghost('g', { x: 102, y: 0, z: 0 });
    w.ghost('far', { x: 150, y: 0, z: 0 });
    w.tick();
    expect(decodeNearby((a.got[0] as StateSync).data)).toEqual([{ num: 2, position: { x: 102, y: 0, z: 0 }, ghost: true }]);
    w.join('g', { x: 101, y: 0, z: 0 }, sink());
    expect(w.ghosts.has('g')).toBe(false);
    w.ghostLeft('far');
    w.ghost('g', { x: 103, y: 0, z: 0 });
    expect(w.ghosts.size).toBe(0);
  });

  it('round-trips the ghost mark of a StateSync entry', () => {
    const entries = [{ num: 5, position: { x: 1, y: 2, z: 3 } }, { num: 0x7fffffff, position: { x: 0, y: 0, z: 0 }, ghost: true }];
    expect(decodeNearby(encodeNearby(entries))).toEqual(entries);
  });

  it('does not let an old sink remove a player that joined again', () => {
    const w = new World();
    const old = sink();
    w.join('p', { x: 0, y: 0, z: 0 }, old);
    w.join('p', { x: 0, y: 0, z: 0 }, sink());
    w.leave('p', old);
    expect(w.size).toBe(1);
  });
});
