// The load loop of one thread. Every few milliseconds it opens the clients due by the
// ramp, moves to the next phase when its time is up, and steps one group of players
// (players are dealt into groups so each is stepped at its phase's rate and the work
// is spread evenly over time). Once a second it reports totals and the latencies of
// that second. After the last phase it stops sending, waits for echoes in flight
// (settle), then closes everything and returns the final account.
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { describeCryptoError } from '@atlas/crypto';
import { createPlayerTokensSync, derivePreSharedKeySync, type PlayerTokensSync } from '@atlas/crypto/node';
import { rampRate } from '../cli/units';
import { Recorder } from '../metrics/recorder';
import { addTotals, zeroTotals, type Totals } from '../metrics/totals';
import { Modes, type LoadOptions } from '../options/load-options';
import { AtlasPlayer } from '../players/atlas-player';
import type { Player, PlayerContext } from '../players/player';
import { RawPlayer } from '../players/raw-player';
import { CrossBorderTracker } from '../metrics/cross-border';
import { seededRandom } from '@atlas/common';
import { CLOSED_LOOP, scenarioDurationMs, type Phase } from '../scenario/scenario';
import type { EngineFinal, EngineTick } from './messages';
import { globalIndex, shareOf, type Share } from './share';

/** Loop period: the finest step interval players get. */
export const TICK_MS = 5;
/** Most connections one loop turn opens (keeps the loop responsive under `--ramp 0`). */
const MAX_OPEN_PER_TURN = 500;
/** Step period for phases that only walk (closed loop, or no rates). */
const WALK_STEP_MS = 100;

/** One thread's share of a load run. */
export class Engine {
  private readonly recorder = new Recorder();
  private readonly ctx: PlayerContext;
  private readonly players: Player[] = [];
  /** Players not closed on purpose (a prefix of `players` minus `retired`). */
  private active: Player[] = [];
  /**
   * Players a shrinking phase let go: they send nothing more and are closed once their
   * actions in flight are echoed (or after the settle time), so a phase that lets clients
   * leave does not count their last actions as lost.
   */
  private retiring: Array<{ readonly player: Player; readonly until: number }> = [];
  private readonly tokens: PlayerTokensSync | undefined;
  private readonly runTag: string;
  private stopped = false;
  private peakConnected = 0;
  private elu = performance.eventLoopUtilization();
  private phaseName = '';
  private startedAt = 0;
  private lastTickAt = 0;

  constructor(
    private readonly options: LoadOptions,
    private readonly share: Share,
  ) {
    const first = options.scenario.phases[0] as Phase;
    let pskKey: Uint8Array | undefined;
    if (options.psk !== undefined) {
      const key = derivePreSharedKeySync(options.psk);
      // Validated lengths can still be refused by the crypto library: a bad option, not a bug.
      if (E.isLeft(key)) throw new Error(`psk: ${describeCryptoError(key.left)}`);
      pskKey = key.right;
    }
    this.ctx = {
      pskKey,
      options,
      recorder: this.recorder,
      rnd: seededRandom((options.seed + share.index * 0x9e3779b9) >>> 0),
      now: () => performance.now(),
      sending: false,
      phase: first,
      crossBorder: options.crossBorder === undefined ? undefined : new CrossBorderTracker(options.crossBorder, options.scenario.world, (ms, inner) => {
            this.recorder.record('xborder', ms);
            if (inner) this.recorder.record('xinner', ms);
          }),
    };
    this.runTag = options.seed.toString(36);
    if (options.tokenSecret !== undefined) {
      const t = createPlayerTokensSync(options.tokenSecret);
      this.tokens = E.isRight(t) ? t.right : undefined;
    }
  }

  /** Ends the phases now and goes on to settle (Ctrl-C, or a harness's abort). */
  stop(): void {
    this.stopped = true;
  }

