// A node killed at the moments that matter (issue: nothing lost, nothing twice), with real
// processes: a private redis-server, nodes, four sim-servers, the load tester (see
// support/node-kill-drill.ts). Each moment is reached exactly through the node's crash
// points (src/crash-point.ts): the victim kills itself with SIGKILL there. Its players
// resume on the other nodes: no reliable action reaches game code twice, none is echoed
// twice, out of order or never, each resume (unexpected close to resumed Welcome, retries
// included) takes under 1 s (2 s for a resume the dying node had claimed). About 65 s in
// all (one cluster, six runs of 8 s), and 25 s more for two moments with game servers that
// dial the nodes.
import { MOMENTS, runNodeKillDrill, type Moment, type MomentFigures } from './support/node-kill-drill';

const CLIENTS = 60;

describe('a node killed under load', () => {
  let figures: MomentFigures[] = [];

  beforeAll(async () => {
    figures = await runNodeKillDrill({ clients: CLIENTS, seconds: 8 });
  }, 180_000);

  it.each(MOMENTS)('at moment "%s": dies there; nothing is lost or reaches game code or the player twice, and every player resumes in time', (moment) => {
    expectHeld(figures, moment);
  });
});

// The same, with the sim-servers dialling the nodes' link listeners (docs/protocol.md §8), at
// the moments a link carries what is at stake: actions in flight, and a transfer's switch.
describe('a node killed under load, with game servers that dial the nodes', () => {
  const moments: Moment[] = ['in-flight', 'switch'];
  let figures: MomentFigures[] = [];

  beforeAll(async () => {
    figures = await runNodeKillDrill({ clients: CLIENTS, seconds: 8, moments, serversDial: true });
  }, 120_000);

  it.each(moments)('at moment "%s": nothing is lost or twice, and every player resumes in time', (moment) => {
    expectHeld(figures, moment);
  });
});

/** Every figure of one moment, compared at once. */
function expectHeld(figures: readonly MomentFigures[], moment: Moment): void {
  const f = figures.find((x) => x.moment === moment);
  expect(f).toBeDefined();
  const { report } = f!;
  const r = report;
  // One object, so a failure shows every figure of the moment at once.
  expect({
    moment,
    crashed: f!.crashed,
    // Every player connected (established counts resumed Welcomes too), none gave up.
    failed: r.connections.failed,
    // Why connects failed, by reason, so a failure names its cause.
    connectErrors: r.errors.connect,
    established: r.connections.established,
    // Its players did lose their node, and each resumed, within 1 s.
    lostTheirNode: r.connections.unexpectedCloses > 0,
    resumedEach: r.latency.resume.count >= r.connections.unexpectedCloses,
    // A player whose resume the victim had claimed when it died waits out two failure
    // detections (its first node's, then the victim's): 1.3 s here, so 2 s at that moment.
    resumeInTime: r.latency.resume.max < (moment === 'ticket' ? 2000 : 1000),
    enoughActions: r.integrity.actions.sent > 1000,
    // Nothing lost either way: the client re-sends what no server took, and the server
    // sends again what the dead node read from it but never wrote (docs/protocol.md §11).
    lost: r.integrity.lost,
    duplicated: r.integrity.duplicated,
    reordered: r.integrity.reordered,
  }).toEqual({
    moment,
    crashed: true,
    failed: 0,
    connectErrors: {},
    established: CLIENTS + r.latency.resume.count,
    lostTheirNode: true,
    resumedEach: true,
    resumeInTime: true,
    enoughActions: true,
    lost: 0,
    duplicated: 0,
    reordered: 0,
  });
}
