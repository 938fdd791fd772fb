// What every mode's player shares: the walker, pacing of moves and actions (open loop
// at a rate, or closed loop with a window in flight), and the bookkeeping of timed
// actions and their echoes (exactly once? in order? how late?).
import { SequenceTracker } from '@atlas/protocol';
import type { Totals } from '../metrics/totals';
import { adopt, place, stepWalker, type Walker } from '../scenario/walker';
import { Behaviours, CLOSED_LOOP, behaviourOf } from '../scenario/scenario';
import type { Player, PlayerContext } from './player';
import { probeId, probeSentAt, writeProbe } from './probe';
import { observerPlace } from '../metrics/cross-border';

/** Most actions one step may send to catch up after a stall. */
const MAX_BURST = 64;

/** Pacing, walking and echo accounting; subclasses move the bytes. */
export abstract class BasePlayer implements Player {
  protected readonly walker: Walker;
  private moveCredit = 0;
  private actionCredit = 0;
  /** Starts at a different fraction per player (golden-ratio spacing), so RTT samples do not come in bursts. */
  private rttCredit: number;
  private lastStep = -1;
  private nextActionId = 1;
  private readonly echoes = new SequenceTracker();
  protected placed = false;
  /** False for modes without positions (raw): the walker is not stepped. */
  protected readonly walks: boolean = true;
  protected actionsSent = 0;
  protected actionsEchoed = 0;
  protected actionDuplicates = 0;
  protected actionsLate = 0;
  protected movesSent = 0;
  /** A cross-border observer: idle at its place beside a border, whatever the mix says. */
  protected readonly observer: boolean;

  constructor(
    protected readonly ctx: PlayerContext,
    readonly index: number,
  ) {
    const s = ctx.options.scenario;
    this.observer = ctx.crossBorder?.isObserver(index) === true;
    this.walker = place(this.observer ? Behaviours.Idle : behaviourOf(ctx.phase.mix, index), s.world, s.params, ctx.rnd);
    if (this.observer) {
      const at = observerPlace(index, s.world);
      this.walker.x = at.x;
      this.walker.y = at.y;
      ctx.crossBorder?.observe(index, at.x, at.y);
    }
    this.rttCredit = (index * 0.6180339887498949) % 1;
  }

  abstract get open(): boolean;
  abstract start(): void;
  abstract close(): void;
  abstract addTotals(t: Totals): void;
  /** Sends a move to the walker's position; false when it could not be sent. */
  protected abstract sendMove(): boolean;
  /** Sends a timed action payload. */
  protected abstract sendAction(payload: Uint8Array): void;
  /** Around the sends of one step (a mode may coalesce their writes; by default nothing to do). */
  protected beginBurst(): void {
    return undefined;
  }
  protected endBurst(): void {
    return undefined;
  }
  /** Takes one round-trip sample now (Atlas modes send a Heartbeat; by default nothing). */
  protected sampleRtt(): void {
    return undefined;
  }

  /** Actions sent and not yet echoed. */
  outstanding(): number {
    return this.actionsSent - this.actionsEchoed;
  }

  phaseChanged(): void {
    if (this.observer) return;
    const b = behaviourOf(this.ctx.phase.mix, this.index);
    if (b !== this.walker.behaviour) adopt(this.walker, b, this.ctx.options.scenario.world, this.ctx.options.scenario.params, this.ctx.rnd);
  }

  step(now: number): void {
    const dt = this.lastStep < 0 ? 0 : Math.min(now - this.lastStep, 1000);
    this.lastStep = now;
    if (!this.open || !this.ctx.sending) return;
    const rttRate = this.ctx.options.rttRate;
    if (rttRate > 0) {
      this.rttCredit += (rttRate * dt) / 1000;
      if (this.rttCredit >= 1) {
        this.rttCredit = Math.min(this.rttCredit - 1, 1);
        this.sampleRtt();
      }
    }
    const phase = this.ctx.phase;
    const { world, params } = this.ctx.options.scenario;
    if (this.walks) stepWalker(this.walker, dt / 1000, world, params, this.ctx.rnd);
    if (this.walker.behaviour === Behaviours.Idle) {
      if (!this.placed) this.placed = this.sendMove();
      return;
    }
    this.moveCredit += (phase.moveRate * dt) / 1000;
    if (this.moveCredit >= 1) {
      this.moveCredit = Math.min(this.moveCredit - 1, 1);
      if (this.sendMove()) this.placed = true;
    }
    if (phase.actionRate === CLOSED_LOOP) {
      this.fillWindow(now);
      return;
    }
    this.actionCredit += (phase.actionRate * dt) / 1000;
    if (this.actionCredit < 1) return;
    const burst = this.actionCredit >= 2;
    if (burst) this.beginBurst();
    for (let n = 0; this.actionCredit >= 1 && n < MAX_BURST; n++) {
      this.actionCredit -= 1;
      this.sendProbe(now);
    }
    if (burst) this.endBurst();
    if (this.actionCredit > 1) this.actionCredit = 1;
  }

  /** Closed loop: tops the actions in flight up to the window. */
  protected fillWindow(now: number): void {
    if (!this.ctx.sending || !this.open || this.walker.behaviour === Behaviours.Idle) return;
    while (this.outstanding() < this.ctx.options.window) this.sendProbe(now);
  }

  private sendProbe(now: number): void {
    const payload = new Uint8Array(this.ctx.options.payloadBytes);
    writeProbe(payload, this.nextActionId, now);
    this.nextActionId = (this.nextActionId + 1) >>> 0 || 1;
    this.actionsSent++;
    this.sendAction(payload);
  }

  /** An echoed payload arrived: latency, exactly-once and order accounting. */
  protected echoed(data: Uint8Array, now: number): void {
    const id = probeId(data);
    if (id === undefined) return;
    const verdict = this.echoes.observe(id);
    if (verdict.kind === 'duplicate' || verdict.kind === 'stale') {
      this.actionDuplicates++;
      return;
    }
    this.actionsEchoed++;
    if (verdict.kind === 'late') this.actionsLate++;
    this.ctx.recorder.record('echo', now - probeSentAt(data));
    if (this.ctx.phase.actionRate === CLOSED_LOOP) this.fillWindow(now);
  }

  /** Adds the counters every mode keeps. */
  protected addOwnTotals(t: Totals): void {
    t.movesSent += this.movesSent;
    t.actionsSent += this.actionsSent;
    t.actionsEchoed += this.actionsEchoed;
    t.actionDuplicates += this.actionDuplicates;
    t.actionsLate += this.actionsLate;
    t.outstanding += this.outstanding();
    if (this.open) t.connected++;
  }
}
