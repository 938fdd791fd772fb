// The single-configuration runs: atlas-node's memory per idle encrypted player, and
// transfers under border-crossers (handover gap and loss), each on a fresh node.
import { rssBytes } from './proc';
import { freePort } from '@atlas/cluster/testing';
import { sleep } from './processes';
import { startAtlas } from './atlas';
import { gridCell, startSim, WHOLE_WORLD } from './sim';
import { runPlain } from './load';
import { bucketQuantileMs, readHistogram } from './metrics';
import { INSPECT_FLAG, openInspector, type MemoryUsage } from './inspector';
import type { Built } from './workspace';
import type { Report } from '../../../apps/load-tester/src/index';

/** One idle-memory run (MB; "gc" figures are after a full collection forced through the inspector). */
export interface IdleResult {
  readonly players: number;
  readonly connected: number;
  readonly rss0MB: number;
  /** RSS with the players connected, as the process has it. */
  readonly rssMB: number;
  readonly rss0GcMB: number;
  readonly rssGcMB: number;
  /** (rss - rss0) per 1,000 connected players, as is and after GC. */
  readonly mbPer1000: number;
  readonly gcMbPer1000: number;
  /** V8 heap and off-heap (external) growth per 1,000 players after GC. */
  readonly heapMbPer1000: number;
  readonly externalMbPer1000: number;
  /**
   * With a hold (`--idle-hold=S`): RSS per 1,000 players over the S seconds after the
   * as-held reading, as the process has it (no forced GC): the lowest, the highest, the last.
   */
  readonly held?: { readonly seconds: number; readonly minMbPer1000: number; readonly maxMbPer1000: number; readonly lastMbPer1000: number };
  readonly connectS: number;
  readonly testerRssMB: number;
  readonly handshakeP50Ms: number;
  readonly errors: number;
}

const MB = 1024 * 1024;

/**
 * Starts a fresh node and one sim-server, holds `players` idle encrypted players, and reads
 * the node's memory; with `holdS`, also follows its RSS for that long before the forced GC
 * (V8 keeps handshake garbage and a grown young generation until a later GC gives it back).
 */
export async function runIdle(built: Built, dir: string, players: number, log: (s: string) => void, nodeFlags: readonly string[] = [], holdS = 0): Promise<IdleResult> {
  const atlas = await startAtlas(built.atlasNode, dir, await freePort(), [...nodeFlags, INSPECT_FLAG]);
  const sim = await startSim({ script: built.simServer, name: 'sim-idle', area: WHOLE_WORLD, register: atlas.http });
  const inspector = await openInspector(atlas.child);
  try {
    await atlas.linked(1);
    await sleep(2000);
    const rss0 = rssBytes(atlas.child.pid);
    const m0 = await inspector.collectAndMeasure();
    const abort = new AbortController();
    let connected = 0;
    let stable = 0;
    let fullAt = 0;
    let measured: Promise<{ rss: number; m: MemoryUsage }> | undefined;
    let rss = 0;
    let heldAt = 0;
    const held: number[] = [];
    const t0 = Date.now();
    const report: Report = await runPlain(
      {
        url: atlas.url,
        mode: 'atlas',
        scenario: 'idle',
        clients: players,
        encryption: true,
        compression: true,
        ramp: { kind: 'rate', perSecond: 2000 },
        durationMs: (Math.ceil(players / 200) + 30 + holdS) * 1000,
        settleMs: 0,
        reconnect: false,
        seed: 2,
      },
      (p) => {
        connected = Math.max(connected, p.connected);
        if (p.connected < players || measured !== undefined) return;
        if (fullAt === 0) fullAt = Date.now();
        // Three quiet seconds after the last handshake, then measure while everyone is still connected.
        if (++stable < 3) return;
        if (heldAt === 0) {
          rss = rssBytes(atlas.child.pid);
          heldAt = Date.now();
        }
        if (Date.now() - heldAt < holdS * 1000) {
          held.push(rssBytes(atlas.child.pid));
          return;
        }
        measured = inspector.collectAndMeasure().then((m) => ({ rss, m }));
        void measured.finally(() => abort.abort());
      },
      abort.signal,
    );
    if (measured === undefined) throw new Error(`idle: only ${connected} of ${players} players connected (errors: ${JSON.stringify(report.errors)})`);
    const { m } = await measured;
    const per = (bytes: number): number => (bytes / MB / connected) * 1000;
    const heldPer = held.map((b) => per(b - rss0));
    const r: IdleResult = {
      players,
      connected,
      rss0MB: rss0 / MB,
      rssMB: rss / MB,
      rss0GcMB: m0.rss / MB,
      rssGcMB: m.rss / MB,
      mbPer1000: per(rss - rss0),
      gcMbPer1000: per(m.rss - m0.rss),
      heapMbPer1000: per(m.heapUsed - m0.heapUsed),
      externalMbPer1000: per(m.external - m0.external),
      held: heldPer.length === 0 ? undefined : { seconds: holdS, minMbPer1000: Math.min(...heldPer), maxMbPer1000: Math.max(...heldPer), lastMbPer1000: heldPer[heldPer.length - 1] as number },
      connectS: (fullAt - t0) / 1000,
      testerRssMB: report.tester.rssMBMax,
      handshakeP50Ms: report.latency.handshake.p50,
      errors: report.errors.total,
    };
    log(
      `idle: ${connected}/${players} players in ${r.connectS.toFixed(1)} s, node RSS ${r.rss0MB.toFixed(1)} -> ${r.rssMB.toFixed(1)} MB (${r.mbPer1000.toFixed(2)} MB per 1,000; after GC ${r.gcMbPer1000.toFixed(2)}, heap ${r.heapMbPer1000.toFixed(2)}, external ${r.externalMbPer1000.toFixed(2)}${r.held === undefined ? '' : `; over ${holdS} s held ${r.held.minMbPer1000.toFixed(2)}..${r.held.maxMbPer1000.toFixed(2)}, last ${r.held.lastMbPer1000.toFixed(2)}`})`,
    );
    return r;
  } finally {
    inspector.close();
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
  /** The node's own transfer duration (prepare to route switch), bucket upper bounds. */
  readonly nodeP50Ms: number;
  readonly nodeP99Ms: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly reordered: number;
  readonly errors: number;
}

/** A fresh node and four sim-servers in a 2x2 grid; `clients` encrypted border-crossers for `seconds`. */
export async function runTransfers(built: Built, dir: string, clients: number, seconds: number, log: (s: string) => void, nodeFlags: readonly string[] = []): Promise<TransferResult> {
  const atlas = await startAtlas(built.atlasNode, dir, await freePort(), nodeFlags);
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
    const metric = 'atlas_transfer_duration_seconds';
    const before = await readHistogram(`${atlas.http}/metrics`, metric);
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
    const after = await readHistogram(`${atlas.http}/metrics`, metric);
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
      nodeP50Ms: bucketQuantileMs(before, after, 0.5),
      nodeP99Ms: bucketQuantileMs(before, after, 0.99),
      lost: report.integrity.lost,
      duplicated: report.integrity.duplicated,
      reordered: report.integrity.reordered,
      errors: report.errors.total,
    };
    log(`transfers: ${r.completed} completed, ${r.aborted} aborted, gap p50 ${r.gapP50Ms} p99 ${r.gapP99Ms} ms (node: p50 <= ${r.nodeP50Ms}, p99 <= ${r.nodeP99Ms} ms), echo p99 ${r.echoP99Ms} ms, lost ${r.lost}`);
    return r;
  } finally {
    await atlas.stop();
    for (const s of sims) await s.child.stop();
  }
}
