import type { Direction } from '../errors';
import { resolveChannelOptions, type ChannelOptions } from './options';
import { sealedLength } from './frame';
import { ReplayWindow } from './replay-window';
import { SendSchedule } from './send-schedule';

/**
 * What SyncChannel and AsyncChannel share, so that both read their options, count,
 * re-key and reject replays the same way: the resolved directions, the send schedule,
 * the replay window, one key chain per direction and the read-outs of them. The two
 * subclasses add only seal and open, which differ in returning at once or as promises.
 */
export abstract class ChannelCore<Backend extends { readonly name: string }, KeyChain> {
  protected readonly schedule: SendSchedule;
  protected readonly window = new ReplayWindow();
  protected readonly sendKeys: KeyChain;
  protected readonly receiveKeys: KeyChain;
  protected readonly sendDirection: Direction;
  protected readonly receiveDirection: Direction;

  protected constructor(
    protected readonly backend: Backend,
    options: ChannelOptions,
    keyChain: (backend: Backend, raw: Uint8Array) => KeyChain,
  ) {
    const resolved = resolveChannelOptions(options);
    this.sendDirection = resolved.sendDirection;
    this.receiveDirection = resolved.receiveDirection;
    this.schedule = new SendSchedule(resolved.intervalMs, resolved.maxMessagesPerKey, resolved.now);
    this.sendKeys = keyChain(backend, resolved.sendKey);
    this.receiveKeys = keyChain(backend, resolved.receiveKey);
  }

  /** The backend's name (e.g. "node:crypto" or "webcrypto"). */
  get backendName(): string {
    return this.backend.name;
  }

  /** Key epoch of the last sealed frame. */
  get sendEpoch(): number {
    return this.schedule.epoch;
  }

  /** Key epoch of the last accepted frame. */
  get receiveEpoch(): number {
    return this.window.epoch;
  }

  /** Length of the sealed frame for a plaintext of `plaintextLength` bytes (plaintext + 29). */
  sealedLength(plaintextLength: number): number {
    return sealedLength(plaintextLength);
  }
}
