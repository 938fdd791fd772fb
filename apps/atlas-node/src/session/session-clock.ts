// The session stage's clock: whole milliseconds since the process started, monotonic.
// Timeouts (handshake, idle, slow consumer), the rate limit and the departed-session
// memory measure intervals, so a wall clock that NTP steps must not close every player as
// idle, nor spare them all. And a small integer sits unboxed in a session's fields, where
// a Date.now() value (beyond 2^31) costs a 16-byte heap number per field per session
// (past 24.8 days of uptime the values outgrow 2^31 and are boxed again; still correct).

/** Now on the session clock; never 0, which session fields use for "not yet". */
export function sessionNow(): number {
  return 1 + Math.floor(performance.now());
}
