import { DEFAULT_MAX_FRAME_BYTES } from '../constants/version';

/** Limits a decoder enforces (a peer cannot make it allocate or loop beyond them). */
export interface DecodeOptions {
  /** Largest frame accepted, in bytes (default 1 MiB); larger ones fail with `oversize`. */
  readonly maxFrameBytes?: number;
  /** Most messages one Batch may hold (default 4096). */
  readonly maxBatchMessages?: number;
  /** Most handles one Deliver to a list may name (default 4096). */
  readonly maxDeliverHandles?: number;
}

/** DecodeOptions with every default filled in. */
export interface Limits {
  readonly maxFrameBytes: number;
  readonly maxBatchMessages: number;
  readonly maxDeliverHandles: number;
}

/** The limits used when a caller passes none. */
export const DEFAULT_LIMITS: Limits = {
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  maxBatchMessages: 4096,
  maxDeliverHandles: 4096,
};

/** Fills in the defaults of `o` (options that name every limit are used as they are: no object per frame). */
export function limitsOf(o: DecodeOptions | undefined): Limits {
  if (o === undefined) return DEFAULT_LIMITS;
  if (o.maxFrameBytes !== undefined && o.maxBatchMessages !== undefined && o.maxDeliverHandles !== undefined) return o as Limits;
  return {
    maxFrameBytes: o.maxFrameBytes ?? DEFAULT_LIMITS.maxFrameBytes,
    maxBatchMessages: o.maxBatchMessages ?? DEFAULT_LIMITS.maxBatchMessages,
    maxDeliverHandles: o.maxDeliverHandles ?? DEFAULT_LIMITS.maxDeliverHandles,
  };
}
