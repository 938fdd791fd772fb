// The seq range of reliable actions the node dropped, carried in an `ActionsDropped`
// (4107) Error. The range is in the message text, in one fixed form, so the Error stays
// the existing wire message and any client can read it: `dropped seq 12..40: <why>`.
import { ErrorCode } from './close-codes';
import type { ErrorMessage } from '../model/client-messages';

/** A contiguous range of client seqs (inclusive, `first <= last` unless the counter wrapped). */
export interface SeqRange {
  readonly first: number;
  readonly last: number;
}

const PATTERN = /^dropped seq (\d{1,10})\.\.(\d{1,10}): /;

/** The Error that tells a client which of its reliable actions were dropped and why. */
export function actionsDropped(range: SeqRange, why: string): ErrorMessage {
  return { type: 'Error', code: ErrorCode.ActionsDropped, message: `dropped seq ${range.first}..${range.last}: ${why}` };
}

/** The dropped range an `ActionsDropped` Error names; undefined for any other Error. */
export function droppedRange(e: ErrorMessage): SeqRange | undefined {
  if (e.code !== ErrorCode.ActionsDropped) return undefined;
  const m = PATTERN.exec(e.message);
  if (m === null) return undefined;
  const first = Number(m[1]);
  const last = Number(m[2]);
  return first <= 0xffff_ffff && last <= 0xffff_ffff ? { first, last } : undefined;
}
