// Traces as an operator gets them: a real atlas-node process with `[tracing]` pointed at
// a local OTLP receiver, two game servers in their own processes, a real client. The
// receiver decodes the protobuf it is sent; the spans must name the handshake, the
// transfer and its four steps (children of the transfer), the registrations, the links
// dialling and, once a server is killed, the failover and the reconnect attempts.
import { join } from 'node:path';
import { ActionChannel, CloseCode, TransferPhase } from '@atlas/protocol';
import { Attr, SpanName } from '../src/tracing/node-tracing';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { bundle, spawnNode, type Child } from './support/processes';
import { connectClient } from './support/test-client';

const move = (seq: number, x: number, y: number) => ({ type: 'PlayerMove' as const, seq, timestamp: Date.now(), position: { x, y, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const action = (seq: number, n: number) => ({ type: 'PlayerAction' as const, seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(n) });

async function linksUp(port: number, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    if (text.split('\n').filter((l) => l.startsWith('atlas_upstream_link_state{') && l.endsWith(' 2')).length >= count) return;
    if (Date.now() > deadline) throw new Error(`links not up:\n${text.split('\n').filter((l) => l.startsWith('atlas_upstream_link_state')).join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('OpenTelemetry traces of a real node', () => {
  let receiver: OtlpReceiver;
  const children: Child[] = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });

  afterAll(async () => {
    for (const c of children) c.process.kill('SIGKILL');
    await receiver.close();
  });

  it('exports handshake, transfer (with its steps), registration, link and failover spans over OTLP protobuf', async () => {
    const [nodeScript, serverScript] = await Promise.all([bundle(join(__dirname, '..', 'src', 'main.ts')), bundle(join(__dirname, 'support', 'child-server.ts'))]);
    const node = spawnNode(nodeScript, [
      '--set', 'server.address=127.0.0.1', '--set', 'server.port=0', '--set', 'admin.enabled=false',
      '--set', 'logging.format=json', '--set', 'logging.level=info', '--set', 'server.drain_timeout=5',
      '--set', 'security.token_secret=a token secret of at least thirty-two characters',
      '--set', `tracing.endpoint=${receiver.url}`, '--set', 'tracing.service_name=atlas-trace-test', '--set', 'tracing.headers=x-team=atlas',
    ], /"message":"node started"/);
    children.push(node);
    const { port } = JSON.parse(await node.ready) as { port: number };
    const nodeHttp = `http://127.0.0.1:${port}`;
    const west = spawnNode(serverScript, [nodeHttp, 'west', '0', '0', '0', '100', '100']);
    const east = spawnNode(serverScript, [nodeHttp, 'east', '0', '100', '0', '200', '100']);
    children.push(west, east);
    await Promise.all([west.ready, east.ready]);
    await linksUp(port, 2);

    await expect(connectClient(`ws://127.0.0.1:${port}/ws`, { token: 'forged.token' })).rejects.toMatchObject({ code: CloseCode.AuthFailed });
    const c = await connectClient(`ws://127.0.0.1:${port}/ws`);
    c.send(move(1, 50, 50), action(2, 1));
    await c.next('PlayerAction', (a) => a.data[0] === 1);
    c.send(move(3, 150, 50));
    await c.next('ServerTransfer', (t) => t.phase === TransferPhase.Completed);
    c.send(action(4, 2));
    await c.next('PlayerAction', (a) => a.data[0] === 2);

    east.process.kill('SIGKILL');
    await east.exited;
    await new Promise((r) => setTimeout(r, 500));
    await c.close();
    node.process.kill('SIGTERM');
    expect(await node.exited).toBe(0);

    const spans = receiver.spans;
    const named = (name: string): ReceivedSpan[] => spans.filter((s) => s.name === name);
    expect(receiver.rejected).toBe(0);
    expect(receiver.teams.length).toBeGreaterThan(0);
    expect(receiver.teams.every((t) => t === 'atlas')).toBe(true);
    expect(spans.every((s) => s.resource['service.name'] === 'atlas-trace-test')).toBe(true);

    const registrations = named(SpanName.Registration);
    expect(registrations.map((s) => s.attributes[Attr.HttpStatus])).toEqual([201, 201]);
    const ids = registrations.map((s) => s.attributes[Attr.ServerId]);
    expect(ids.every((id) => typeof id === 'string' && id.startsWith('srv-'))).toBe(true);

    const handshakes = named(SpanName.Handshake);
    expect(handshakes).toHaveLength(2);
    expect(handshakes.every((s) => s.parentSpanId === '')).toBe(true);
    const refused = handshakes.find((s) => s.statusCode === 2);
    expect(refused?.attributes).toMatchObject({ [Attr.CloseCode]: CloseCode.AuthFailed, [Attr.CloseReason]: 'auth_failed' });
    const admitted = handshakes.find((s) => s.statusCode !== 2);
    expect(admitted?.attributes).toMatchObject({ [Attr.PlayerId]: c.welcome.playerId, [Attr.Resumed]: false });

    const transfers = named(SpanName.Transfer);
    expect(transfers).toHaveLength(1);
    const transfer = transfers[0] as ReceivedSpan;
    const fromServer = transfer.attributes[Attr.FromServer];
    const toServer = transfer.attributes[Attr.ToServer];
    expect(transfer.attributes).toMatchObject({ [Attr.PlayerId]: c.welcome.playerId, [Attr.TransferOutcome]: 'completed' });
    expect(new Set([fromServer, toServer])).toEqual(new Set(ids));
    expect(transfer.parentSpanId).toBe('');
    for (const step of [SpanName.TransferPrepare, SpanName.TransferState, SpanName.TransferAccept, SpanName.TransferFlush]) {
      const [child, ...more] = named(step);
      expect(more).toHaveLength(0);
      expect(child).toMatchObject({ traceId: transfer.traceId, parentSpanId: transfer.spanId });
      expect(child?.attributes).toMatchObject({ [Attr.PlayerId]: c.welcome.playerId, [Attr.FromServer]: fromServer, [Attr.ToServer]: toServer });
    }

    const connects = named(SpanName.LinkConnect);
    const firstUp = connects.filter((s) => s.attributes[Attr.Reconnect] === false && s.attributes[Attr.LinkState] === 'up');
    expect(new Set(firstUp.map((s) => s.attributes[Attr.ServerId]))).toEqual(new Set(ids));
    // The killed server (the player's, after the transfer) fails over and is re-dialled, in vain.
    const failover = named(SpanName.Failover);
    expect(failover).toHaveLength(1);
    expect(failover[0]?.attributes).toMatchObject({ [Attr.ServerId]: toServer, [Attr.Players]: 1, [Attr.LinkState]: 'down' });
    const redials = connects.filter((s) => s.attributes[Attr.ServerId] === toServer && s.attributes[Attr.Reconnect] === true);
    expect(redials.length).toBeGreaterThanOrEqual(1);
    expect(redials.every((s) => s.statusCode === 2)).toBe(true);
  }, 60_000);
});
