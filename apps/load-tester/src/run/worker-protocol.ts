// Messages between runLoad and its worker threads.
import type { EngineFinal, EngineTick } from '../engine/messages';
import type { Share } from '../engine/share';
import type { LoadOptions } from '../options/load-options';

/** Marks workerData as a load-tester worker's (a bundle may also be run as a CLI). */
export const WORKER_KIND = 'atlas-load-tester-worker';

/** What a worker is started with. */
export interface WorkerStart {
  readonly kind: typeof WORKER_KIND;
  readonly options: LoadOptions;
  readonly share: Share;
}

/** Main -> worker. */
export type ToWorker = { readonly type: 'stop' };

/** Worker -> main. */
export type FromWorker =
  | { readonly type: 'tick'; readonly tick: EngineTick }
  | { readonly type: 'final'; readonly final: EngineFinal }
  | { readonly type: 'failed'; readonly message: string };

/** True when `data` (workerData) starts a load-tester worker. */
export function isWorkerStart(data: unknown): data is WorkerStart {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === WORKER_KIND;
}
