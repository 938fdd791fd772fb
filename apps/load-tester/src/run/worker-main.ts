// The body of a worker thread: run this thread's share and post ticks and the final
// account to the main thread.
import { parentPort } from 'node:worker_threads';
import { Engine } from '../engine/engine';
import type { FromWorker, ToWorker, WorkerStart } from './worker-protocol';

/** Runs the engine for `start` and reports through parentPort. */
export async function runWorker(start: WorkerStart): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const post = (m: FromWorker): void => port.postMessage(m);
  const engine = new Engine(start.options, start.share);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') engine.stop();
  });
  try {
    const final = await engine.run((tick) => post({ type: 'tick', tick }));
    post({ type: 'final', final });
  } catch (error) {
    post({ type: 'failed', message: (error as Error).stack ?? String(error) });
  }
  port.close();
}
