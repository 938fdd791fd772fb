// Atlas against a direct connection and nginx, on one machine in one run: a sim-server
// serves clients directly (/ws) and through nginx (one worker, its own config and prefix
// under tmp/) and atlas-node; the same loads run against each configuration, interleaved,
// for several repetitions. Figures: CPU per message of the proxy and the sim-server from
// /proc (the primary efficiency figure), added latency on one idle connection,
// throughput and p50/p99 at 100 and 1,000 clients as ratios paired within a repetition;
// then atlas-node's RSS per idle encrypted player, transfers under border-crossers, and
// the load tester's own send rate per core. Prints markdown; raw figures go to
// tmp/bench/proxy/results.json.
// Run: npm run bench -- proxy [--quick] (see tools/bench/proxy/options.ts)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runEchoServer } from './proxy/echo';
import { parseBenchOptions, Sections } from './proxy/options';
import { fileLimits } from './proxy/proc';
import { runCompare, type CompareOutcome } from './proxy/compare';
import { runIdle, runTransfers, type IdleResult, type TransferResult } from './proxy/side';
import { runScaleStep, runScaleTester, scaleSteps, type ScaleStep } from './proxy/scale';
import { runHeapDiff } from './proxy/heap';
import { runAllocProfile, type AllocProfile } from './proxy/alloc';
import { renderReport, machineFacts } from './proxy/report';
import { buildApps, builtApps, scratch, shippedNodeFlags, workspaceRoot } from './proxy/workspace';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

async function main(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('the proxy benchmark reads /proc: Linux only');
  const options = parseBenchOptions(process.argv.slice(2));
  const root = workspaceRoot();
  const log = (s: string): void => void process.stderr.write(`[proxy] ${s}\n`);
  const limits = fileLimits();
  const needFds = options.sections.has(Sections.Scale) ? 20_000 : options.idlePlayers + 1000;
  if (limits.soft < needFds && process.env['ATLAS_BENCH_REEXEC'] !== '1' && limits.hard >= needFds) {
    // Node cannot raise its own limit: run again under a shell that does (children inherit it).
    log(`raising the open-file limit from ${limits.soft} to ${limits.hard}`);
    const again = spawnSync('sh', ['-c', `ulimit -n ${limits.hard} && exec "$0" "$@"`, process.execPath, ...process.execArgv, __filename, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, ATLAS_BENCH_REEXEC: '1' },
    });
    process.exit(again.status ?? 1);
  }
  const idlePlayers = Math.min(options.idlePlayers, Math.floor((Number.isFinite(limits.soft) ? limits.soft : 1e9) - 500));
  if (options.build) {
    log('building atlas-node and sim-server (npx nx run-many -t build -p atlas-node sim-server)');
    buildApps(root);
  }
  const built = builtApps(root);
  for (const p of [built.atlasNode, built.simServer]) if (!existsSync(p)) throw new Error(`${p} is missing: run npx nx run-many -t build -p atlas-node sim-server`);
  const dir = scratch(root);
  const profileDir = scratch(root, 'prof');
  const profile = [...options.nodeFlags, ...(options.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])];
  const startedAt = new Date();
  const before = machineFacts();

  let compare: CompareOutcome | undefined;
  const idle: IdleResult[] = [];
  const transfers: TransferResult[] = [];
  if (options.sections.has(Sections.Compare) || options.sections.has(Sections.Generator)) {
    compare = await runCompare(built, dir, options.reps, options.measureS, profile, options.links, log);
  }
  if (options.sections.has(Sections.Idle)) {
    for (let i = 0; i < options.sideReps; i++) idle.push(await runIdle(built, scratch(root, 'idle'), idlePlayers, log, options.nodeFlags, options.idleHoldS));
  }
  if (options.sections.has(Sections.Transfers)) {
    for (let i = 0; i < options.sideReps; i++) transfers.push(await runTransfers(built, scratch(root, 'transfers'), options.crossers, options.crossersS, log, options.nodeFlags));
  }
  const heap = options.sections.has(Sections.Heap) ? await runHeapDiff(built, scratch(root, 'heap'), options.heapPlayers, log, options.nodeFlags) : undefined;
  const alloc: AllocProfile[] = [];
  if (options.sections.has(Sections.Alloc)) {
    for (const encryption of [false, true]) alloc.push(await runAllocProfile(built, scratch(root, 'alloc'), encryption, log, options.nodeFlags));
  }
  const scale: ScaleStep[] = [];
  const scaleLimit = Math.min(19_500, Math.floor((Number.isFinite(limits.soft) ? limits.soft : 1e9) - 500));
  if (options.sections.has(Sections.Scale)) {
    let step = 0;
    for (const players of options.scaleSteps?.filter((n) => n <= scaleLimit) ?? scaleSteps(scaleLimit)) scale.push(await runScaleStep(built, scratch(root, 'scale'), __filename, players, step++, options.nodeFlags, log));
  }
  const after = machineFacts();
  const finishedAt = new Date();
  const results = { startedAt, finishedAt, argv: process.argv.slice(2), nodeFlags: [...shippedNodeFlags(root), ...options.nodeFlags], options: { ...options, sections: [...options.sections] }, machine: { before, after }, compare, idle, transfers, heap, alloc, scale, scaleLimit };
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(renderReport(results));
  // Sockets still closing must not hold the process open.
  setTimeout(() => process.exit(0), 200).unref();
}

const role = process.argv.indexOf('--role');
if (role >= 0 && process.argv[role + 1] === 'echo') runEchoServer(Number(process.argv[role + 2]));
else if (role >= 0 && process.argv[role + 1] === 'tester')
  runScaleTester(JSON.parse(process.argv[role + 2] ?? '{}')).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`scale tester failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
else
  main().catch((e: unknown) => {
    process.stderr.write(`proxy bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
