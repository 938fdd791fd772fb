// A node killed at the moments that matter (issue: nothing lost, nothing twice), with real
// processes: a private redis-server, nodes, four sim-servers, the load tester (see
// support/node-kill-drill.ts). Each moment is reached exactly through the node's crash
// points (src/crash-point.ts): the victim kills itself with SIGKILL there. Its players
// resume on the other nodes: no reliable action reaches game code twice, none is echoed
// twice or out of order, each resume (unexpected close to resumed Welcome, retries
// included) takes under 1 s. About 45 s in all (one cluster, four runs of 8 s).
import { MOMENTS, runNodeKillDrill, type MomentFigures } from './support/node-kill-drill';

const CLIENTS = 60;

describe('a node killed under load', () => {
  let figures: MomentFigures[] = [];

  beforeAll(async () => {
    figures = await runNodeKillDrill({ clients: CLIENTS, seconds: 8 });
  }, 150_000);

  it.each(MOMENTS)('at moment "%s": dies there; nothing reaches game code or the player twice, and every player resumes within 1 s', (moment) => {
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
      established: r.connections.established,
      // Its players did lose their node, and each resumed, within 1 s.
      lostTheirNode: r.connections.unexpectedCloses > 0,
      resumedEach: r.latency.resume.count >= r.connections.unexpectedCloses,
      resumeUnder1s: r.latency.resume.max < 1000,
      enoughActions: r.integrity.actions.sent > 1000,
      duplicated: r.integrity.duplicated,
      reordered: r.integrity.reordered,
    }).toEqual({
      moment,
      crashed: true,
      failed: 0,
      established: CLIENTS + r.latency.resume.count,
      lostTheirNode: true,
      resumedEach: true,
      resumeUnder1s: true,
      enoughActions: true,
      duplicated: 0,
      reordered: 0,
    });
    // Known limit (docs/protocol.md §11): what a game server sent a player and the dead node
    // had read but not yet written to the client (an echo, here) dies with it, and the
    // player's re-send of that action is, rightly, not taken again. Those are the echoes in
    // flight at the crash (0-5 here, docs/benchmarks/node-kill.md), not a loss that goes on.
    expect([moment, r.integrity.lost <= r.connections.unexpectedCloses / 2]).toEqual([moment, true]);
  });
});
