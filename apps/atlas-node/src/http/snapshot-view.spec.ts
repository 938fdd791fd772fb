import type { LinkPool } from '../upstream/link-pool';
import { Phase, type ClientSession } from '../session/session';
import { buildSnapshot, SNAPSHOT_PLAYER_LIMIT } from './snapshot-view';
import { NodeRunState } from './snapshot';

const links = { all: () => [] } as unknown as LinkPool;

function session(i: number, placed: boolean, phase: Phase = Phase.Active): ClientSession {
  return { phase, placed, server: 'srv', playerId: `p-${i}`, x: i, y: 0, z: 0, transferId: 0 } as unknown as ClientSession;
}

describe('buildSnapshot', () => {
  it('lists at most the limit of players but counts every placed, active one', () => {
    const sessions = new Map<number, ClientSession>();
    const n = SNAPSHOT_PLAYER_LIMIT + 250;
    for (let i = 0; i < n; i++) sessions.set(i, session(i, true));
    sessions.set(n, session(n, false));
    sessions.set(n + 1, session(n + 1, true, Phase.Closed));
    const snap = buildSnapshot('node', NodeRunState.Active, 0, links, sessions, []);
    expect(snap.players).toHaveLength(SNAPSHOT_PLAYER_LIMIT);
    expect(snap.playerCount).toBe(n);
  });
});
