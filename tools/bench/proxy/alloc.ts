// What atlas-node allocates per proxied message, and where: V8's sampling heap profiler,
// through the inspector, with the objects that scavenges and major GCs collect kept in the
// profile, over a closed-loop load of 100 clients (one action in flight each, the game
// server dialling the node), divided by the client messages the node itself counted over
// the same interval (atlas_messages_total, client_in + client_out). Every allocated byte
// is work for the allocator and the scavenger, and a young generation that fills faster
// grows to its cap. A row is a function (with its two callers) and the bytes its own code
// allocated per message; functions V8 inlined count in their caller.
import { freePort } from '@atlas/cluster/testing';
import { startAtlas } from './atlas';
import { INSPECT_FLAG, openInspector, type SamplingHeapProfile, type SamplingNode } from './inspector';
import { measureWindow } from './load';
import { readCounter } from './metrics';
import { startSim, WHOLE_WORLD } from './sim';
import type { Built } from './workspace';

/** One allocation site. */
export interface AllocRow {
  readonly site: string;
  readonly bytesPerMessage: number;
}

/** The allocation profile of one load. */
export interface AllocProfile {
  readonly encryption: boolean;
  readonly clients: number;
  /** Client messages (in and out) the node counted while sampling. */
  readonly messages: number;
  readonly bytesPerMessage: number;
  readonly rows: readonly AllocRow[];
}

const CLIENTS = 100;

/** The client messages (in and out) a node has counted. */
async function clientMessages(metricsUrl: string): Promise<number> {
  const n = await readCounter(metricsUrl, 'atlas_messages_total', (labels) => /direction="client_(in|out)"/.test(labels));
  if (n === undefined) throw new Error('alloc: /metrics did not answer');
  return n;
}

/** Self bytes by site (function and its two callers), summed over the profile's tree. */
export function bytesBySite(profile: SamplingHeapProfile): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (n: SamplingNode, callers: readonly string[]): void => {
    const name = n.callFrame.functionName === '' ? '(anonymous)' : n.callFrame.functionName;
    if (n.selfSize > 0) {
      const site = [name, ...callers.slice(-2).reverse()].join(' <- ');
      out.set(site, (out.get(site) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c, [...callers, name]);
  };
  walk(profile.head, []);
  return out;
}

/** Samples the allocations of a fresh node under the load, plaintext or encrypted. */
export async function runAllocProfile(built: Built, dir: string, encryption: boolean, log: (s: string) => void, nodeFlags: readonly string[] = []): Promise<AllocProfile> {
  const atlas = await startAtlas(built.atlasNode, dir, await freePort(), [...nodeFlags, INSPECT_FLAG], await freePort());
  const sim = await startSim({ script: built.simServer, name: 'sim-alloc', area: WHOLE_WORLD, register: atlas.http, dialNodes: true });
  const inspector = await openInspector(atlas.child);
  try {
    await atlas.linked(1);
    const load = { url: atlas.url, mode: 'atlas' as const, clients: CLIENTS, encryption, warmS: 1.5, measureS: 4 };
    // Not sampled: the first load compiles the hot paths.
    await measureWindow(load, {});
    const before = await clientMessages(`${atlas.http}/metrics`);
    await inspector.startAllocationSampling();
    await measureWindow({ ...load, measureS: 6 }, {});
    const profile = await inspector.stopAllocationSampling();
    const messages = (await clientMessages(`${atlas.http}/metrics`)) - before;
    if (messages <= 0) throw new Error('alloc: the node counted no client messages while sampling');
    const sites = bytesBySite(profile);
    let total = 0;
    for (const bytes of sites.values()) total += bytes;
    const rows = [...sites].map(([site, bytes]) => ({ site, bytesPerMessage: bytes / messages })).sort((a, b) => b.bytesPerMessage - a.bytesPerMessage);
    log(`alloc: ${encryption ? 'encrypted' : 'plaintext'}, ${Math.round(total / messages)} bytes allocated per client message (${messages} messages)`);
    return { encryption, clients: CLIENTS, messages, bytesPerMessage: total / messages, rows };
  } finally {
    inspector.close();
    await atlas.stop();
    await sim.child.stop();
  }
}

/** The report's table for one profile. */
export function allocTable(p: AllocProfile, rows = 12): string[] {
  return [
    `${p.encryption ? 'Encrypted' : 'Plaintext'}, ${p.clients} clients, one action in flight each: **${Math.round(p.bytesPerMessage).toLocaleString('en-US')} bytes allocated per client message** (${p.messages.toLocaleString('en-US')} messages sampled). The ${rows} largest sites:`,
    '',
    '| function <- caller <- its caller | bytes per message |',
    '|---|---:|',
    ...p.rows.slice(0, rows).map((r) => `| ${r.site.replace(/\|/g, '\\|')} | ${r.bytesPerMessage.toFixed(1)} |`),
  ];
}
