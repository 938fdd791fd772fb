// Both sides of the transfers this server takes part in, over the protocol's
// TransferSource / TransferTarget machines: the source exports the player's state
// through the game's hook, the target imports it and becomes the owner once the node
// confirms the route switch.
import {
  AbortReason,
  DetachReason,
  TransferRole,
  TransferSource,
  TransferTarget,
  type ParticipantOutput,
  type ServerSingleMessage,
  type TransferPrepare,
} from '@atlas/protocol';
import type { NodeLink } from '../link/node-link';
import { parseClaims, PlayerEntry } from './player-entry';
import type { GameServerEvents, TraceContext, TransferHooks, TransferInfo } from './types';

/** What the transfer desk needs from the server. */
export interface TransferHost {
  readonly hooks: TransferHooks;
  readonly transferTimeoutMs: number;
  player(link: NodeLink, handle: number): PlayerEntry | undefined;
  attach(player: PlayerEntry, cause: 'transfer'): void;
  detach(player: PlayerEntry, reason: DetachReason): void;
  emit<K extends 'transferPrepare' | 'transferAborted' | 'error'>(event: K, ...args: Parameters<GameServerEvents[K]>): void;
}

interface Ongoing {
  readonly link: NodeLink;
  readonly machine: TransferSource | TransferTarget;
  readonly info: TransferInfo;
  /** Target: the imported state, kept until the node confirms. */
  state: Uint8Array;
}

/** Runs every transfer this server is a source or target of. */
export class TransferDesk {
  private readonly ongoing = new Map<string, Ongoing>();

  constructor(private readonly host: TransferHost) {}

  /** Transfers in flight. */
  get size(): number {
    return this.ongoing.size;
  }

  /** Handles a transfer message from `link`; false when it is not one. */
  receive(link: NodeLink, m: ServerSingleMessage, now: number, trace?: TraceContext): boolean {
    if (m.type === 'TransferPrepare') {
      this.prepare(link, m, now, trace);
      return true;
    }
    if (m.type === 'TransferState' || m.type === 'TransferAccept' || m.type === 'TransferAbort') {
      const t = this.ongoing.get(key(link, m.transferId));
      if (t !== undefined) this.run(t, t.machine.receive(m));
      return true;
    }
    if (m.type === 'Detach' && m.reason === DetachReason.Transferred) {
      const player = this.host.player(link, m.handle);
      const t = player?.transferId === undefined ? undefined : this.ongoing.get(key(link, player.transferId));
      if (t !== undefined) this.run(t, t.machine.receive(m));
      return t !== undefined;
    }
    return false;
  }

  /** Time passed: targets give up on a handover that never comes. */
  tick(now: number): void {
    for (const t of this.ongoing.values()) if (t.machine instanceof TransferTarget) this.run(t, t.machine.tick(now));
  }

  /** A link closed: its transfers end without messages (the node aborts its side). */
  linkLost(link: NodeLink): void {
    for (const [k, t] of this.ongoing) {
      if (t.link !== link) continue;
      this.ongoing.delete(k);
      this.host.emit('transferAborted', t.info, t.info.role === 'source' ? AbortReason.SourceFailed : AbortReason.TargetFailed);
    }
  }

  private prepare(link: NodeLink, p: TransferPrepare, now: number, trace: TraceContext | undefined): void {
    const role = p.role === TransferRole.Source ? 'source' : 'target';
    const info: TransferInfo = { transferId: p.transferId, playerId: p.playerId, fromServer: p.fromServer, toServer: p.toServer, role, ...(trace !== undefined ? { trace } : {}) };
    if (role === 'source') {
      const player = this.host.player(link, p.handle);
      const machine = new TransferSource(p);
      if (player === undefined) {
        this.run({ link, machine, info, state: EMPTY }, machine.refuse());
        return;
      }
      player.transferId = p.transferId;
      const t: Ongoing = { link, machine, info, state: EMPTY };
      this.ongoing.set(key(link, p.transferId), t);
      this.run(t, machine.begin());
      return;
    }
    const machine = new TransferTarget(p, now, this.host.transferTimeoutMs);
    const t: Ongoing = { link, machine, info, state: EMPTY };
    this.ongoing.set(key(link, p.transferId), t);
    this.run(t, machine.begin());
  }

  private run(t: Ongoing, outs: ParticipantOutput[]): void {
    for (const o of outs) {
      switch (o.kind) {
        case 'send':
          t.link.send(o.message);
          break;
        case 'prepare':
          this.host.emit('transferPrepare', o.prepare, t.info);
          break;
        case 'export':
          this.exportState(t, o.prepare);
          break;
        case 'import':
          this.importState(t, o.prepare, o.state);
          break;
        case 'completed':
          this.complete(t, o.handle);
          break;
        case 'aborted':
          this.ongoing.delete(key(t.link, t.info.transferId));
          this.clearSource(t);
          this.host.emit('transferAborted', t.info, o.reason);
          break;
      }
    }
  }

  private exportState(t: Ongoing, prepare: TransferPrepare): void {
    const source = t.machine as TransferSource;
    const player = this.host.player(t.link, prepare.handle);
    const hook = this.host.hooks.exportState;
    settle(
      () => (player === undefined ? undefined : hook === undefined ? player.state : hook(player, prepare, t.info)),
      (state) => this.run(t, state === undefined ? source.refuse() : source.handOver(state.slice())),
      (error) => {
        this.host.emit('error', { kind: 'transfer', message: `exportState failed: ${String(error)}`, linkId: t.link.id });
        this.run(t, source.refuse());
      },
    );
  }

  private importState(t: Ongoing, prepare: TransferPrepare, state: Uint8Array): void {
    const target = t.machine as TransferTarget;
    const hook = this.host.hooks.importState;
    t.state = state.slice();
    settle(
      () => (hook === undefined ? true : hook(prepare, t.state, t.info)),
      (ok) => this.run(t, ok ? target.accept() : target.refuse()),
      (error) => {
        this.host.emit('error', { kind: 'transfer', message: `importState failed: ${String(error)}`, linkId: t.link.id });
        this.run(t, target.refuse());
      },
    );
  }

  private complete(t: Ongoing, handle: number): void {
    this.ongoing.delete(key(t.link, t.info.transferId));
    if (t.info.role === 'source') {
      const player = this.host.player(t.link, handle);
      if (player !== undefined) this.host.detach(player, DetachReason.Transferred);
      return;
    }
    const p = (t.machine as TransferTarget).prepare;
    this.host.attach(new PlayerEntry(p.playerId, '', handle, t.link, p.position, parseClaims(p.claims), t.state), 'transfer');
  }

  private clearSource(t: Ongoing): void {
    if (t.info.role !== 'source') return;
    const player = this.host.player(t.link, (t.machine as TransferSource).prepare.handle);
    if (player !== undefined && player.transferId === t.info.transferId) player.transferId = undefined;
  }
}

const EMPTY = new Uint8Array(0);

const key = (link: NodeLink, transferId: number): string => `${link.id}:${transferId}`;

/** Runs a maybe-async step without letting it throw into the link's frame handler. */
function settle<A>(run: () => A | Promise<A>, done: (value: A) => void, failed: (error: unknown) => void): void {
  let result: A | Promise<A>;
  try {
    result = run();
  } catch (error) {
    failed(error);
    return;
  }
  if (result instanceof Promise) result.then(done, failed);
  else done(result);
}
