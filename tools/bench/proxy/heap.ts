// What an idle encrypted session costs on the node's JavaScript heap, by kind of object:
// a heap snapshot (through the inspector, after a full GC) with N idle encrypted players
// connected and another with 2N, diffed by kind and divided by N. One-off growth (code
// compiled on the first handshakes, caches) is in both snapshots and cancels out. A row
// is a place to look: "heap number, 6 per player" says six double-valued fields are
// boxed; "Uint8Array, 2 per player" names the arrays each session keeps.
import { freePort } from '@atlas/cluster/testing';
import { startAtlas } from './atlas';
import { INSPECT_FLAG, openInspector } from './inspector';
import { runPlain } from './load';
import { startSim, WHOLE_WORLD } from './sim';
import type { Built } from './workspace';

/** One kind of heap object: how many a player adds and their own (shallow) bytes. */
export interface HeapRow {
  readonly kind: string;
  readonly perPlayer: number;
  readonly bytesPerPlayer: number;
}

/** The diff between N and 2N idle encrypted players. */
export interface HeapDiff {
  readonly players: number;
  readonly bytesPerPlayer: number;
  readonly rows: readonly HeapRow[];
}

/** Count and shallow bytes by kind. */
export type HeapCensus = Map<string, { count: number; bytes: number }>;

interface Snapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[], ...unknown[]] } };
  readonly nodes: number[];
  readonly strings: string[];
}

/** Sums a V8 heap snapshot (its JSON) by kind: an object's constructor name, or the node type for strings, code, arrays and numbers. */
export function censusOf(json: string): HeapCensus {
  const s = JSON.parse(json) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const census: HeapCensus = new Map();
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const t = types[s.nodes[i + type] as number] as string;
    const n = s.strings[s.nodes[i + name] as number] as string;
    const kind = t === 'object' || t === 'closure' ? n : t === 'hidden' || t === 'array' ? `(${t}) ${n.slice(0, 40)}` : `(${t})`;
    const entry = census.get(kind) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += s.nodes[i + size] as number;
    census.set(kind, entry);
  }
  return census;
}

/** What `after` adds to `before`, per player, largest first; kinds under `minBytes` per player are left out. */
export function diffCensus(before: HeapCensus, after: HeapCensus, players: number, minBytes = 4): HeapDiff {
  let total = 0;
  const rows: HeapRow[] = [];
  for (const [kind, b] of after) {
    const a = before.get(kind) ?? { count: 0, bytes: 0 };
    const bytes = (b.bytes - a.bytes) / players;
    total += bytes;
    if (Math.abs(bytes) >= minBytes) rows.push({ kind, perPlayer: (b.count - a.count) / players, bytesPerPlayer: bytes });
  }
  for (const [kind, a] of before) if (!after.has(kind)) total -= a.bytes / players;
  rows.sort((x, y) => y.bytesPerPlayer - x.bytesPerPlayer);
  return { players, bytesPerPlayer: total, rows };
}

/** Holds N, then 2N idle encrypted players on a fresh node and diffs its heap between the two. */
export async function runHeapDiff(built: Built, dir: string, players: number, log: (s: string) => void, nodeFlags: readonly string[] = []): Promise<HeapDiff> {
  const atlas = await startAtlas(built.atlasNode, dir, await freePort(), [...nodeFlags, INSPECT_FLAG]);
  const sim = await startSim({ script: built.simServer, name: 'sim-heap', area: WHOLE_WORLD, register: atlas.http });
  const inspector = await openInspector(atlas.child);
  const abort = new AbortController();
  const crowds: Promise<unknown>[] = [];
  try {
    await atlas.linked(1);
    const crowd = (seed: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const input: Parameters<typeof runPlain>[0] = { url: atlas.url, mode: 'atlas', scenario: 'idle', clients: players, encryption: true, compression: true, ramp: { kind: 'rate', perSecond: 2000 }, durationMs: 600_000, settleMs: 0, reconnect: false, seed };
        const run = runPlain(
          input,
          (p) => {
            if (p.connected >= players) resolve();
          },
          abort.signal,
        );
        crowds.push(run);
        run.then(() => reject(new Error(`heap: the crowd of ${players} ended before it was connected`)), reject);
      });
    await crowd(3);
    await waitForPlayers(atlas.players, players);
    const before = censusOf(await inspector.heapSnapshot());
    log(`heap: snapshot at ${players} players`);
    await crowd(4);
    await waitForPlayers(atlas.players, 2 * players);
    const after = censusOf(await inspector.heapSnapshot());
    const diff = diffCensus(before, after, players);
    log(`heap: ${players} -> ${2 * players} players, ${Math.round(diff.bytesPerPlayer)} bytes of JS heap per player`);
    return diff;
  } finally {
    abort.abort();
    await Promise.allSettled(crowds);
    inspector.close();
    await atlas.stop();
    await sim.child.stop();
  }
}

/** Waits until the node itself counts `n` players (the tester counts a client once its Welcome arrives); throws after 10 s. */
async function waitForPlayers(count: () => Promise<number>, n: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await count()) >= n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`heap: the node never held ${n} players (a diff over fewer would understate the cost per player)`);
}

/** The report's table. */
export function heapTable(d: HeapDiff, rows = 16): string[] {
  return [
    `JavaScript heap per idle encrypted player, ${d.players.toLocaleString('en-US')} -> ${(2 * d.players).toLocaleString('en-US')} players (after a full GC): **${Math.round(d.bytesPerPlayer).toLocaleString('en-US')} bytes**. Shallow sizes by kind; the ${rows} largest:`,
    '',
    '| kind | per player | bytes per player |',
    '|---|---:|---:|',
    ...d.rows.slice(0, rows).map((r) => `| ${r.kind.replace(/\|/g, '\\|')} | ${r.perPlayer.toFixed(2)} | ${r.bytesPerPlayer.toFixed(0)} |`),
  ];
}
