// apps/horizon-peer as real processes for the node's tests: spawned with node, its JSON
// event lines collected so tests can wait for and count them.
import { join } from 'node:path';
import { bundle, spawnNode, type Child } from './processes';

/** One JSON line the peer printed. */
export type PeerEvent = { readonly event: string } & Record<string, unknown>;

/** A running horizon-peer process. */
export interface PeerProcess {
  readonly child: Child;
  readonly events: PeerEvent[];
  /** Events of one kind so far. */
  of(event: string): PeerEvent[];
  /** Resolves with the first (or next after `after`) event matching, or rejects after `timeoutMs`. */
  next(event: string, match?: (e: PeerEvent) => boolean, timeoutMs?: number): Promise<PeerEvent>;
  kill(): Promise<void>;
}

let script: Promise<string> | undefined;

/** Bundles the peer once per test file. */
export function peerScript(): Promise<string> {
  script ??= bundle(join(__dirname, '..', '..', '..', 'horizon-peer', 'src', 'main.ts'));
  return script;
}

/** Starts a peer with `args`; resolves once it listens (after registering, as Horizon). */
export async function startPeer(args: readonly string[]): Promise<PeerProcess> {
  const child = spawnNode(await peerScript(), args, /"event":"listening"/);
  const events: PeerEvent[] = [];
  let buffer = '';
  child.process.stdout?.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) events.push(JSON.parse(line) as PeerEvent);
  });
  await child.ready;
  const of = (event: string): PeerEvent[] => events.filter((e) => e.event === event);
  return {
    child,
    events,
    of,
    async next(event, match = () => true, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = of(event).find(match);
        if (found !== undefined) return found;
        if (Date.now() > end) throw new Error(`peer printed no ${event} in ${timeoutMs} ms; saw ${events.map((e) => e.event).join(',')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async kill() {
      if (child.process.exitCode === null) child.process.kill('SIGKILL');
      await child.exited;
    },
  };
}
