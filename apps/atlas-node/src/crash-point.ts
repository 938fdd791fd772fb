// A test hook, not a feature: `ATLAS_CRASH_AT=<point>[:n]` makes the node kill itself
// with SIGKILL the nth time (default 1) it reaches the named point, as a crash would,
// so the fault tests (test/node-kill.spec.ts, `npm run bench -- faults`) hit the
// moments that matter exactly, every run. Killing from outside at "about the right
// time" (watching logs or metrics) would hit them by luck: a transfer lasts a few
// milliseconds. Unset, `crashPoint` is a function that returns at once.
//
// The points, each one call in the code:
//   transfer-state   a source's TransferState arrived: mid-transfer (transfer/transfer-manager.ts)
//   route-written    a transfer's switched route reached the directory; the target was told
//                    it accepted (SeqHandover too) but has none of the held messages yet
//                    (transfer/transfer-manager.ts)
//   resume-claimed   a resume redeemed its ticket and claimed the session, and the Welcome
//                    with the next ticket is not sent yet (session/handshake-driver.ts)
//   resumed          a resumed client's Resume arrived and it was routed again (session/dispatch.ts)
//   in-flight        a frame of forwarded client messages was written to a game server:
//                    actions on their way there, echoes of earlier ones on their way back (upstream/upstream-link.ts)
//   session-written  the node wrote its changed session records at once, as it does when a
//                    player got a new server (cluster/node-cluster.ts)

/** The named moments a fault test can crash the node at. */
export const CrashPoints = ['transfer-state', 'route-written', 'resume-claimed', 'resumed', 'in-flight', 'session-written'] as const;
/** One of {@link CrashPoints}. */
export type CrashPointName = (typeof CrashPoints)[number];

/** The point and count `ATLAS_CRASH_AT` names, or undefined when unset or not a known point. */
export function parseCrashAt(text: string | undefined): { readonly point: CrashPointName; readonly nth: number } | undefined {
  if (text === undefined || text === '') return undefined;
  const [name, count] = text.split(':');
  const point = CrashPoints.find((p) => p === name);
  const nth = count === undefined ? 1 : Number(count);
  return point === undefined || !Number.isInteger(nth) || nth < 1 ? undefined : { point, nth };
}

function armed(at: { readonly point: CrashPointName; readonly nth: number }): (name: CrashPointName) => void {
  let left = at.nth;
  return (name) => {
    if (name !== at.point || --left > 0) return;
    // One line on stderr so the test knows which moment it got, then the crash itself.
    process.stderr.write(`crash point ${name} reached (ATLAS_CRASH_AT): SIGKILL\n`);
    process.kill(process.pid, 'SIGKILL');
  };
}

const at = parseCrashAt(process.env['ATLAS_CRASH_AT']);
if (process.env['ATLAS_CRASH_AT'] !== undefined && at === undefined) {
  process.stderr.write(`ATLAS_CRASH_AT=${process.env['ATLAS_CRASH_AT']} names no crash point (${CrashPoints.join(', ')}[:n]); ignored\n`);
}

/** Test hook: kills the process here when `ATLAS_CRASH_AT` names this point (and this is its nth time); otherwise nothing. */
export const crashPoint: (name: CrashPointName) => void = at === undefined ? () => undefined : armed(at);
