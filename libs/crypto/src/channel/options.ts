import { KEY_LENGTH, receiveDirection, sendDirection, type Role, type SessionKeys } from '../key-schedule';
import type { Direction } from '../errors';

/** Default key_rotation_interval: one hour. */
export const DEFAULT_KEY_ROTATION_INTERVAL_SECONDS = 3600;
/** At most 2^32 frames per key, then the sender re-keys. */
export const MAX_MESSAGES_PER_KEY = 0x1_0000_0000;

/** How to build a channel (either backend). */
export interface ChannelOptions {
  /** From the key exchange (deriveSessionKeys / deriveSessionKeysSync). */
  readonly keys: SessionKeys;
  /** Which end this is: a client seals client -> server frames. */
  readonly role: Role;
  /** `key_rotation_interval` from the config, in seconds (default 3600). */
  readonly keyRotationIntervalSeconds?: number;
  /** Frames per key before re-keying (default and maximum 2^32; lower it only in tests). */
  readonly maxMessagesPerKey?: number;
  /** Clock in milliseconds (default Date.now); injected by tests. */
  readonly now?: () => number;
}

/** Options after validation, with directions and raw keys resolved for this role. */
export interface ResolvedChannelOptions {
  readonly sendDirection: Direction;
  readonly receiveDirection: Direction;
  readonly sendKey: Uint8Array;
  readonly receiveKey: Uint8Array;
  readonly intervalMs: number;
  readonly maxMessagesPerKey: number;
  readonly now: () => number;
}

/** Validates options; invalid ones are configuration bugs, so this throws a RangeError. */
export function resolveChannelOptions(options: ChannelOptions): ResolvedChannelOptions {
  const { keys, role } = options;
  if (keys.clientToServer.length !== KEY_LENGTH || keys.serverToClient.length !== KEY_LENGTH) {
    throw new RangeError(`session keys must be ${KEY_LENGTH} bytes each`);
  }
  const seconds = options.keyRotationIntervalSeconds ?? DEFAULT_KEY_ROTATION_INTERVAL_SECONDS;
  if (!(seconds > 0)) throw new RangeError('keyRotationIntervalSeconds must be positive');
  const maxMessagesPerKey = options.maxMessagesPerKey ?? MAX_MESSAGES_PER_KEY;
  if (!Number.isInteger(maxMessagesPerKey) || maxMessagesPerKey < 1 || maxMessagesPerKey > MAX_MESSAGES_PER_KEY) {
    throw new RangeError('maxMessagesPerKey must be an integer in 1..2^32');
  }
  const isClient = role === 'client';
  return {
    sendDirection: sendDirection(role),
    receiveDirection: receiveDirection(role),
    sendKey: isClient ? keys.clientToServer : keys.serverToClient,
    receiveKey: isClient ? keys.serverToClient : keys.clientToServer,
    intervalMs: seconds * 1000,
    maxMessagesPerKey,
    now: options.now ?? Date.now,
  };
}
