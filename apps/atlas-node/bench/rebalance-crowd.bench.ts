// Live split and merge under a crowd (issue 17's targets): a node with the process
// provider and `[rebalance]` on, one sim-server owning the world. --clients players
// (default 1,000) gather into it (the load tester's crowd behaviour) until it splits, then
// most leave and the rest walk until the two cold halves merge. Each of --runs runs
// (default 5) starts from a fresh node and reports the split and the merge: time from the
// decision to the new server ready, to the map switched, to every moved player re-homed,
// and the run's transfers, loss, duplicates and transfer gap p99. Before each run the same
// crowd walks a fixed world of two servers cut where a split would cut (no rebalancing):
// its transfer gap p99 is the steady-state figure the split's is compared with.
// Run: npm run bench -- rebalance [-- --runs=5 --clients=1000]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleDrillApps } from '../test/support/drill-cluster';
import { root, spawnNode } from '../test/support/processes';
import { loadAverage, numberArg, runBench } from './bench-cli';

interface Report {
  readonly transfers: { readonly completed: number; readonly aborted: number; readonly gap: { readonly p99: number } };
  readonly integrity: { readonly lost: number; readonly duplicated: number; readonly actions: { readonly sent: number } };
  readonly rebalance?: { readonly splits: number; readonly merges: number; readonly transfers: number; readonly aborted: Record<string, number>; readonly meanSeconds: Record<string, number> };
}

/** The run's scenario: named `crowd`, so the load tester reads the nodes' rebalance series around it. */
function scenarioFile(clients: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-crowd-'));
  const file = join(dir, 'crowd.toml');
  const stay = Math.max(10, Math.round(clients / 20));
  writeFileSync(
    file,
    [
      'name = "crowd"',
      '[world]',
      'min = [0, 0]',
      'max = [1000, 1000]',
      'grid = [1, 1]',
      '[params]',
      'hotspot = [500, 500]',
      'radius = 250',
      '[[phases]]',
      'name = "gather"',
      'duration = "25s"',
      `clients = ${clients}`,
      'mix = { hotspot = 1 }',
      '[[phases]]',
      'name = "leave"',
      'duration = "20s"',
      `clients = ${stay}`,
      'mix = { random-walk = 1 }',
      '',
    ].join('\n'),
  );
  return file;
}

async function oneRun(nodeMain: string, simMain: string, loadMain: string, clients: number, scenario: string, rebalance: boolean): Promise<Report> {
  const command = `{node} ${simMain} --port 0 --region {region} --name {name} --register {node_url} --exit-on-stdin-eof --sync-hz 0`;
  const split = Math.round(clients * 0.6);
  const sets = [
    'server.address=127.0.0.1', 'server.port=0', 'admin.enabled=false', 'logging.level=info', 'server.max_connections=100000', 'limits.idle_timeout=3600',
    'game_servers.heartbeat_interval=0.5', 'game_servers.max_idle_time=0',
    ...(rebalance
      ? [
          'provisioning.provider=process', `provisioning.command=${command}`,
          'rebalance.enabled=true', `rebalance.split_players=${split}`, 'rebalance.split_after=2', `rebalance.merge_players=${Math.floor(split / 4)}`, 'rebalance.merge_after=2',
          'rebalance.damping=5', 'rebalance.rehome_per_second=200',
        ]
      : []),
  ];
  const node = spawnNode(nodeMain, sets.flatMap((s) => ['--set', s]), /node started/);
  try {
    const port = Number(/"port":(\d+)/.exec(await node.ready)?.[1]);
    const sim = (name: string, region: string) => spawnNode(simMain, ['--port', '0', '--region', region, '--name', name, '--register', `http://127.0.0.1:${port}`, '--sync-hz', '0', '--json'], /"event":"registered"/);
    const worlds = rebalance ? [sim('world', '0,0,-1000,1000,1000,1000')] : [sim('west', '0,0,-1000,500,1000,1000'), sim('east', '500,0,-1000,1000,1000,1000')];
    await Promise.all(worlds.map((w) => w.ready));
    const out = join(mkdtempSync(join(tmpdir(), 'atlas-bench-crowd-')), 'report.json');
    const loadArgs = ['--url', `ws://127.0.0.1:${port}/ws`, '--scenario', scenario, '--ramp', '5s', '--settle', '3s', '--move-rate', '10', '--action-rate', '5', '--quiet', '--out', out];
    const load = spawn(process.execPath, [loadMain, ...loadArgs], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_PATH: resolve(root, 'node_modules') } });
    let err = '';
    load.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((res) => load.on('exit', (c) => res(c)));
    for (const w of worlds) w.process.kill('SIGTERM');
    if (code !== 0 && code !== 3) throw new Error(`load tester exited ${code}: ${err}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Report;
  } finally {
    node.process.kill('SIGTERM');
    await node.exited;
  }
}

async function main(): Promise<void> {
  const runs = numberArg('runs', 5);
  const clients = numberArg('clients', 1000);
  const { nodeMain, simMain, loadMain } = await bundleDrillApps();
  const scenario = scenarioFile(clients);
  console.log(`${clients} players gather into one region for 25 s (split above ${Math.round(clients * 0.6)}), then all but ${Math.max(10, Math.round(clients / 20))} leave for 20 s (merge below ${Math.floor(Math.round(clients * 0.6) / 4)}); process provider, one node, ${runs} runs.\n`);
  console.log('| run | splits / merges | split: ready / switched | re-homed (per change) | merge: switched / drained | rebalance transfers | transfers (aborted) | lost | duplicated | gap p99 | steady gap p99 (two fixed servers) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const s = (v: number | undefined): string => (v === undefined ? '-' : `${v.toFixed(2)} s`);
  for (let i = 1; i <= runs; i++) {
    const steady = await oneRun(nodeMain as string, simMain as string, loadMain as string, clients, scenario, false);
    const r = await oneRun(nodeMain as string, simMain as string, loadMain as string, clients, scenario, true);
    const b = r.rebalance;
    const t = b?.meanSeconds ?? {};
    const aborted = Object.entries(b?.aborted ?? {}).map(([k, v]) => ` (aborted ${k} x${v})`).join('');
    console.log(
      `| ${i} | ${b?.splits ?? '-'} / ${b?.merges ?? '-'}${aborted} | ${s(t['split/ready'])} / ${s(t['split/switched'])} | ${s(t['any/rehomed'])} | ${s(t['merge/switched'])} / ${s(t['merge/drained'])} | ${b?.transfers ?? '-'} | ${r.transfers.completed} (${r.transfers.aborted}) | ${r.integrity.lost} | ${r.integrity.duplicated} | ${r.transfers.gap.p99.toFixed(1)} ms | ${steady.transfers.gap.p99.toFixed(1)} ms (lost ${steady.integrity.lost}) |`,
    );
  }
  console.log(`\nLoad average (1/5/15 min): ${loadAverage()}`);
}

runBench(main);
