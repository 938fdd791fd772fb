// horizon-peer entry point: parse the command line, run the peer, print one JSON line
// per event on stdout, stop on SIGINT/SIGTERM (without unregistering, as Horizon).
import * as E from 'fp-ts/lib/Either.js';
import { HELP, parseArgs } from './cli/args';
import { startHorizonPeer } from './peer';

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, process.env);
  if (E.isLeft(parsed)) {
    process.stderr.write(`horizon-peer: ${parsed.left}\n`);
    return 2;
  }
  if (parsed.right === null) {
    process.stdout.write(HELP);
    return 0;
  }
  const report = (event: string, data: Record<string, unknown>): void => {
    process.stdout.write(`${JSON.stringify({ event, at: Date.now(), ...data })}\n`);
  };
  const started = await startHorizonPeer(parsed.right, report);
  if (E.isLeft(started)) {
    process.stderr.write(`horizon-peer: ${started.left}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await started.right.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`horizon-peer: ${String(error)}\n`);
    process.exit(1);
  },
);
