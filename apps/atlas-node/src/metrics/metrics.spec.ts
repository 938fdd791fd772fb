import { Direction, LinkStateValue, NodeMetrics } from './metrics';

function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
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
    expect(valueOf(text, 'atlas_connections')).toBe(1);
    expect(valueOf(text, 'atlas_connections_total')).toBe(1);
    expect(valueOf(text, 'atlas_players{server="s1",server_name="sim-0-0"}')).toBe(3);
    expect(valueOf(text, 'atlas_messages_total{direction="client_in",kind="PlayerMove"}')).toBe(2);
    expect(valueOf(text, 'atlas_messages_total{direction="upstream_out",kind="Forward"}')).toBe(5);
    expect(valueOf(text, 'atlas_frames_total{direction="client_out"}')).toBe(2);
    expect(valueOf(text, 'atlas_bytes_total{direction="client_out"}')).toBe(128);
    expect(valueOf(text, 'atlas_transfers_started_total')).toBe(2);
    expect(valueOf(text, 'atlas_transfers_total{outcome="completed"}')).toBe(1);
    expect(valueOf(text, 'atlas_transfers_total{outcome="aborted"}')).toBe(1);
    expect(text).not.toContain('outcome="started"');
    expect(valueOf(text, 'atlas_transfer_aborts_total{reason="timeout"}')).toBe(1);
    expect(valueOf(text, 'atlas_transfer_duration_seconds_count')).toBe(1);
    expect(valueOf(text, 'atlas_transfer_duration_seconds_bucket{le="0.025"}')).toBe(1);
    expect(valueOf(text, 'atlas_handshake_failures_total{reason="bad_token"}')).toBe(1);
    expect(valueOf(text, 'atlas_backpressure_drops_total')).toBe(1);
    expect(valueOf(text, 'atlas_decode_errors_total')).toBe(2);
    expect(valueOf(text, 'atlas_upstream_link_state{server="s1",server_name="sim-0-0"}')).toBe(2);
    expect(valueOf(text, 'atlas_server_load{server="s1",server_name="sim-0-0"}')).toBe(0.25);
    expect(text).not.toContain('atlas_event_loop_lag');
    expect(m.contentType).toMatch(/^text\/plain/);
  });

  it('starts counters with known label values at 0', async () => {
    const text = await make({ defaultMetrics: false }).render();
    for (const d of Object.values(Direction)) {
      expect(valueOf(text, `atlas_frames_total{direction="${d}"}`)).toBe(0);
      expect(valueOf(text, `atlas_bytes_total{direction="${d}"}`)).toBe(0);
    }
    expect(valueOf(text, 'atlas_messages_total{direction="client_in",kind="PlayerMove"}')).toBe(0);
    expect(valueOf(text, 'atlas_messages_total{direction="upstream_in",kind="Deliver"}')).toBe(0);
    expect(text).not.toContain('kind="Batch"');
    expect(valueOf(text, 'atlas_transfers_total{outcome="completed"}')).toBe(0);
    expect(valueOf(text, 'atlas_transfers_total{outcome="aborted"}')).toBe(0);
    expect(valueOf(text, 'atlas_transfer_aborts_total{reason="target_refused"}')).toBe(0);
    expect(valueOf(text, 'atlas_transfers_started_total')).toBe(0);
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
