// Redis frozen, then killed and restarted empty, under load, with real processes: three
// nodes, four sim-servers, the load tester (see support/outage-drill.ts). Connected players
// must not notice; game servers keep their ids; operators' endpoints keep answering fast.
// The freeze lasts ATLAS_OUTAGE_FREEZE_S seconds (default 8 here; `npm run bench -- faults` runs 30).
import { quantile, runOutageDrill, type OutageFigures } from './support/outage-drill';

const FREEZE_S = Number(process.env['ATLAS_OUTAGE_FREEZE_S'] ?? 8);

describe('a Redis outage under load', () => {
  let figures: OutageFigures;

  beforeAll(async () => {
    figures = await runOutageDrill({ freezeSeconds: FREEZE_S, clients: 45 });
  }, 120_000);

  it('changes nothing for connected players: no error, no reconnect, nothing lost or duplicated', () => {
    const { report } = figures;
    expect(report.connections.established).toBeGreaterThanOrEqual(45);
    expect(report.errors).toMatchObject({ total: 0, byCloseCode: {}, inBand: {} });
    expect(report.connections).toMatchObject({ failed: 0, reconnects: 0, unexpectedCloses: 0 });
    expect(report.integrity).toMatchObject({ lost: 0, duplicated: 0 });
    expect(report.integrity.actions.sent).toBeGreaterThan(0);
  });

  it('keeps every game server under its id, and every node agrees on them within 5 s of the empty restart', () => {
    expect(figures.serversBefore).toHaveLength(4);
    expect(figures.serversAfter).toEqual(figures.serversBefore);
    expect(figures.recoveryMs).toBeLessThan(5000);
  });

  it('answers every HTTP endpoint within 200 ms during the outage: live, ready, the last view marked stale, heartbeats accepted', () => {
    expect(Object.keys(figures.http).sort()).toEqual(['/health', '/metrics', '/ready', '/servers', 'PUT /api/v1/servers/{id}/heartbeat']);
    for (const [endpoint, seen] of Object.entries(figures.http)) {
      expect([endpoint, seen.statuses]).toEqual([endpoint, [200]]);
      // Against the same probes in the 2 s before the outage (on this shared 2-core machine
      // /metrics alone can take 500 ms): the median within 200 ms of it, and no answer waiting
      // out the store's 1 s command timeout, as /servers and heartbeats did before (~2 s, 503).
      const before = figures.httpBefore[endpoint];
      const medianAdded = quantile(seen, 0.5) - quantile(before, 0.5);
      const slowestAdded = quantile(seen, 1) - quantile(before, 1);
      expect([endpoint, medianAdded < 200, slowestAdded < 1000]).toEqual([endpoint, true, true]);
    }
    expect(figures.staleSeen).toBe(true);
  });

  it('admits new players during the outage well within the handshake timeout (10 s)', () => {
    // Before, each took 1.7-2.4 s (every store call waited out the 1 s command timeout); the
    // tail here is this shared machine's scheduling, as for /health.
    expect(figures.handshakesMs.length).toBeGreaterThanOrEqual(3);
    const sorted = [...figures.handshakesMs].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(1000);
    expect(sorted.at(-1)).toBeLessThan(5000);
  });
});
