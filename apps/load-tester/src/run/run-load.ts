// runLoad: the programmatic entry point (the CLI and benchmark harnesses call it).
// With one worker the engine runs on the calling thread; with more, each worker
// thread runs its share and the main thread merges ticks, histograms and totals.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import { Engine } from '../engine/engine';
import type { EngineFinal } from '../engine/messages';
import { WHOLE } from '../engine/share';
import { UsageMeter } from '../metrics/usage';
import { rebalanceReport, scrapeRebalance } from '../metrics/rebalance';
import { CROWD } from '../scenario/crowd';
import { resolveLoadOptions, type LoadInput, type LoadOptions } from '../options/load-options';
import { buildReport } from '../report/build-report';
import type { Report, TimelinePoint } from '../report/report';
import { scenarioDurationMs } from '../scenario/scenario';
import { Aggregator } from './aggregator';
import { WORKER_KIND, type FromWorker, type WorkerStart } from './worker-protocol';

/** Optional observers of a run. */
export interface RunHooks {
  /** Called once a second with the last second's figures. */
  readonly onProgress?: (point: TimelinePoint) => void;
  /** Aborting ends the phases early; the run still settles and reports. */
  readonly signal?: AbortSignal;
}

/** Thrown by runLoad for invalid input (a caller bug; the CLI validates first). */
export class LoadOptionsError extends Error {
  override readonly name = 'LoadOptionsError';
}

let defaultWorkerScript: string | undefined;

/** Tells runLoad which script worker threads run (the CLI registers its own bundle). */
export function setDefaultWorkerScript(path: string): void {
  defaultWorkerScript = path;
}

interface Source {
  readonly final: Promise<EngineFinal>;
  stop(): void;
}

function localSource(o: LoadOptions, agg: Aggregator): Source {
  const engine = new Engine(o, WHOLE);
  return { final: engine.run((t) => agg.tick(0, t)), stop: () => engine.stop() };
}

function workerSource(o: LoadOptions, script: string, index: number, agg: Aggregator): Source {
  const start: WorkerStart = { kind: WORKER_KIND, options: o, share: { index, count: o.workers } };
  const worker = new Worker(script, { workerData: start });
  const final = new Promise<EngineFinal>((resolve, reject) => {
    let done = false;
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'tick') agg.tick(index, m.tick);
      else if (m.type === 'final') {
        done = true;
        resolve(m.final);
        // Its sockets are closed; a lingering thread must not keep a harness alive.
        void worker.terminate();
      } else reject(new Error(`worker ${index} failed: ${m.message}`));
    });
    worker.on('error', (e) => reject(new Error(`worker ${index} failed: ${e.stack ?? String(e)}`)));
    worker.on('exit', (code) => {
      if (!done) reject(new Error(`worker ${index} exited (${code}) before reporting`));
    });
  });
  return { final, stop: () => worker.postMessage({ type: 'stop' }) };
}

/** Runs a load test and resolves with its report. Throws LoadOptionsError on invalid input. */
export async function runLoad(input: LoadInput, hooks: RunHooks = {}): Promise<Report> {
  const o = resolveLoadOptions(input);
  if (E.isLeft(o)) throw new LoadOptionsError(o.left);
  return runResolved(o.right, hooks);
}

/** Runs already validated options. */
export async function runResolved(o: LoadOptions, hooks: RunHooks = {}): Promise<Report> {
  const script = o.workerScript ?? defaultWorkerScript;
  if (o.workers > 1 && script === undefined) throw new LoadOptionsError('workers > 1 needs workerScript: the built apps/load-tester/dist/main.js');
  // The crowd scenario reports what the nodes did about it: their rebalance series before and after.
  const rebalance = o.scenario.name === CROWD ? await scrapeRebalance(o.urls) : undefined;
  const startedAt = new Date();
  const t0 = performance.now();
  const agg = new Aggregator(o.workers, new UsageMeter(), (p) => hooks.onProgress?.(p));
  const sources = o.workers === 1 ? [localSource(o, agg)] : Array.from({ length: o.workers }, (_, i) => workerSource(o, script as string, i, agg));
  let abortedAt: number | undefined;
  const abort = (): void => {
    abortedAt ??= performance.now();
    for (const s of sources) s.stop();
  };
  if (hooks.signal?.aborted === true) abort();
  hooks.signal?.addEventListener('abort', abort, { once: true });
  try {
    const finals = await Promise.all(sources.map((s) => s.final));
    agg.flush();
    for (const f of finals) agg.final(f);
  } catch (error) {
    for (const s of sources) s.stop();
    throw error;
  } finally {
    hooks.signal?.removeEventListener('abort', abort);
  }
  const planned = scenarioDurationMs(o.scenario);
  const report = buildReport(o, agg, {
    startedAt,
    finishedAt: new Date(),
    runMs: abortedAt === undefined ? planned : Math.min(planned, abortedAt - t0),
    aborted: abortedAt !== undefined,
    cores: availableParallelism(),
  });
  if (rebalance !== undefined) {
    const after = await scrapeRebalance(o.urls);
    report.rebalance = rebalanceReport(rebalance.sample, after.sample, [...new Set([...rebalance.unreadable, ...after.unreadable])]);
  }
  return report;
}
