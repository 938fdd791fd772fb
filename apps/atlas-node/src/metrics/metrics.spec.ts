import { Direction, LinkStateValue, NodeMetrics } from './metrics';

function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The value of each series named in `expected`, keyed the same, so one toEqual shows every mismatch at once. */
function valuesOf(text: string, expected: Readonly<Record<string, number>>): Record<string, number | undefined> {
  return Object.fromEntries(Object.keys(expected).map((series) => [series, valueOf(text, series)]));
}

describe('NodeMetrics', () => {
  const all: NodeMetrics[] = [];
  const make = (...args: ConstructorParameters<typeof NodeMetrics>): NodeMetrics => {
    const m = new NodeMetrics(...args);
    all.push(m);
    return m;
  };
  afterAll(() => all.forEach((m) => m.close()));

  it('renders every contract metric in Prometheus text', async () => {
    const m = make({ defaultMetrics: false });
    m.connections.inc();
    m.connectionsTotal.inc();
    m.servers.update([{ id: 's1', name: 'sim-0-0', load: { load: 0.25 } }]);
    m.servers.addPlayers('s1', 3);
    m.countMessage(Direction.ClientIn, 'PlayerMove');
    m.countMessage(Direction.ClientIn, 'PlayerMove');
    m.countMessage(Direction.UpstreamOut, 'Forward', 5);
    m.countFrame(Direction.ClientOut, 100);
    m.countFrame(Direction.ClientOut, 28);
    m.transferStarted();
    m.transferStarted();
    m.transferCompleted(12);
    m.transferAborted('timeout');
    m.handshakeFailures.labels('bad_token').inc();
    m.backpressureDrops.inc();
    m.decodeErrors.inc(2);
    m.setLinkState('s1', LinkStateValue.Up);
    const text = await m.render();
    const expected = {
      atlas_connections: 1,
      atlas_connections_total: 1,
      'atlas_players{server="s1",server_name="sim-0-0"}': 3,
      'atlas_messages_total{direction="client_in",kind="PlayerMove"}': 2,
      'atlas_messages_total{direction="upstream_out",kind="Forward"}': 5,
      'atlas_frames_total{direction="client_out"}': 2,
      'atlas_bytes_total{direction="client_out"}': 128,
      atlas_transfers_started_total: 2,
      'atlas_transfers_total{outcome="completed"}': 1,
      'atlas_transfers_total{outcome="aborted"}': 1,
      'atlas_transfer_aborts_total{reason="timeout"}': 1,
      atlas_transfer_duration_seconds_count: 1,
      'atlas_transfer_duration_seconds_bucket{le="0.025"}': 1,
      'atlas_handshake_failures_total{reason="bad_token"}': 1,
      atlas_backpressure_drops_total: 1,
      atlas_decode_errors_total: 2,
      'atlas_upstream_link_state{server="s1",server_name="sim-0-0"}': 2,
      'atlas_server_load{server="s1",server_name="sim-0-0"}': 0.25,
    };
    expect(valuesOf(text, expected)).toEqual(expected);
    expect(text).not.toContain('outcome="started"');
    expect(text).not.toContain('atlas_event_loop_lag');
    expect(m.contentType).toMatch(/^text\/plain/);
  });

  it('starts counters with known label values at 0', async () => {
    const text = await make({ defaultMetrics: false }).render();
    for (const d of Object.values(Direction)) {
      expect(valueOf(text, `atlas_frames_total{direction="${d}"}`)).toBe(0);
      expect(valueOf(text, `atlas_bytes_total{direction="${d}"}`)).toBe(0);
    }
    const expected = {
      'atlas_messages_total{direction="client_in",kind="PlayerMove"}': 0,
      'atlas_messages_total{direction="upstream_in",kind="Deliver"}': 0,
      'atlas_transfers_total{outcome="completed"}': 0,
      'atlas_transfers_total{outcome="aborted"}': 0,
      'atlas_transfer_aborts_total{reason="target_refused"}': 0,
      atlas_transfers_started_total: 0,
    };
    expect(valuesOf(text, expected)).toEqual(expected);
    expect(text).not.toContain('kind="Batch"');
  });

  it('keeps two nodes apart, labels series with the node id, and leaves event-loop lag to prom-client', async () => {
    const a = make({ nodeId: 'a' });
    const b = make({ nodeId: 'b' });
    a.connections.inc(2);
    expect(valueOf(await a.render(), 'atlas_connections{node="a"}')).toBe(2);
    expect(valueOf(await b.render(), 'atlas_connections{node="b"}')).toBe(0);
    const text = await a.render();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds\{node="a"\} \d/m);
  });

  it('adds tallied and direct increments, and keeps counting after a scrape', async () => {
    const m = make({ defaultMetrics: false });
    m.countMessage(Direction.ClientIn, 'PlayerMove', 2);
    m.messages.labels(Direction.ClientIn, 'PlayerMove').inc(3);
    expect(valueOf(await m.render(), 'atlas_messages_total{direction="client_in",kind="PlayerMove"}')).toBe(5);
    m.countMessage(Direction.ClientIn, 'PlayerMove');
    m.countFrame(Direction.UpstreamIn, 10);
    const text = await m.render();
    expect(valueOf(text, 'atlas_messages_total{direction="client_in",kind="PlayerMove"}')).toBe(6);
    expect(valueOf(text, 'atlas_bytes_total{direction="upstream_in"}')).toBe(10);
    const moves = (await m.messages.get()).values.filter((v) => v.value > 0);
    expect(moves).toEqual([{ value: 6, labels: { direction: 'client_in', kind: 'PlayerMove' } }]);
  });

  it('labels a server learnt after its players with one series, and forgets a server that left', async () => {
    const m = make({ defaultMetrics: false });
    m.servers.addPlayers('late', 2);
    m.setLinkState('late', LinkStateValue.Connecting);
    m.servers.update([{ id: 'late', name: 'arena', load: { load: 0 } }]);
    const text = await m.render();
    expect(valueOf(text, 'atlas_players{server="late",server_name="arena"}')).toBe(2);
    expect(text).not.toContain('server_name=""');
    m.forgetServer('late');
    expect(await m.render()).not.toContain('server="late"');
  });

  it('reports event-loop utilisation between 0 and 1 without touching the lag histogram', () => {
    const m = make({ defaultMetrics: false });
    const busyUntil = Date.now() + 50;
    while (Date.now() < busyUntil);
    const u = m.eventLoopUtilisation();
    expect(u).toBeGreaterThan(0);
    expect(u).toBeLessThanOrEqual(1);
    expect(m.eventLoopUtilisation()).toBe(u);
  });
});
