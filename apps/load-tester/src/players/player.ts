// What the engine needs from a simulated player, whatever the mode, and the context
// shared by all players of one thread.
import type { Totals } from '../metrics/totals';
import type { Recorder } from '../metrics/recorder';
import type { LoadOptions } from '../options/load-options';
import type { Random } from '@atlas/common';
import type { Phase } from '../scenario/scenario';
import type { CrossBorderTracker } from '../metrics/cross-border';

/** Shared by the players of one thread. */
export interface PlayerContext {
  readonly options: LoadOptions;
  readonly recorder: Recorder;
  readonly rnd: Random;
  /** Monotonic clock, milliseconds. */
  readonly now: () => number;
  /** False before the run and during the settle period: players only listen. */
  sending: boolean;
  /** The phase in force. */
  phase: Phase;
  /** The derived pre-shared key (derived once per thread: PBKDF2 is slow on purpose). */
  readonly pskKey: Uint8Array | undefined;
  /** The cross-border check of this thread (undefined when it is off). */
  readonly crossBorder: CrossBorderTracker | undefined;
}

/** One simulated client. */
export interface Player {
  readonly index: number;
  /** True while a session is open. */
  readonly open: boolean;
  /** Opens the connection. */
  start(): void;
  /** Moves and sends what is due at `now`. */
  step(now: number): void;
  /** A new phase began (behaviour and rates may change). */
  phaseChanged(): void;
  /** Closes on purpose (not counted as an error). */
  close(): void;
  /** Actions sent and not yet echoed. */
  outstanding(): number;
  /** Adds this player's counters to `t`. */
  addTotals(t: Totals): void;
}
