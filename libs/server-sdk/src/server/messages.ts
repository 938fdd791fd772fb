// Builders for the messages a game server most often sends. The node stamps each
// player's `seq`, so these carry 0.
import { ActionChannel, SyncMode, type PlayerAction, type StateSync } from '@atlas/protocol';

/** A PlayerAction to deliver (reliable by default). */
export function actionMessage(tag: number, data: Uint8Array, channel: ActionChannel = ActionChannel.Reliable): PlayerAction {
  return { type: 'PlayerAction', seq: 0, channel, tag, data };
}

/** A StateSync to deliver: a full snapshot, or a delta against the snapshot with seq `baseSeq`. */
export function stateMessage(data: Uint8Array, mode: SyncMode = SyncMode.Full, baseSeq = 0): StateSync {
  return { type: 'StateSync', seq: 0, mode, baseSeq, data };
}
