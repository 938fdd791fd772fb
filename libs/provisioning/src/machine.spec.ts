// The provisioning rules on plain values: no processes, no timers.
import * as E from 'fp-ts/lib/Either.js';
import { ProvisionMachine, type Effect, type MachineLimits } from './machine';
import { cellFor } from './region';

const LIMITS: MachineLimits = { startupTimeoutMs: 1000, shutdownTimeoutMs: 500, maxIdleMs: 2000, maxRestarts: 2, restartWindowMs: 10_000, maxServers: 2 };
const west = { name: 'west', bounds: { min: { x: 0, y: 0, z: 0 }, max: { x: 10, y: 10, z: 10 } } };
const types = (effects: Effect[]): string[] => effects.map((e) => (e.type === 'event' ? `event:${e.event.kind}` : e.type));

describe('ProvisionMachine', () => {
  it('launches once per region, answers every waiter when the server is registered and linked', () => {
    const m = new ProvisionMachine(LIMITS);
    expect(types(m.start(west, 1, 0))).toEqual(['launch']);
    expect(m.start(west, 2, 10)).toEqual([]);
    expect(m.observe([{ id: 's1', name: 'west', linked: false, players: 0 }], 100)).toEqual([]);
    const ready = m.observe([{ id: 's1', name: 'west', linked: true, players: 0 }], 300);
    expect(types(ready)).toEqual(['event:ready', 'started', 'started']);
    expect(ready[1]).toMatchObject({ ticket: 1, result: { right: { ms: 300, server: { serverId: 's1', phase: 'ready' } } } });
    expect(m.start(west, 3, 400)).toEqual([expect.objectContaining({ type: 'started', ticket: 3, result: expect.objectContaining({ _tag: 'Right' }) })]);
  });

  it('kills a server that misses startup_timeout and fails its start', () => {
    const m = new ProvisionMachine(LIMITS);
    m.start(west, 1, 0);
    expect(m.tick(999)).toEqual([]);
    expect(types(m.tick(1000))).toEqual(['event:stopping', 'kill']);
    expect(m.exited(1, 'signal SIGKILL', 1010)).toContainEqual(expect.objectContaining({ type: 'started', result: E.left(expect.objectContaining({ kind: 'startup_timeout' })) }));
    expect(m.empty).toBe(true);
  });

  it('restarts a crashed server within max_restarts per restart_window, forgetting the dead registration', () => {
    const m = new ProvisionMachine(LIMITS);
    m.start(west, 1, 0);
    m.observe([{ id: 's1', name: 'west', linked: true, players: 1 }], 10);
    expect(types(m.exited(1, 'exit code 1', 100))).toEqual(['forget', 'event:crashed', 'launch']);
    m.observe([{ id: 's2', name: 'west', linked: true, players: 1 }], 200);
    expect(types(m.exited(2, 'exit code 1', 300))).toEqual(['forget', 'event:crashed', 'launch']);
    m.observe([{ id: 's3', name: 'west', linked: true, players: 1 }], 400);
    expect(types(m.exited(3, 'exit code 1', 500))).toEqual(['forget', 'event:crashed', 'event:failed']);
    expect(m.empty).toBe(true);
    // Restarts older than the window no longer count.
    const n = new ProvisionMachine(LIMITS);
    n.start(west, 1, 0);
    n.observe([{ id: 's1', name: 'west', linked: true, players: 1 }], 10);
    n.exited(1, 'x', 100);
    n.observe([{ id: 's2', name: 'west', linked: true, players: 1 }], 200);
    n.exited(2, 'x', 300);
    n.observe([{ id: 's3', name: 'west', linked: true, players: 1 }], 400);
    expect(types(n.exited(3, 'x', 20_000))).toContain('launch');
  });

  it('ignores exits of an earlier launch', () => {
    const m = new ProvisionMachine(LIMITS);
    m.start(west, 1, 0);
    m.observe([{ id: 's1', name: 'west', linked: true, players: 0 }], 10);
    m.exited(1, 'crash', 20);
    expect(m.exited(1, 'crash again', 30)).toEqual([]);
  });

  it('stops a server empty for max_idle_time, gracefully, then kills it after shutdown_timeout', () => {
    const m = new ProvisionMachine(LIMITS);
    m.start(west, 1, 0);
    m.observe([{ id: 's1', name: 'west', linked: true, players: 2 }], 10);
    m.observe([{ id: 's1', name: 'west', linked: true, players: 0 }], 1000);
    expect(m.tick(2999)).toEqual([]);
    expect(types(m.tick(3000))).toEqual(['event:stopping', 'terminate']);
    expect(types(m.tick(3500))).toEqual(['kill']);
    expect(m.exited(1, 'signal SIGKILL', 3510)).toContainEqual({ type: 'event', event: { kind: 'stopped', name: 'west', cause: 'idle', forced: true } });
  });

  it('refuses past max_servers and after close', () => {
    const m = new ProvisionMachine(LIMITS);
    m.start(west, 1, 0);
    m.start({ ...west, name: 'east' }, 2, 0);
    expect(m.start({ ...west, name: 'north' }, 3, 0)).toEqual([expect.objectContaining({ result: E.left(expect.objectContaining({ kind: 'limit' })) })]);
    expect(types(m.close(5))).toEqual(['event:stopping', 'terminate', 'event:stopping', 'terminate']);
    expect(m.start({ ...west, name: 'late' }, 4, 6)).toEqual([expect.objectContaining({ result: E.left(expect.objectContaining({ kind: 'closed' })) })]);
  });

  it('names on-demand cells by their grid index, negative ones included', () => {
    expect(cellFor({ x: 1500, y: -1, z: 0 }, 1000)).toEqual({ name: 'cell_1_m1', bounds: { min: { x: 1000, y: -1000, z: -1_000_000 }, max: { x: 2000, y: 0, z: 1_000_000 } } });
  });
});
