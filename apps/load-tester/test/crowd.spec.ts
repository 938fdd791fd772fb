// The crowd scenario against a node that splits hot regions: one sim-server owns the
// world, the node provisions more (the process provider runs sim-server). The crowd
// gathers, the region splits under it, players are handed over, and the report shows the
// split with its timings and nothing lost or doubled.
import { runLoad } from '../src/run/run-load';
import { startCluster, type Cluster } from './support/cluster';
import { bundle } from './support/processes';

const WORLD = 1000;

describe('the crowd scenario against a rebalancing node', () => {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    const sim = await bundle('apps/sim-server/src/main.ts');
    cluster = await startCluster({
      world: WORLD,
      grid: 1,
      set: [
        'provisioning.provider=process',
        `provisioning.command={node} ${sim} --port 0 --region {region} --name {name} --register {node_url} --exit-on-stdin-eof --sync-hz 0`,
        'game_servers.heartbeat_interval=0.25',
        'game_servers.max_idle_time=0',
        'rebalance.enabled=true',
        'rebalance.split_players=30',
        'rebalance.split_after=1',
        'rebalance.merge_players=2',
        'rebalance.damping=30',
        'rebalance.rehome_per_second=50',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reports the split the gathering causes: ready, switched and re-homed times, transfers, no loss', async () => {
    const report = await runLoad({
      url: cluster?.url as string,
      clients: 60,
      ramp: '1s',
      durationMs: 9_000,
      scenario: 'crowd',
      world: { minX: 0, minY: 0, maxX: WORLD, maxY: WORLD, cols: 1, rows: 1 },
      moveRate: 10,
      actionRate: 5,
      settleMs: 2000,
      seed: 7,
    });
    expect(report.options.phases.map((p) => p.name)).toEqual(['gather', 'disperse']);
    expect(report.rebalance).toMatchObject({ splits: 1, merges: 0, aborted: {}, unreadable: [] });
    const times = report.rebalance?.meanSeconds ?? {};
    for (const key of ['split/ready', 'split/switched', 'any/rehomed']) expect(times[key]).toBeGreaterThan(0);
    expect(times['split/ready'] as number).toBeLessThanOrEqual(times['split/switched'] as number);
    expect(report.rebalance?.transfers).toBeGreaterThan(0);
    expect(report.transfers.completed).toBeGreaterThanOrEqual(report.rebalance?.transfers as number);
    expect(report.transfers.aborted).toBe(0);
    expect(report.integrity).toMatchObject({ lost: 0, duplicated: 0, reordered: 0 });
    expect(report.errors.total).toBe(0);
  }, 60_000);
});
