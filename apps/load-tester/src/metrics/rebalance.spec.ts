import { metricsUrls, parseRebalance, rebalanceReport } from './rebalance';

const before = `# HELP atlas_rebalance_changes_total x
atlas_rebalance_changes_total{kind="split",node="a"} 1
atlas_rebalance_seconds_sum{node="a",kind="split",milestone="ready"} 0.8
atlas_rebalance_seconds_count{node="a",kind="split",milestone="ready"} 1
atlas_rebalance_transfers_total{node="a"} 8
atlas_connections{node="a"} 3
`;
const after = `atlas_rebalance_changes_total{kind="split",node="a"} 3
atlas_rebalance_changes_total{kind="merge",node="a"} 1
atlas_rebalance_aborted_total{kind="split",step="provision",node="a"} 1
atlas_rebalance_seconds_sum{node="a",kind="split",milestone="ready"} 3.8
atlas_rebalance_seconds_count{node="a",kind="split",milestone="ready"} 3
atlas_rebalance_seconds_bucket{le="1",node="a",kind="split",milestone="ready"} 2
atlas_rebalance_transfers_total{node="a"} 20
`;

describe('the rebalance figures of a run', () => {
  it('reads the nodes\' series and reports what changed during the run', () => {
    const r = rebalanceReport(parseRebalance(before), parseRebalance(after), []);
    expect(r).toMatchObject({ splits: 2, merges: 1, aborted: { 'split/provision': 1 }, meanSeconds: { 'split/ready': 1.5 }, transfers: 12, unreadable: [] });
  });

  it('scrapes each node once, over http(s)', () => {
    expect(metricsUrls(['ws://127.0.0.1:8080/ws', 'ws://127.0.0.1:8080/ws', 'wss://edge.example:443/ws'])).toEqual(['http://127.0.0.1:8080/metrics', 'https://edge.example/metrics']);
  });
});
