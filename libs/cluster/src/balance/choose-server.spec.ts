import * as E from 'fp-ts/lib/Either.js';
import { IDLE_SERVER_LOAD, type GameServerInfo } from '../model/server';
import { gameServerInfo } from '../testing/contract-helpers';
import { chooseServerForPlayer, chooseServerForRegion } from './choose-server';

const server = (id: string, { connections = 0, accepting = true, ...extra }: Partial<GameServerInfo> & { connections?: number; accepting?: boolean } = {}): GameServerInfo =>
  gameServerInfo(id, { ...extra, load: { ...IDLE_SERVER_LOAD, connections, accepting } });
const box = (x0: number, x1: number) => ({ min: { x: x0, y: 0, z: 0 }, max: { x: x1, y: 10, z: 0 } });

describe('choosing servers', () => {
  it('a player at a position goes to the owner of that point, if it has room', () => {
    const servers = [server('west', { region: box(0, 10) }), server('east', { region: box(10, 20), connections: 10 })];
    expect(chooseServerForPlayer(servers, { x: 5, y: 5, z: 0 })).toEqual(E.right(servers[0]));
    expect(chooseServerForPlayer(servers, { x: 10, y: 5, z: 0 })).toEqual(E.left({ kind: 'full', serverId: 'east' }));
    expect(chooseServerForPlayer(servers, { x: 50, y: 5, z: 0 })).toEqual(E.left({ kind: 'unowned' }));
  });

  it('a player without a position goes where there is most room relative to capacity', () => {
    const servers = [
      server('half', { connections: 5 }),
      server('big', { capacity: 100, connections: 20 }),
      server('closed', { accepting: false }),
      server('dead', { status: 'failed' }),
    ];
    expect(E.isRight(chooseServerForPlayer(servers)) && chooseServerForPlayer(servers)).toEqual(E.right(servers[1]));
    expect(chooseServerForPlayer([servers[2] as GameServerInfo])).toEqual(E.left({ kind: 'no_capacity' }));
  });

  it('a new region goes to a standby server with the most room, of the wanted version', () => {
    const servers = [
      server('owner', { region: box(0, 10), capacity: 1000 }),
      server('small', { capacity: 10 }),
      server('large', { capacity: 50, connections: 5 }),
      server('old', { capacity: 500, version: '0' }),
    ];
    expect(chooseServerForRegion(servers, { version: '1' })).toEqual(E.right(servers[2]));
    expect(chooseServerForRegion(servers)).toEqual(E.right(servers[3]));
    expect(chooseServerForRegion([servers[0] as GameServerInfo])).toEqual(E.left({ kind: 'no_standby' }));
  });
});
