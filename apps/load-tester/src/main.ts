// load-tester entry point. The same bundle serves as the script of worker threads
// (`--workers N`): a worker runs its share of the clients; the main thread runs the CLI.
import { isMainThread, workerData } from 'node:worker_threads';
import { runCli } from './cli/run-cli';
import { setDefaultWorkerScript } from './run/run-load';
import { runWorker } from './run/worker-main';
import { isWorkerStart } from './run/worker-protocol';

if (!isMainThread && isWorkerStart(workerData)) {
  void runWorker(workerData);
} else {
  setDefaultWorkerScript(__filename);
  const abort = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    // First Ctrl-C ends the run early and still reports; a second one quits at once.
    if (interrupted) process.exit(130);
    interrupted = true;
    abort.abort();
  });
  process.on('SIGTERM', () => abort.abort());
  runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr, signal: abort.signal }).then(
    (code) => {
      process.exitCode = code;
      // Sockets still closing must not hold the process open.
      setTimeout(() => process.exit(code), 200).unref();
    },
    (error: unknown) => {
      process.stderr.write(`load-tester: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(3);
    },
  );
}