  /** Runs the whole scenario; `onTick` gets a report every second. */
  async run(onTick: (t: EngineTick) => void): Promise<EngineFinal> {
    const o = this.options;
    const start = this.ctx.now();
    this.startedAt = this.lastTickAt = start;
    const phases = o.scenario.phases;
    const endAt = start + scenarioDurationMs(o.scenario);
    const rate = rampRate(o.ramp, (phases[0] as Phase).clients) / this.share.count;
    const second = setInterval(() => onTick(this.tick()), 1000);

    let phaseIndex = -1;
    let phaseEnd = start;
    let target = 0;
    let rampFrom = 0;
    let rampStart = start;
    let groups = 1;
    let turn = 0;
    let lastStepAt = start;
    await new Promise<void>((resolve) => {
      const loop = setInterval(() => {
        const now = this.ctx.now();
        if (this.stopped || now >= endAt) {
          clearInterval(loop);
          resolve();
          return;
        }
        while (now >= phaseEnd && phaseIndex < phases.length - 1) {
          phaseIndex++;
          const phase = phases[phaseIndex] as Phase;
          phaseEnd += phase.durationMs;
          this.enterPhase(phase);
          target = shareOf(phase.clients, this.share);
          while (this.active.length > target) this.retire(this.active.pop() as Player, now + o.settleMs);
          rampFrom = this.active.length;
          rampStart = now;
          groups = Math.max(1, Math.round(stepMs(phase) / TICK_MS));
          this.ctx.sending = true;
        }
        this.closeRetired(now);
        // Open what the ramp says is due by now.
        const due = Number.isFinite(rate) ? Math.min(target, rampFrom + Math.floor((rate * (now - rampStart)) / 1000) + 1) : target;
        for (let n = 0; this.active.length < due && n < MAX_OPEN_PER_TURN; n++) this.open();
        // Step the groups whose turn has come (all of them after a long stall).
        const turns = Math.max(1, Math.min(groups, Math.round((now - lastStepAt) / TICK_MS)));
        lastStepAt = now;
        for (let k = 0; k < turns; k++, turn++) {
          const list = this.active;
          for (let i = turn % groups; i < list.length; i += groups) (list[i] as Player).step(now);
        }
      }, TICK_MS);
    });

    this.ctx.sending = false;
    this.phaseName = 'settle';
    const settleEnd = this.ctx.now() + o.settleMs;
    while (this.ctx.now() < settleEnd && this.outstanding() > 0) await sleep(25);
    clearInterval(second);
    onTick(this.tick());
    const totals = this.totals();
    for (const p of this.active) p.close();
    for (const r of this.retiring) r.player.close();
    this.retiring = [];
    await sleep(100);
    const r = this.recorder;
    return {
      totals,
      histograms: r.total.encode(),
      closeCodes: [...r.closeCodes],
      errorCodes: [...r.errorCodes],
      connectErrors: [...r.connectErrors],
      peakConnected: Math.max(this.peakConnected, totals.connected),
      outstandingAtEnd: totals.outstanding,
    };
  }

  private retire(player: Player, until: number): void {
    if (player.outstanding() === 0) player.close();
    else this.retiring.push({ player, until });
  }

  private closeRetired(now: number): void {
    if (this.retiring.length === 0) return;
    this.retiring = this.retiring.filter((r) => {
      if (r.player.outstanding() > 0 && now < r.until) return true;
      r.player.close();
      return false;
    });
  }

  private enterPhase(phase: Phase): void {
    this.ctx.phase = phase;
    this.phaseName = phase.name;
    for (const p of this.active) p.phaseChanged();
  }

  private open(): void {
    const index = globalIndex(this.players.length, this.share);
    const url = this.options.urls[index % this.options.urls.length] as string;
    const from = this.options.localAddresses;
    const localAddress = from.length === 0 ? undefined : from[index % from.length];
    const playerId = `load-${this.runTag}-${index}`;
    const player: Player =
      this.options.mode === Modes.Raw
        ? new RawPlayer(this.ctx, index, url, localAddress)
        : new AtlasPlayer(this.ctx, index, this.options.urls, this.tokens?.issue({ playerId, expiresInSeconds: scenarioDurationMs(this.options.scenario) / 1000 + 3600 }) ?? playerId, localAddress);
    this.players.push(player);
    this.active.push(player);
    player.start();
  }

  private outstanding(): number {
    let n = 0;
    for (const p of this.players) n += p.outstanding();
    return n;
  }

  private totals(): Totals {
    const t = zeroTotals();
    for (const p of this.players) p.addTotals(t);
    const e = this.recorder.events;
    addTotals(t, { ...zeroTotals(), ...e });
    const x = this.ctx.crossBorder?.counts;
    if (x !== undefined) {
      t.xborderSyncs += x.syncs;
      t.xborderSamples += x.samples;
      t.xborderRecallSum += x.recallSum;
      t.xborderTruth += x.truth;
      t.xborderSeen += x.seen;
      t.xborderExtra += x.extra;
      t.xborderUnmatched += x.unmatched;
      t.xborderFull += x.full;
    }
    return t;
  }

  private tick(): EngineTick {
    const totals = this.totals();
    this.peakConnected = Math.max(this.peakConnected, totals.connected);
    const interval = this.recorder.rollInterval();
    const elu = performance.eventLoopUtilization(this.elu);
    this.elu = performance.eventLoopUtilization();
    const now = this.ctx.now();
    const intervalMs = now - this.lastTickAt;
    this.lastTickAt = now;
    return { totals, interval, phase: this.phaseName, elu: elu.utilization, atMs: now - this.startedAt, intervalMs };
  }
}

/** How often players are stepped in `phase`. */
function stepMs(phase: Phase): number {
  const rate = Math.max(phase.moveRate, phase.actionRate === CLOSED_LOOP ? 0 : phase.actionRate);
  return rate > 0 ? Math.min(WALK_STEP_MS, 1000 / rate) : WALK_STEP_MS;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
