import type { Frame } from '../codec';

/**
 * Plays two handshake machines against each other in the handshake specs: delivers one
 * queued frame each way per round, first then second, until both queues are empty
 * (a delivery may queue more). Internal to the specs, not part of `@atlas/protocol/testing`.
 */
export function pumpFrames(first: Frame[], deliverFirst: (frame: Frame) => void, second: Frame[], deliverSecond: (frame: Frame) => void): void {
  while (first.length + second.length > 0) {
    const f = first.shift();
    if (f !== undefined) deliverFirst(f);
    const g = second.shift();
    if (g !== undefined) deliverSecond(g);
  }
}
