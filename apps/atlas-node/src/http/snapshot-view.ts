// The node-local picture for `/servers` and the admin map (NodeSnapshot, defined by
// the HTTP layer), built on demand from the live structures.
import type { LinkView, NodeRunState, NodeSnapshot, PlayerView, TransferView } from './snapshot';
import type { TransferRecord } from '../transfer/transfer-manager';
import type { LinkPool } from '../upstream/link-pool';
import { Phase, type ClientSession } from '../session/session';

/** Most players listed in one snapshot (the admin map draws dots; beyond this it samples). */
export const SNAPSHOT_PLAYER_LIMIT = 5000;

/** Builds a NodeSnapshot. */
export function buildSnapshot(
  nodeId: string,
  state: NodeRunState,
  startedAt: number,
  links: LinkPool,
  sessions: ReadonlyMap<number, ClientSession>,
  transfers: readonly TransferRecord[],
): NodeSnapshot {
  const perServer = new Map<string, number>();
  const players: PlayerView[] = [];
  let playerCount = 0;
  for (const s of sessions.values()) {
    if (s.phase !== Phase.Active) continue;
    if (s.server !== null) perServer.set(s.server, (perServer.get(s.server) ?? 0) + 1);
    if (!s.placed) continue;
    playerCount++;
    if (players.length < SNAPSHOT_PLAYER_LIMIT) {
      players.push({ id: s.playerId, position: { x: s.x, y: s.y, z: s.z }, serverId: s.server, transferring: s.transferId !== 0 });
    }
  }
  const linkViews: LinkView[] = [];
  for (const l of links.all()) {
    const state = l.state === 'up' ? 'up' : l.state === 'connecting' ? 'connecting' : 'down';
    linkViews.push({ serverId: l.serverId, state, players: perServer.get(l.serverId) ?? 0 });
  }
  const transferViews: TransferView[] = transfers.map((t) => ({ playerId: t.playerId, from: t.from, to: t.to, state: t.state, startedAt: t.startedAt, endedAt: t.endedAt, reason: t.reason }));
  return { nodeId, state, startedAt, links: linkViews, players, playerCount, transfers: transferViews };
}
