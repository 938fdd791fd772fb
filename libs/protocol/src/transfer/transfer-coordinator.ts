// The node's side of one transfer: prepare both servers, relay the source's state to
// the target, switch the route on the target's accept, and buffer (bounded) every
// client message that arrives meanwhile, flushing it in order to whichever server owns
// the player afterwards. Any failure or timeout aborts: the player stays on the source.
import { AbortReason, DetachReason, TransferPhase, TransferRole, type TransferReason } from '../constants/enums';
import type { ClientSingleMessage, ServerTransfer } from '../model/client-messages';
import type { Vec3 } from '../model/geometry';
import type { ServerSingleMessage } from '../model/server-messages';
import type { SequenceCounter } from '../sequence/sequence';
import { TransferBuffer } from './transfer-buffer';

/** Everything the node knows when it decides to move a player. */
export interface TransferPlan {
  readonly transferId: number;
  readonly playerId: string;
  readonly fromServer: string;
  readonly toServer: string;
  /** The player's handle on the source server's link. */
  readonly sourceHandle: number;
  /** A fresh handle for the player on the target server's link. */
  readonly targetHandle: number;
  readonly reason: TransferReason;
  readonly position: Vec3;
  /** Token claims as JSON object text, for the target. */
  readonly claims: string;
  /** Time from start to the target's accept before aborting (default 5 s). */
  readonly timeoutMs?: number;
  /** Most client messages held while in flight; one more aborts the transfer (default 256). */
  readonly maxBuffered?: number;
  /** The player's node -> client sequence counter: ServerTransfer notices take numbers from it. */
  readonly clientSeq: SequenceCounter;
}

/** What the coordinator asks the node to do. */
export type TransferOutput =
  /** Send on the source server's link. */
  | { readonly kind: 'to-source'; readonly message: ServerSingleMessage }
  /** Send on the target server's link. */
  | { readonly kind: 'to-target'; readonly message: ServerSingleMessage }
  /** Send to the player (a ServerTransfer notice, already sequenced). */
  | { readonly kind: 'to-client'; readonly message: ServerTransfer }
  /** Route the player to the target from now on (emitted before the flushed messages). */
  | { readonly kind: 'switch-route'; readonly handle: number; readonly server: string }
  /** The transfer finished; the player lives on the target. */
  | { readonly kind: 'completed'; readonly transferId: number }
  /** The transfer is off; the player stays on the source. */
  | { readonly kind: 'aborted'; readonly transferId: number; readonly reason: AbortReason };

/** Where a transfer is. */
export type TransferCoordinatorState = 'idle' | 'awaiting-state' | 'awaiting-accept' | 'completed' | 'aborted';

/** Pure node-side transfer state machine (one instance per transfer). */
export class TransferCoordinator {
  private st: TransferCoordinatorState = 'idle';
  private deadline = 0;
  private readonly buffer: TransferBuffer<ClientSingleMessage>;

  constructor(private readonly plan: TransferPlan) {
    this.buffer = new TransferBuffer(plan.maxBuffered ?? 256);
  }

  /** Current state. */
  get state(): TransferCoordinatorState {
    return this.st;
  }

  /** Client messages held right now. */
  get buffered(): number {
    return this.buffer.size;
  }

  /** Prepares both servers and tells the client the transfer started. */
  start(now: number): TransferOutput[] {
    if (this.st !== 'idle') return [];
    const p = this.plan;
    this.st = 'awaiting-state';
    this.deadline = now + (p.timeoutMs ?? 5000);
    const prepare = (handle: number, role: (typeof TransferRole)[keyof typeof TransferRole], claims: string): ServerSingleMessage => ({
      type: 'TransferPrepare',
      handle,
      transferId: p.transferId,
      role,
      playerId: p.playerId,
      fromServer: p.fromServer,
      toServer: p.toServer,
      reason: p.reason,
      position: p.position,
      claims,
    });
    return [
      { kind: 'to-target', message: prepare(p.targetHandle, TransferRole.Target, p.claims) },
      { kind: 'to-source', message: prepare(p.sourceHandle, TransferRole.Source, '{}') },
      this.notice(TransferPhase.Started),
    ];
  }

  /** A message about this transfer from the source server. */
  fromSource(m: ServerSingleMessage, _now: number): TransferOutput[] {
    if (m.type === 'TransferState' && m.transferId === this.plan.transferId && this.st === 'awaiting-state') {
      this.st = 'awaiting-accept';
      return [{ kind: 'to-target', message: { type: 'TransferState', handle: this.plan.targetHandle, transferId: m.transferId, state: m.state } }];
    }
    if (m.type === 'TransferAbort' && m.transferId === this.plan.transferId) return this.abort(AbortReason.SourceRefused, 'target');
    return [];
  }

