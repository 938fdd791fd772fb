// Provisioning with the process provider, end to end with real processes: the node
// runs sim-servers from its command template, sees them register and link, stops a
// server that never registers, stops idle ones, restarts a crashed one, starts one
// where a player walks into an unowned cell, and leaves no sim-server behind when it
// drains or is killed with -9 (checked by PID).
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { ActionChannel } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { eventually } from './support/eventually';
import { bootNode } from './support/harness';
import { bundle, bundleSimServer, pidsRunning, spawnNode } from './support/processes';
import { connectClient } from './support/test-client';

const west = { name: 'west', bounds: { min: { x: 0, y: 0, z: -1000 }, max: { x: 1000, y: 1000, z: 1000 } } };

describe('provisioning with the process provider', () => {
  let sim: string;
  let node: AtlasNode | undefined;
  const command = (extra = '--register {node_url}'): string => `{node} ${sim} --port 0 --region {region} --name {name} ${extra} --exit-on-stdin-eof --sync-hz 0`;
  const boot = (provisioning: Record<string, unknown>, game_servers: Record<string, unknown> = {}): Promise<AtlasNode> =>
    bootNode({ provisioning: { provider: 'process', command: command(), ...provisioning }, game_servers: { startup_timeout: 20, shutdown_timeout: 3, max_idle_time: 0, ...game_servers } });

  beforeAll(async () => {
    sim = await bundleSimServer();
  }, 60_000);
  afterEach(async () => {
    await node?.drain();
    node = undefined;
    await eventually('no sim-server left', () => pidsRunning(sim).length === 0, 10_000);
  });

  it('starts a server for a region, which registers and links; drain stops it', async () => {
    node = await boot({});
    const started = await node.provisioner?.start(west);
    expect(started && E.isRight(started)).toBe(true);
    expect(node.snapshot().links).toEqual(expect.arrayContaining([expect.objectContaining({ state: 'up' })]));
    const body = (await (await fetch(`http://127.0.0.1:${node.port}/servers`)).json()) as { servers: { name: string; link: string }[] };
    expect(body.servers).toEqual([expect.objectContaining({ name: 'west', link: 'up' })]);
    expect(pidsRunning(sim)).toHaveLength(1);
    const metrics = await (await fetch(`http://127.0.0.1:${node.port}/metrics`)).text();
    expect(metrics).toMatch(/^atlas_provisioning_events_total\{event="ready"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^atlas_provisioning_start_seconds_count(\{[^}]*\})? 1$/m);
  }, 60_000);

  it('a server that never registers is stopped at startup_timeout, its process gone', async () => {
    node = await bootNode({ provisioning: { provider: 'process', command: command('') }, game_servers: { startup_timeout: 2, shutdown_timeout: 2 } });
    expect(await node.provisioner?.start(west)).toMatchObject(E.left({ kind: 'startup_timeout' }));
    await eventually('its process to be gone', () => pidsRunning(sim).length === 0, 5000);
  }, 60_000);

  it('stops a server idle past max_idle_time', async () => {
    node = await boot({}, { max_idle_time: 1 });
    expect(E.isRight((await node.provisioner?.start(west)) ?? E.left(0))).toBe(true);
    await eventually('the idle server to stop', () => node?.provisioner?.list().length === 0, 15_000);
    await eventually('its process to be gone', () => pidsRunning(sim).length === 0, 5000);
  }, 60_000);

  it('restarts a crashed server (kill -9) within max_restarts', async () => {
    node = await boot({ max_restarts: 1 });
    expect(E.isRight((await node.provisioner?.start(west)) ?? E.left(0))).toBe(true);
    const [first] = pidsRunning(sim);
    process.kill(first as number, 'SIGKILL');
    await eventually('a replacement to be ready', () => node?.provisioner?.list()[0]?.phase === 'ready' && node.provisioner.list()[0]?.restarts === 1, 30_000);
    const [second] = pidsRunning(sim);
    expect(second).not.toBe(first);
    expect(node.snapshot().links).toEqual(expect.arrayContaining([expect.objectContaining({ state: 'up' })]));
  }, 60_000);

  it('on_demand: a player walking into an unowned cell gets a server there and is attached', async () => {
    node = await boot({ on_demand: true, cell_size: 1000 });
    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
    c.send({ type: 'PlayerMove', seq: 1, timestamp: 1, position: { x: 1500, y: 500, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
    await eventually('the cell server to be ready', () => node?.provisioner?.list().find((s) => s.name === 'cell_1_0' && s.phase === 'ready'), 30_000);
    c.send({ type: 'PlayerAction', seq: 2, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(7) });
    expect((await c.next('PlayerAction', (a) => a.data[0] === 7)).data[0]).toBe(7);
    c.close();
  }, 60_000);
});

describe('a provisioning node killed with -9', () => {
  it('leaves no sim-server running (checked by PID)', async () => {
    const [main, sim] = await Promise.all([bundle(join(__dirname, '..', 'src', 'main.ts')), bundleSimServer()]);
    const child = spawnNode(main, [
      '--set', 'server.port=0', '--set', 'server.address=127.0.0.1', '--set', 'admin.enabled=false', '--set', 'logging.level=info', '--set', 'logging.format=json',
      '--set', 'provisioning.provider=process', '--set', `provisioning.command={node} ${sim} --port 0 --region {region} --name {name} --register {node_url}`,
      '--set', 'provisioning.on_demand=true', '--set', 'game_servers.heartbeat_interval=0.5',
    ], /node started/);
    const port = Number(/"port":(\d+)/.exec(await child.ready)?.[1]);
    const c = await connectClient(`ws://127.0.0.1:${port}/ws`);
    // Without --exit-on-stdin-eof: the lifeline alone must clean up.
    c.send({ type: 'PlayerMove', seq: 1, timestamp: 1, position: { x: 500, y: 500, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
    await eventually('a sim-server', () => pidsRunning(sim).length >= 1, 30_000);
    const pids = pidsRunning(sim);
    expect(pids.length).toBeGreaterThanOrEqual(1);
    child.process.kill('SIGKILL');
    await child.exited;
    await eventually('every sim-server to be gone', () => pids.every((p) => !pidsRunning(sim).includes(p)), 10_000);
    expect(pidsRunning(sim)).toEqual([]);
  }, 90_000);
});
