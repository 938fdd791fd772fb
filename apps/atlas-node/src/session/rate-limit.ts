// Per-connection message-rate limit: a token bucket (one second of burst) kept in
// three numbers on the session, so it costs no object per connection.
import type { ClientSession } from './session';

/** What the limiter says about `count` messages that just arrived. */
export const RateVerdict = {
  /** Within the rate. */
  Ok: 0,
  /** Over the rate: drop them (tell the client once per second). */
  Drop: 1,
  /** Far over the rate (twice the allowance dropped within a second): close the connection. */
  Close: 2,
} as const;
/** One of {@link RateVerdict}. */
export type RateVerdict = (typeof RateVerdict)[keyof typeof RateVerdict];

/** Takes `count` tokens for `s` at `perSecond` (read per call: the limit is reloadable). */
export function takeTokens(s: ClientSession, count: number, perSecond: number, now: number): RateVerdict {
  if (s.tokensAt === 0) {
    s.tokens = perSecond;
    s.tokensAt = now;
  } else if (now > s.tokensAt) {
    const refill = ((now - s.tokensAt) * perSecond) / 1000;
    if (refill >= 1) {
      s.tokens = Math.min(perSecond, s.tokens + refill);
      s.tokensAt = now;
      // A calm second forgives earlier drops.
      if (s.tokens >= perSecond) s.dropped = 0;
    }
  }
  if (s.tokens >= count) {
    s.tokens -= count;
    return RateVerdict.Ok;
  }
  s.dropped += count;
  return s.dropped > 2 * perSecond ? RateVerdict.Close : RateVerdict.Drop;
}
