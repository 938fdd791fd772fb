// A resumed session is routed at once: a real node process with four sim-servers (the
// demo), a player whose socket dies abruptly right after its first move, a resume on the
// same node followed at once by actions (no move first): every action is echoed, none
// is refused as unroutable.
import { join } from 'node:path';
import { ActionChannel, ErrorCode, type ClientSingleMessage } from '@atlas/protocol';
import { bundle, spawnNode, type Child } from './support/processes';
import { connectClient } from './support/test-client';

const action = (seq: number): ClientSingleMessage => ({ type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(seq) });

describe('a resume followed at once by actions', () => {
  let demo: Child;
  let url = '';

  beforeAll(async () => {
    const [node, sim] = await Promise.all([bundle(join(__dirname, '..', 'src', 'main.ts')), bundle(join(__dirname, '..', '..', 'sim-server', 'src', 'main.ts'))]);
    process.env['ATLAS_SIM_SERVER'] = sim;
    demo = spawnNode(node, ['--demo', '--set', 'server.port=0', '--set', 'admin.port=0', '--set', 'logging.level=error'], /clients connect to/);
    delete process.env['ATLAS_SIM_SERVER'];
    url = /ws:\/\/\S+\/ws/.exec(await demo.ready)?.[0] ?? '';
    const servers = `${url.replace(/^ws/, 'http').replace(/\/ws$/, '')}/servers`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const body = (await (await fetch(servers)).json()) as { servers: { link: string }[] };
      if (body.servers.filter((s) => s.link === 'up').length === 4) break;
      if (Date.now() > deadline) throw new Error('four linked sim-servers expected');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    demo.process.kill('SIGINT');
    await demo.exited;
  });

  it('echoes every action of a session resumed before its first move there', async () => {
    const c = await connectClient(url);
    c.send({ type: 'PlayerMove', seq: 1, timestamp: 1, position: { x: 1500, y: 500, z: 0 }, velocity: { x: 0, y: 0, z: 0 } }, action(2));
    await c.next('PlayerAction', (a) => a.data[0] === 2);
    const lastSeq = c.tracker.lastReceived();
    c.ws.terminate();
    await c.closed;

    const r = await connectClient(url, { resumeTicket: c.welcome.resumeTicket, lastReceivedSeq: lastSeq });
    expect(r.welcome.resumed).toBe(true);
    for (let seq = 3; seq <= 22; seq++) r.send(action(seq));
    for (let seq = 3; seq <= 22; seq++) await r.next('PlayerAction', (a) => a.data[0] === seq);
    expect(r.received.filter((m) => m.type === 'Error' && m.code === ErrorCode.Unroutable)).toEqual([]);
    await r.close();
  }, 30_000);
});
