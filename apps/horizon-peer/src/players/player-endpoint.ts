/**
 * Horizon's player endpoint: a WebSocket on the bind address, accepted on any path. Every
 * accepted socket is a new player with a fresh random id (`PlayerId::new()`, a UUID v4)
 * and a `player_connected` event, whatever the peer then sends; binary frames are
 * dropped; text frames are JSON, either `{namespace, event, data}` or a native
 * `{type: "gorc_event", object_id, channel, event, data, player_id}`; invalid JSON is
 * dropped silently (trace log in Horizon).
 *
 * Followed: Far-Beyond-Dev/Horizon (b11774f) `crates/game_server/src/server/handlers.rs`
 * (`handle_connection`: accept_async on any path, `PlayerId::new()`, Text routed, Ping
 * answered, everything else `_ => {}`), `crates/game_server/src/messaging/router.rs`
 * (`route_client_message`, `route_native_gorc_event`), `messaging/types.rs`
 * (`ClientMessage`), `crates/horizon_event_system/src/system/emitters.rs` 349-357 (the
 * `gorc_zone_enter` message), `crates/plugin_player/src/handlers/connection.rs` (spawn at
 * the origin) and `handlers/movement.rs` (channel 0 `move` with `new_position`).
 *
 * Not Horizon core (stands in for its plugins, documented in the README): it answers a
 * `move` with a `gorc_event` position update to the mover, and echoes any other
 * `{namespace, event, data}` back to its sender with `player_id` added.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Report } from '../atlas/atlas-client';

/** Counts the tests read. */
export interface PlayerStats {
  /** Players ever created (one per accepted WebSocket). */
  readonly created: number;
  readonly online: number;
}

interface Player {
  readonly playerId: string;
  readonly objectId: string;
  position: { x: number; y: number; z: number };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const now = (): number => Math.floor(Date.now() / 1000);

function zoneEnter(p: Player): string {
  return JSON.stringify({
    type: 'gorc_zone_enter',
    object_id: p.objectId,
    object_type: 'GorcPlayer',
    channel: 0,
    player_id: p.playerId,
    zone_data: { position: p.position },
    timestamp: now(),
  });
}

function onText(ws: WebSocket, p: Player, text: string, report: Report): void {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    report('message_dropped', { playerId: p.playerId, reason: 'invalid JSON' });
    return;
  }
  if (!isObj(json)) return;
  if (json['type'] === 'gorc_event') {
    const data = json['data'];
    const pos = isObj(data) ? data['new_position'] : undefined;
    report('message', { playerId: p.playerId, kind: 'gorc_event', name: json['event'], channel: json['channel'] });
    if (json['event'] === 'move' && isObj(pos) && [pos['x'], pos['y'], pos['z']].every((v) => typeof v === 'number')) {
      p.position = { x: pos['x'] as number, y: pos['y'] as number, z: pos['z'] as number };
      ws.send(JSON.stringify({ type: 'gorc_event', object_id: p.objectId, channel: 0, event: 'position_update', data: { player_id: p.playerId, position: p.position }, player_id: p.playerId }));
    }
    return;
  }
  if (typeof json['namespace'] !== 'string' || typeof json['event'] !== 'string' || !('data' in json)) {
    report('message_dropped', { playerId: p.playerId, reason: 'not a ClientMessage' });
    return;
  }
  report('message', { playerId: p.playerId, kind: 'client', namespace: json['namespace'], name: json['event'] });
  ws.send(JSON.stringify({ namespace: json['namespace'], event: json['event'], data: json['data'], player_id: p.playerId }));
}

/** Serves players on every path of `http`; returns live counts. */
export function servePlayers(http: Server, report: Report): { stats(): PlayerStats; close(): void } {
  const wss = new WebSocketServer({ server: http });
  let created = 0;
  let online = 0;
  wss.on('connection', (ws, request) => {
    const p: Player = { playerId: randomUUID(), objectId: randomUUID(), position: { x: 0, y: 0, z: 0 } };
    created++;
    online++;
    report('player_connected', { playerId: p.playerId, objectId: p.objectId, path: request.url ?? '/', created });
    ws.send(zoneEnter(p));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        report('binary_ignored', { playerId: p.playerId });
        return;
      }
      onText(ws, p, data.toString(), report);
    });
    ws.on('close', () => {
      online--;
      report('player_disconnected', { playerId: p.playerId });
    });
    ws.on('error', () => ws.terminate());
  });
  return { stats: () => ({ created, online }), close: () => wss.close() };
}
