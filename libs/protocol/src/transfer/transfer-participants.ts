// The game server's side of a transfer (used by the game-server SDK). The source hands
// the player's state over and forgets the player when the node detaches it; the target
// prepares, imports the state and accepts (or refuses). Both react to an abort.
import { AbortReason, DetachReason } from '../constants/enums';
import type { ServerSingleMessage, TransferPrepare } from '../model/server-messages';

/** What a transfer participant asks the game server to do. */
export type ParticipantOutput =
  /** Send on the link to the node. */
  | { readonly kind: 'send'; readonly message: ServerSingleMessage }
  /** Source: serialise the player's state and call `handOver` (or `refuse`). */
  | { readonly kind: 'export'; readonly prepare: TransferPrepare }
  /** Target: a player is coming; start preloading. */
  | { readonly kind: 'prepare'; readonly prepare: TransferPrepare }
  /** Target: restore the player from `state` and call `accept` (or `refuse`). */
  | { readonly kind: 'import'; readonly prepare: TransferPrepare; readonly state: Uint8Array }
  /** The player now lives on the target (source: forget it; target: the node confirmed, it is yours under `handle`). */
  | { readonly kind: 'completed'; readonly handle: number }
  /** The transfer is off: the source keeps simulating the player; the target forgets it. */
  | { readonly kind: 'aborted'; readonly reason: AbortReason };

/** Where a participant is. */
export type ParticipantState = 'exporting' | 'handed-over' | 'preparing' | 'importing' | 'accepted' | 'completed' | 'aborted';

/** The source server's side of one transfer; create it on a TransferPrepare with role Source. */
export class TransferSource {
  private st: ParticipantState = 'exporting';

  constructor(readonly prepare: TransferPrepare) {}

  /** Current state. */
  get state(): ParticipantState {
    return this.st;
  }

  /** Asks the game server for the player's state. */
  begin(): ParticipantOutput[] {
    return [{ kind: 'export', prepare: this.prepare }];
  }

  /** The player's serialised state, to hand over. */
  handOver(state: Uint8Array): ParticipantOutput[] {
    if (this.st !== 'exporting') return [];
    this.st = 'handed-over';
    const { handle, transferId } = this.prepare;
    return [{ kind: 'send', message: { type: 'TransferState', handle, transferId, state } }];
  }

  /** The game server will not let the player go. */
  refuse(): ParticipantOutput[] {
    if (this.st !== 'exporting') return [];
    this.st = 'aborted';
    const { handle, transferId } = this.prepare;
    return [
      { kind: 'send', message: { type: 'TransferAbort', handle, transferId, reason: AbortReason.SourceRefused } },
      { kind: 'aborted', reason: AbortReason.SourceRefused },
    ];
  }

  /** A message from the node about this player. */
  receive(m: ServerSingleMessage): ParticipantOutput[] {
    if (this.st !== 'exporting' && this.st !== 'handed-over') return [];
    if (m.type === 'TransferAbort' && m.transferId === this.prepare.transferId) {
      this.st = 'aborted';
      return [{ kind: 'aborted', reason: m.reason }];
    }
    if (m.type === 'Detach' && m.handle === this.prepare.handle && m.reason === DetachReason.Transferred && this.st === 'handed-over') {
      this.st = 'completed';
      return [{ kind: 'completed', handle: m.handle }];
    }
    return [];
  }
}

/** The target server's side of one transfer; create it on a TransferPrepare with role Target. */
export class TransferTarget {
  private st: ParticipantState = 'preparing';
  private readonly deadline: number;

  /** Gives up (and tells the node) when no state arrives within `timeoutMs` (default 5 s). */
  constructor(
    readonly prepare: TransferPrepare,
    now: number,
    timeoutMs = 5000,
  ) {
    this.deadline = now + timeoutMs;
  }

  /** Current state. */
  get state(): ParticipantState {
    return this.st;
  }

  /** Tells the game server to get ready. */
  begin(): ParticipantOutput[] {
    return [{ kind: 'prepare', prepare: this.prepare }];
  }

  /** A message from the node about this transfer. */
  receive(m: ServerSingleMessage): ParticipantOutput[] {
    if (m.type === 'TransferState' && m.transferId === this.prepare.transferId && this.st === 'preparing') {
      this.st = 'importing';
      return [{ kind: 'import', prepare: this.prepare, state: m.state }];
    }
    if (m.type === 'TransferAccept' && m.transferId === this.prepare.transferId && this.st === 'accepted') {
      this.st = 'completed';
      return [{ kind: 'completed', handle: this.prepare.handle }];
    }
    // An abort can cross our accept on the wire (the node timed out first): roll back.
    if (m.type === 'TransferAbort' && m.transferId === this.prepare.transferId && (this.st === 'preparing' || this.st === 'importing' || this.st === 'accepted')) {
      this.st = 'aborted';
      return [{ kind: 'aborted', reason: m.reason }];
    }
    return [];
  }

  /**
   * The game server restored the player: accept it. The transfer completes when the node
   * confirms (its own TransferAccept); until then an abort may still roll it back.
   */
  accept(): ParticipantOutput[] {
    if (this.st !== 'importing') return [];
    this.st = 'accepted';
    const { handle, transferId } = this.prepare;
    return [{ kind: 'send', message: { type: 'TransferAccept', handle, transferId } }];
  }

  /** The game server cannot take the player. */
  refuse(): ParticipantOutput[] {
    if (this.st !== 'importing' && this.st !== 'preparing') return [];
    return this.giveUp(AbortReason.TargetRefused);
  }

  /** Time passed. */
  tick(now: number): ParticipantOutput[] {
    if ((this.st !== 'preparing' && this.st !== 'importing') || now < this.deadline) return [];
    return this.giveUp(AbortReason.Timeout);
  }

  private giveUp(reason: AbortReason): ParticipantOutput[] {
    this.st = 'aborted';
    const { handle, transferId } = this.prepare;
    return [{ kind: 'send', message: { type: 'TransferAbort', handle, transferId, reason } }, { kind: 'aborted', reason }];
  }
}