  /** A message about this transfer from the target server. */
  fromTarget(m: ServerSingleMessage, _now: number): TransferOutput[] {
    if (m.type === 'TransferAccept' && m.transferId === this.plan.transferId && this.st === 'awaiting-accept') return this.complete();
    if (m.type === 'TransferAbort' && m.transferId === this.plan.transferId) return this.abort(AbortReason.TargetRefused, 'source');
    return [];
  }

  /**
   * A message from the player. In flight it is held; afterwards it is forwarded to the
   * owner. Overflowing the buffer aborts the transfer (nothing is dropped).
   */
  fromClient(m: ClientSingleMessage, _now: number): TransferOutput[] {
    if (this.st === 'completed') return [{ kind: 'to-target', message: { type: 'Forward', handle: this.plan.targetHandle, message: m } }];
    if (this.st === 'aborted' || this.st === 'idle') return [{ kind: 'to-source', message: { type: 'Forward', handle: this.plan.sourceHandle, message: m } }];
    if (this.buffer.push(m)) return [];
    const outs = this.abort(AbortReason.BufferOverflow, 'both');
    outs.push({ kind: 'to-source', message: { type: 'Forward', handle: this.plan.sourceHandle, message: m } });
    return outs;
  }

  /** Time passed; aborts once the timeout is reached. */
  tick(now: number): TransferOutput[] {
    if ((this.st !== 'awaiting-state' && this.st !== 'awaiting-accept') || now < this.deadline) return [];
    return this.abort(AbortReason.Timeout, 'both');
  }

  /** A server's link died mid-transfer. */
  serverLost(which: 'source' | 'target', _now: number): TransferOutput[] {
    if (which === 'target') return this.abort(AbortReason.TargetFailed, 'source');
    return this.abort(AbortReason.SourceFailed, 'target');
  }

  /** The player left mid-transfer: both servers are told, held messages are dropped. */
  cancel(_now: number): TransferOutput[] {
    if (this.st !== 'awaiting-state' && this.st !== 'awaiting-accept') return [];
    this.buffer.drain();
    return this.abort(AbortReason.PlayerLeft, 'both', false);
  }

  private complete(): TransferOutput[] {
    const p = this.plan;
    this.st = 'completed';
    const outs: TransferOutput[] = [
      { kind: 'switch-route', handle: p.targetHandle, server: p.toServer },
      // Confirms to the target that the route switched (an abort may have crossed its accept otherwise).
      { kind: 'to-target', message: { type: 'TransferAccept', handle: p.targetHandle, transferId: p.transferId } },
    ];
    for (const m of this.buffer.drain()) outs.push({ kind: 'to-target', message: { type: 'Forward', handle: p.targetHandle, message: m } });
    outs.push({ kind: 'to-source', message: { type: 'Detach', handle: p.sourceHandle, reason: DetachReason.Transferred } });
    outs.push(this.notice(TransferPhase.Completed), { kind: 'completed', transferId: p.transferId });
    return outs;
  }

  private abort(reason: AbortReason, tell: 'source' | 'target' | 'both', notifyClient = true): TransferOutput[] {
    if (this.st !== 'awaiting-state' && this.st !== 'awaiting-accept') return [];
    const p = this.plan;
    this.st = 'aborted';
    const outs: TransferOutput[] = [];
    if (tell !== 'source') outs.push({ kind: 'to-target', message: { type: 'TransferAbort', handle: p.targetHandle, transferId: p.transferId, reason } });
    if (tell !== 'target') outs.push({ kind: 'to-source', message: { type: 'TransferAbort', handle: p.sourceHandle, transferId: p.transferId, reason } });
    for (const m of this.buffer.drain()) outs.push({ kind: 'to-source', message: { type: 'Forward', handle: p.sourceHandle, message: m } });
    if (notifyClient) outs.push(this.notice(TransferPhase.Aborted));
    outs.push({ kind: 'aborted', transferId: p.transferId, reason });
    return outs;
  }

  private notice(phase: TransferPhase): { kind: 'to-client'; message: ServerTransfer } {
    const p = this.plan;
    return {
      kind: 'to-client',
      message: { type: 'ServerTransfer', seq: p.clientSeq.next(), transferId: p.transferId, fromServer: p.fromServer, toServer: p.toServer, reason: p.reason, phase },
    };
  }
}
