import { Direction, LinkStateValue, NodeMetrics, TransferOutcome } from './metrics';

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
    m.playersPerServer.labels('s1').set(3);
    m.countMessage(Direction.ClientIn, 'move');
    m.countMessage(Direction.ClientIn, 'move');
    m.countMessage(Direction.UpstreamOut, 'forward', 5);
    m.countBytes(Direction.ClientOut, 100);
    m.countBytes(Direction.ClientOut, 28);
    m.countTransfer(TransferOutcome.Started);
    m.countTransfer(TransferOutcome.Completed, 12);
    m.countTransfer(TransferOutcome.Aborted);
    m.handshakeFailures.labels('bad_token').inc();
    m.backpressureDrops.inc();
    m.decodeErrors.inc(2);
    m.setLinkState('s1', LinkStateValue.Up);
    const text = await m.render();
    expect(valueOf(text, 'atlas_connections')).toBe(1);
    expect(valueOf(text, 'atlas_connections_total')).toBe(1);
    expect(valueOf(text, 'atlas_players{server="s1"}')).toBe(3);
    expect(valueOf(text, 'atlas_messages_total{direction="client_in",kind="move"}')).toBe(2);
    expect(valueOf(text, 'atlas_messages_total{direction="upstream_out",kind="forward"}')).toBe(5);
    expect(valueOf(text, 'atlas_bytes_total{direction="client_out"}')).toBe(128);
    expect(valueOf(text, 'atlas_transfers_total{outcome="started"}')).toBe(1);
    expect(valueOf(text, 'atlas_transfers_total{outcome="completed"}')).toBe(1);
    expect(valueOf(text, 'atlas_transfers_total{outcome="aborted"}')).toBe(1);
    expect(valueOf(text, 'atlas_transfer_duration_seconds_count')).toBe(1);
    expect(valueOf(text, 'atlas_transfer_duration_seconds_bucket{le="0.025"}')).toBe(1);
    expect(valueOf(text, 'atlas_handshake_failures_total{reason="bad_token"}')).toBe(1);
    expect(valueOf(text, 'atlas_backpressure_drops_total')).toBe(1);
    expect(valueOf(text, 'atlas_decode_errors_total')).toBe(2);
    expect(valueOf(text, 'atlas_upstream_link_state{server="s1"}')).toBe(2);
    expect(text).toMatch(/atlas_event_loop_lag_seconds\{quantile="0.99"\} \d/);
    expect(m.contentType).toMatch(/^text\/plain/);
  });

  it('keeps two nodes apart and labels series with the node id', async () => {
    const a = make({ nodeId: 'a' });
    const b = make({ nodeId: 'b' });
    a.connections.inc(2);
    expect(valueOf(await a.render(), 'atlas_connections{node="a"}')).toBe(2);
    expect(valueOf(await b.render(), 'atlas_connections{node="b"}')).toBe(0);
    expect(await a.render()).toContain('process_cpu_user_seconds_total');
  });

  it('adds tallied and direct increments, and keeps counting after a scrape', async () => {
    const m = make({ defaultMetrics: false });
    m.countMessage(Direction.ClientIn, 'move', 2);
    m.messages.labels(Direction.ClientIn, 'move').inc(3);
    expect(valueOf(await m.render(), 'atlas_messages_total{direction="client_in",kind="move"}')).toBe(5);
    m.countMessage(Direction.ClientIn, 'move');
    m.countBytes(Direction.UpstreamIn, 10);
    const text = await m.render();
    expect(valueOf(text, 'atlas_messages_total{direction="client_in",kind="move"}')).toBe(6);
    expect(valueOf(text, 'atlas_bytes_total{direction="upstream_in"}')).toBe(10);
    expect((await m.messages.get()).values).toEqual([{ value: 6, labels: { direction: 'client_in', kind: 'move' } }]);
  });

  it('forgets the series of a server that left', async () => {
    const m = make({ defaultMetrics: false });
    m.setLinkState('gone', LinkStateValue.Connecting);
    m.playersPerServer.labels('gone').set(1);
    m.forgetServer('gone');
    expect(await m.render()).not.toContain('server="gone"');
  });
});
