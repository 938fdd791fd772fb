import { DEFAULT_MAX_FRAME_BYTES, LATEST_VERSION } from '../constants/version';

/** Limits a decoder enforces (a peer cannot make it allocate or loop beyond them). */
export interface DecodeOptions {
  /** Largest frame accepted, in bytes (default 1 MiB); larger ones fail with `oversize`. */
  readonly maxFrameBytes?: number;
  /** Most messages one Batch may hold (default 4096). */
  readonly maxBatchMessages?: number;
  /** Most handles one Deliver to a list may name (default 4096). */
  readonly maxDeliverHandles?: number;
  /** Newest protocol version accepted (default LATEST_VERSION): a session at v1 refuses v2 frames. */
  readonly maxVersion?: number;
}

/** DecodeOptions with every default filled in. */
export interface Limits {
  readonly maxFrameBytes: number;
  readonly maxBatchMessages: number;
  readonly maxDeliverHandles: number;
  readonly maxVersion: number;
}

/** The limits used when a caller passes none. */
export const DEFAULT_LIMITS: Limits = {
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  maxBatchMessages: 4096,
  maxDeliverHandles: 4096,
  maxVersion: LATEST_VERSION,
};

/** Fills in the defaults of `o`. */
export function limitsOf(o: DecodeOptions | undefined): Limits {
  if (o === undefined) return DEFAULT_LIMITS;
  return {
    maxFrameBytes: o.maxFrameBytes ?? DEFAULT_LIMITS.maxFrameBytes,
    maxBatchMessages: o.maxBatchMessages ?? DEFAULT_LIMITS.maxBatchMessages,
    maxDeliverHandles: o.maxDeliverHandles ?? DEFAULT_LIMITS.maxDeliverHandles,
    maxVersion: o.maxVersion ?? DEFAULT_LIMITS.maxVersion,
  };
}
