// sim-server child processes: one serving direct clients (/ws, the baseline and what
// nginx proxies to) and node links at once, or a grid of them registered with a node.
import { spawnChild, type Child } from './processes';

/** Where a started sim-server listens. */
export interface Sim {
  readonly child: Child;
  readonly linkUrl: string;
  readonly directUrl: string | undefined;
  readonly directPort: number | undefined;
}

/** How to start one sim-server. */
export interface SimOptions {
  readonly script: string;
  readonly name: string;
  /** `--region` six numbers, or `--grid` arguments. */
  readonly area: readonly string[];
  /** Serve plaintext direct clients on /ws too. */
  readonly direct?: boolean;
  /** Register with this node HTTP URL. */
  readonly register?: string;
  /** Dial the nodes the registration lists instead of listening for links. */
  readonly dialNodes?: boolean;
  /** StateSyncs per second per player (0: only echoes flow, so messages are countable). */
  readonly syncHz?: number;
}

/** Starts a sim-server and waits until it listens (and is registered). */
export async function startSim(o: SimOptions): Promise<Sim> {
  const args = [o.script, '--json', '--host', '127.0.0.1', '--port', '0', '--name', o.name, ...o.area, '--sync-hz', String(o.syncHz ?? 0), '--capacity', '100000'];
  if (o.direct === true) args.push('--direct', '--direct-port', '0', '--no-encryption');
  if (o.register !== undefined) args.push('--register', o.register);
  if (o.dialNodes === true) args.push('--dial-nodes');
  const child = spawnChild(o.name, process.execPath, args);
  const line = await child.waitForLine((l) => l.includes('"event":"listening"'), 15_000);
  const info = JSON.parse(line) as { url: string; directUrl?: string; directPort?: number };
  if (o.register !== undefined) await child.waitForLine((l) => l.includes('"event":"registered"'), 15_000);
  return { child, linkUrl: info.url, directUrl: info.directUrl, directPort: info.directPort };
}

/** The `--region` arguments covering the whole load-tester world (0..2000 in x and y). */
export const WHOLE_WORLD = ['--region', '0,0,-1000,2000,2000,1000'] as const;

/** The arguments of cell (i, j) of a 2x2 grid over the 2000 x 2000 world (the load tester's default). */
export function gridCell(i: number, j: number): string[] {
  return ['--grid', '2x2', '--cell', `${i},${j}`, '--world', '2000'];
}
