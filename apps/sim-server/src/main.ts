// sim-server entry point: parse the command line, start, print where it listens, and
// stop cleanly (deregister, close links) on SIGINT/SIGTERM.
import * as E from 'fp-ts/lib/Either.js';
import { HELP, parseArgs } from './cli/args';
import { startSimServer } from './sim/start';

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, process.env);
  if (E.isLeft(parsed)) {
    process.stderr.write(`sim-server: ${parsed.left}\n`);
    return 2;
  }
  const { help, json, exitOnStdinEof, sim } = parsed.right;
  if (help) {
    process.stdout.write(HELP);
    return 0;
  }
  const say = (event: string, text: string, data: Record<string, unknown>): void => {
    process.stdout.write(json ? `${JSON.stringify({ event, ...data })}\n` : `sim-server: ${text}\n`);
  };
  const started = await startSimServer({
    ...sim,
    onError: (message) => say('error', message, { message }),
    onRegion: ({ bounds: { min, max } }, mapVersion) =>
      say('region', `region map v${mapVersion}: region (${min.x}, ${min.y}, ${min.z}) .. (${max.x}, ${max.y}, ${max.z})`, { mapVersion, bounds: { min, max } }),
  });
  if (E.isLeft(started)) {
    process.stderr.write(`sim-server: ${started.left}\n`);
    return 1;
  }
  const s = started.right;
  const { min, max } = s.region.bounds;
  say('listening', `${s.url === '' ? 'dials node links' : `node links on ${s.url}`}${s.directUrl ? `, direct clients on ${s.directUrl}` : ''}`, {
    port: s.port,
    url: s.url,
    directPort: s.directPort,
    directUrl: s.directUrl,
    bounds: s.region.bounds,
  });
  if (!json) say('region', `region (${min.x}, ${min.y}, ${min.z}) .. (${max.x}, ${max.y}, ${max.z})`, {});
  if (s.registration) say('registered', `registered with ${s.registration.nodeUrl} as ${s.registration.serverId}`, { serverId: s.registration.serverId, node: s.registration.nodeUrl });
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    if (exitOnStdinEof) {
      // The supervisor never writes; EOF (or an error) means it is gone.
      process.stdin.on('data', () => undefined);
      process.stdin.once('end', () => resolve());
      process.stdin.once('error', () => resolve());
    }
  });
  await s.close();
  say('stopped', 'stopped', {});
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`sim-server: ${String(error)}\n`);
    process.exit(1);
  },
);
