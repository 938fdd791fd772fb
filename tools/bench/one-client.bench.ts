// atlas-node's CPU per message at one client (one action in flight), plaintext and
// encrypted, for the build in this checkout: the figure most sensitive to per-frame work
// and the noisiest (a lone client is mostly wake-ups and syscalls). To compare two builds,
// copy this file into a worktree of each and run them alternately, a few repetitions per
// process (docs/BENCHMARKS.md, "The session/seam refactor"): alternating processes is the
// interleaving, since one node build cannot host another's load tester.
// `--links=node` has the node dial the sim-server (ws) instead of the sim-server dialling
// the node's uWebSockets.js link listener (the default), to compare the two directions.
// Run: npm run bench -- one-client [--reps=N] [--modes=plain,enc] [--links=server|node] [--profile] [--no-build]
import { cpuSeconds } from './proxy/proc';
import { freePort } from '@atlas/cluster/testing';
import { startAtlas } from './proxy/atlas';
import { startSim, WHOLE_WORLD } from './proxy/sim';
import { measureWindow } from './proxy/load';
import { buildApps, builtApps, scratch, workspaceRoot } from './proxy/workspace';

const USAGE = 'npm run bench -- one-client [--reps=N] [--modes=plain,enc] [--links=server|node] [--profile] [--no-build]';

function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

async function main(): Promise<void> {
  const reps = Number(flag('--reps') ?? 5);
  const modes = (flag('--modes') ?? 'plain,enc').split(',');
  const links = flag('--links') ?? 'server';
  if (!Number.isInteger(reps) || reps < 1 || modes.some((m) => m !== 'plain' && m !== 'enc') || (links !== 'server' && links !== 'node')) throw new Error(USAGE);
  const dials = links === 'server';
  const root = workspaceRoot();
  if (!process.argv.includes('--no-build')) buildApps(root);
  const built = builtApps(root);
  const dir = scratch(root, 'one-client');
  const profile = process.argv.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${dir}/prof`] : [];
  const atlas = await startAtlas(built.atlasNode, dir, await freePort(), profile, dials ? await freePort() : 0);
  const sim = await startSim({ script: built.simServer, name: 'sim-bench', area: WHOLE_WORLD, direct: true, register: atlas.http, dialNodes: dials });
  const perMessage: Record<string, number[]> = {};
  try {
    await atlas.linked(1);
    // Warm-up: both paths JIT-compiled before the first measured window.
    for (const m of modes) await measureWindow({ url: atlas.url, mode: 'atlas', clients: 1, encryption: m === 'enc', warmS: 1, measureS: 3 }, {});
    for (let rep = 0; rep < reps; rep++) {
      for (const m of modes) {
        const r = await measureWindow(
          { url: atlas.url, mode: 'atlas', clients: 1, encryption: m === 'enc', warmS: 1.5, measureS: 4 },
          { node: () => cpuSeconds(atlas.child.pid), sim: () => cpuSeconds(sim.child.pid) },
        );
        const us = ((r.cpuS['node'] ?? Number.NaN) * 1e6) / r.messages;
        (perMessage[m] ??= []).push(us);
        const simUs = ((r.cpuS['sim'] ?? Number.NaN) * 1e6) / r.messages;
        process.stderr.write(`[one-client] rep ${rep + 1}/${reps} ${m}: node ${us.toFixed(2)} us/msg, sim ${simUs.toFixed(2)}, p50 ${r.p50Ms} ms, errors ${r.errors}, lost ${r.lost}\n`);
      }
    }
  } finally {
    await sim.child.stop();
    await atlas.stop();
  }
  console.log(`links: ${dials ? 'the sim-server dials the node (uWebSockets.js)' : 'the node dials the sim-server (ws)'}; load average at the end: ${(await import('node:os')).loadavg()[0]?.toFixed(2)}\n`);
  console.log('| mode | node CPU per message, median (us) | all repetitions |\n|---|---:|---|');
  for (const [m, xs] of Object.entries(perMessage)) {
    const sorted = [...xs].sort((a, b) => a - b);
    console.log(`| ${m} | ${sorted[Math.floor(sorted.length / 2)]?.toFixed(2)} | ${xs.map((x) => x.toFixed(1)).join(', ')} |`);
  }
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
