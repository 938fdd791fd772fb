// `npm start`: one node and four sim-servers owning a 2x2 world, reachable at the
// printed URL, stopped cleanly (exit 0, no sim-server left) on Ctrl-C.
import { join } from 'node:path';
import { ActionChannel } from '@atlas/protocol';
import { bundle, spawnNode } from './support/processes';
import { connectClient } from './support/test-client';

describe('the demo', () => {
  it('starts a 2x2 world on pinned sim-server ports, serves a player, and stops everything on SIGINT', async () => {
    const [node, sim] = await Promise.all([
      bundle(join(__dirname, '..', 'src', 'main.ts')),
      bundle(join(__dirname, '..', '..', 'sim-server', 'src', 'main.ts')),
    ]);
    process.env['ATLAS_SIM_SERVER'] = sim;
    // --demo-port-base: cell i,j links on base + 2i + j (a random base, away from common ports).
    const base = 41_000 + Math.floor(Math.random() * 4000) * 4;
    const demo = spawnNode(node, ['--demo', '--demo-port-base', String(base), '--set', 'server.port=0', '--set', 'admin.port=0', '--set', 'logging.level=error'], /clients connect to/);
    delete process.env['ATLAS_SIM_SERVER'];
    const url = /ws:\/\/\S+\/ws/.exec(await demo.ready)?.[0] ?? '';
    const servers = `${url.replace(/^ws/, 'http').replace(/\/ws$/, '')}/servers`;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const body = (await (await fetch(servers)).json()) as { servers: { link: string; name: string; address: string }[] };
      if (body.servers.filter((s) => s.link === 'up').length === 4) {
        const ports = Object.fromEntries(body.servers.map((s) => [s.name, Number(new URL(s.address).port)]));
        expect(ports).toEqual({ 'sim-0-0': base, 'sim-0-1': base + 1, 'sim-1-0': base + 2, 'sim-1-1': base + 3 });
        break;
      }
      if (Date.now() > deadline) throw new Error('four linked sim-servers expected');
      await new Promise((r) => setTimeout(r, 100));
    }
    const c = await connectClient(url);
    c.send({ type: 'PlayerMove', seq: 1, timestamp: 1, position: { x: 1500, y: 500, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
    c.send({ type: 'PlayerAction', seq: 2, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(42) });
    expect((await c.next('PlayerAction', (a) => a.data[0] === 42)).data[0]).toBe(42);
    demo.process.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    await c.closed;
  }, 60_000);
});
