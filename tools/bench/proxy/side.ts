// The single-configuration runs: atlas-node's memory per idle encrypted player, and
// transfers under border-crossers (handover gap and loss), each on a fresh node.
import { rssBytes } from './proc';
import { freePort, sleep } from './processes';
import { startAtlas } from './atlas';
import { gridCell, startSim, WHOLE_WORLD } from './sim';
import { runPlain } from './load';
import type { Built } from './workspace';
import type { Report } from '../../../apps/load-tester/src/index';

/** One idle-memory run. */
export interface IdleResult {
  readonly players: number;
  readonly connected: number;
  readonly rss0MB: number;
  readonly rssMB: number;
  /** (rss - rss0) per 1,000 connected players. */
  readonly mbPer1000: number;
  readonly testerRssMB: number;
  readonly handshakeP50Ms: number;
  readonly errors: number;
}

const MB = 1024 * 1024;

/** Starts a fresh node and one sim-server, then holds `players` idle encrypted players and reads the node's RSS. */
export async function runIdle(built: Built, dir: string, players: number, log: (s: string) => void): Promise<IdleResult> {
  const atlas = await startAtlas(built.atlasNode, dir, await freePort());
  const sim = await startSim({ script: built.simServer, name: 'sim-idle', area: WHOLE_WORLD, register: atlas.http });
  try {
    await atlas.linked(1);
    await sleep(2000);
    const rss0 = rssBytes(atlas.child.pid);
    const rampPerS = 2000;
    const holdS = 6;
    let rssAtFull = 0;
    let connected = 0;
    const report: Report = await runPlain(
      {
        url: atlas.url,
        mode: 'atlas',
        scenario: 'idle',
        clients: players,
        encryption: true,
        compression: true,
        ramp: { kind: 'rate', perSecond: rampPerS },
        durationMs: (Math.ceil(players / rampPerS) + holdS) * 1000,
        settleMs: 0,
        reconnect: false,
        seed: 2,
      },
      (p) => {
        // The last second with everyone connected: the node has settled after the handshakes.
        if (p.connected >= connected) {
          connected = p.connected;
          rssAtFull = rssBytes(atlas.child.pid);
        }
      },
    );
    const r: IdleResult = {
      players,
      connected,
      rss0MB: rss0 / MB,
      rssMB: rssAtFull / MB,
      mbPer1000: connected > 0 ? ((rssAtFull - rss0) / MB / connected) * 1000 : Number.NaN,
      testerRssMB: report.tester.rssMBMax,
      handshakeP50Ms: report.latency.handshake.p50,
      errors: report.errors.total,
    };
    log(`idle: ${connected}/${players} players, node RSS ${r.rss0MB.toFixed(1)} -> ${r.rssMB.toFixed(1)} MB (${r.mbPer1000.toFixed(2)} MB per 1,000)`);
    return r;
  } finally {
    await atlas.stop();
    await sim.child.stop();
  }
}

/** One border-crossers run. */
export interface TransferResult {
  readonly clients: number;
  readonly started: number;
  readonly completed: number;
  readonly aborted: number;
  readonly gapP50Ms: number;
  readonly gapP99Ms: number;
  readonly gapMaxMs: number;
  readonly silenceP99Ms: number;
  readonly echoP99Ms: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly reordered: number;
  readonly errors: number;
}

/** A fresh node and four sim-servers in a 2x2 grid; `clients` encrypted border-crossers for `seconds`. */
export async function runTransfers(built: Built, dir: string, clients: number, seconds: number, log: (s: string) => void): Promise<TransferResult> {
  const atlas = await startAtlas(built.atlasNode, dir, await freePort());
  const sims = [];
  try {
    for (const [i, j] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ] as const) {
      sims.push(await startSim({ script: built.simServer, name: `sim-${i}-${j}`, area: gridCell(i, j), register: atlas.http, syncHz: 2 }));
    }
    await atlas.linked(4);
    const report = await runPlain({
      url: atlas.url,
      mode: 'atlas',
      scenario: 'border-crossers',
      clients,
      encryption: true,
      compression: true,
      moveRate: 10,
      actionRate: 5,
      durationMs: seconds * 1000,
      ramp: { kind: 'rate', perSecond: 1000 },
      settleMs: 3000,
      reconnect: false,
      seed: 3,
    });
    const t = report.transfers;
    const r: TransferResult = {
      clients,
      started: t.started,
      completed: t.completed,
      aborted: t.aborted,
      gapP50Ms: t.gap.p50,
      gapP99Ms: t.gap.p99,
      gapMaxMs: t.gap.max,
      silenceP99Ms: t.silence.p99,
      echoP99Ms: report.latency.echo.p99,
      lost: report.integrity.lost,
      duplicated: report.integrity.duplicated,
      reordered: report.integrity.reordered,
      errors: report.errors.total,
    };
    log(`transfers: ${r.completed} completed, ${r.aborted} aborted, gap p50 ${r.gapP50Ms} p99 ${r.gapP99Ms} ms, lost ${r.lost}`);
    return r;
  } finally {
    await atlas.stop();
    for (const s of sims) await s.child.stop();
  }
}
