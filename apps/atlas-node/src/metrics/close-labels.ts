/**
 * Label values of the close and refusal counters. Every known value is created at 0 when
 * the node starts, so a rate() or an alert sees the series before the first event.
 */
import { CloseCode } from '@atlas/protocol';

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

const CLOSE_NAMES = new Map<number, string>([[1000, 'normal'], ...Object.entries(CloseCode).map(([name, code]): [number, string] => [code, snake(name)])]);

/** The `reason` label of a close code: its CloseCode name in snake case (`frame_too_large`), `other` for any code Atlas does not name. */
export function closeReason(code: number): string {
  return CLOSE_NAMES.get(code) ?? 'other';
}

/** Every close code the node can initiate, with its reason label. */
export const KNOWN_CLOSES: ReadonlyArray<readonly [code: number, reason: string]> = [...CLOSE_NAMES.entries()];

/** Reasons a player token is refused (the crypto error kinds, and no token where one is required). */
export const TOKEN_REFUSALS = ['no_token', 'malformed_token', 'bad_signature', 'expired', 'not_yet_valid'] as const;

/** Reasons a resume ticket is refused. */
export const TICKET_REFUSALS = ['resume_disabled', 'bad_ticket', 'stale_ticket'] as const;
