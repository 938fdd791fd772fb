// Horizon's JSON text frames inside the upstream port's messages: a text frame rides as a
// PlayerAction with HORIZON_TEXT_TAG and its UTF-8 bytes as data, unchanged both ways.
import { ActionChannel, type PlayerAction } from '@atlas/protocol';

/** The PlayerAction tag that marks a Horizon text frame ('HZ'). */
export const HORIZON_TEXT_TAG = 0x485a;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A Horizon text frame as the PlayerAction the port carries. */
export function textAction(text: string): PlayerAction {
  return { type: 'PlayerAction', seq: 0, channel: ActionChannel.Reliable, tag: HORIZON_TEXT_TAG, data: encoder.encode(text) };
}

/** The text of a Horizon PlayerAction, or null for any other message. */
export function actionText(m: { readonly type: string; readonly tag?: number; readonly data?: Uint8Array }): string | null {
  return m.type === 'PlayerAction' && m.tag === HORIZON_TEXT_TAG && m.data !== undefined ? decoder.decode(m.data) : null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The position a client message carries: a message whose `event` is `moveEvent` (Horizon's
 * channel-0 `move` gorc_event, plugin_player handlers/movement.rs) with `{x, y, z}` numbers at
 * the dotted `path` (default `data.new_position`); null otherwise.
 */
export function positionOf(json: unknown, moveEvent: string, path: string): { x: number; y: number; z: number } | null {
  if (!isObj(json) || json['event'] !== moveEvent) return null;
  let at: unknown = json;
  for (const key of path.split('.')) at = isObj(at) ? at[key] : undefined;
  if (!isObj(at)) return null;
  const { x, y, z } = at;
  return typeof x === 'number' && typeof y === 'number' && typeof z === 'number' && [x, y, z].every(Number.isFinite) ? { x, y, z } : null;
}

/** Horizon's ids in a server message (`gorc_zone_enter` carries `player_id` and `object_id`). */
export function horizonIds(json: unknown): { player_id: string; object_id: string | null } | null {
  if (!isObj(json) || typeof json['player_id'] !== 'string') return null;
  return { player_id: json['player_id'], object_id: typeof json['object_id'] === 'string' ? json['object_id'] : null };
}
