import type { ChannelError } from '../errors';

/**
 * Receive-side acceptance rule. The transport (WebSocket over TCP) delivers in order,
 * so a frame is accepted only if its counter is above every counter accepted before
 * (a window of width zero: anything else is a replay or a reorder). Gaps are allowed,
 * because a sender may drop sealed frames under backpressure. The key epoch must be the
 * current one or the next; the first authenticated frame of the next epoch moves the
 * receiver to it. No grace is needed for the old epoch: its frames all carry lower
 * counters than the first frame of the new one, so they would be replays anyway.
 */
export class ReplayWindow {
  private currentEpoch = 0;
  private highestCounter = -1;

  /** The epoch of the last accepted frame (0 before any). */
  get epoch(): number {
    return this.currentEpoch;
  }

  /** The highest accepted counter (-1 before any). */
  get highest(): number {
    return this.highestCounter;
  }

  /** Checks a header before decryption; undefined means "try to authenticate it". */
  check(epoch: number, counter: number): ChannelError | undefined {
    if (counter <= this.highestCounter) return { kind: 'replay', counter, highest: this.highestCounter };
    if (epoch !== this.currentEpoch && epoch !== this.currentEpoch + 1) {
      return { kind: 'bad-epoch', epoch, current: this.currentEpoch };
    }
    return undefined;
  }

  /** Records an authenticated frame; re-checks first (async opens commit later than they check). */
  commit(epoch: number, counter: number): ChannelError | undefined {
    const error = this.check(epoch, counter);
    if (error !== undefined) return error;
    this.currentEpoch = epoch;
    this.highestCounter = counter;
    return undefined;
  }
}
