// What the provider contract tests run against: a stand-in for the node's registry
// (an HTTP endpoint game servers register with, feeding `observe`), and, per provider,
// a way to run, crash and inspect the servers it starts.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgonesProvider } from '../agones/agones-provider';
import { parseCommand } from '../command';
import type { MachineLimits, ObservedServer } from '../machine';
import { createProcessProvider } from '../process/process-provider';
import type { ProviderFactory } from '../provider';
import { createProvisioner, type Provisioner } from '../provisioner';
import { fixtureKubeOptions, startKubeFixtureServer, type KubeFixtureServer } from './kube-fixture-server';

/** How the started game servers behave. */
export type Behaviour = 'register' | 'silent';

/** The registry stand-in. */
export interface FakeRegistry {
  readonly url: string;
  /** name -> what registered (and its backing: a pid or a GameServer name). */
  readonly servers: Map<string, ObservedServer & { backing: string }>;
  readonly forgotten: string[];
  setPlayers(name: string, players: number): void;
  attach(p: Provisioner): void;
  close(): Promise<void>;
}

/** Starts the registry stand-in on a free port. */
export async function startFakeRegistry(): Promise<FakeRegistry> {
  const servers = new Map<string, ObservedServer & { backing: string }>();
  let provisioner: Provisioner | undefined;
  let n = 0;
  const push = (): void => provisioner?.observe([...servers.values()]);
  const http = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as { name: string; backing: string };
      servers.set(body.name, { id: `srv-${++n}`, name: body.name, linked: true, players: 0, backing: String(body.backing) });
      res.end('{}');
      push();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    servers,
    forgotten: [],
    setPlayers(name, players) {
      const s = servers.get(name);
      if (s !== undefined) servers.set(name, { ...s, players });
      push();
    },
    attach(p) {
      provisioner = p;
    },
    close: () => new Promise<void>((r) => http.close(() => r())),
  };
}

/** One provider under the contract. */
export interface ProviderHarness {
  readonly name: string;
  factory(behaviour: Behaviour, registry: FakeRegistry): ProviderFactory;
  /** Makes the server behind `backing` fail the way this provider sees failures. */
  crash(backing: string): void;
  /** Whether what backs a server (a process, a GameServer) still exists. */
  alive(backing: string): boolean;
  /** Backings started so far. */
  launched(): string[];
  close(): Promise<void>;
}

// A game server that registers (or not) and never reads stdin: the lifeline, not its
// cooperation, is what must clean it up.
const FAKE_SERVER = `
const [name, url, behaviour] = process.argv.slice(2);
process.on('SIGTERM', () => process.exit(0));
if (behaviour === 'register') fetch(url + '/register', { method: 'POST', body: JSON.stringify({ name, backing: process.pid }) }).catch(() => process.exit(3));
setInterval(() => undefined, 1000);
`;

/** The process provider with a small fake game server script. */
export function processHarness(): ProviderHarness {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-provision-'));
  const script = join(dir, 'fake-server.js');
  writeFileSync(script, FAKE_SERVER);
  const pids: string[] = [];
  return {
    name: 'process',
    factory: (behaviour, registry) => {
      const command = parseCommand(`{node} ${script} {name} {node_url} ${behaviour}`);
      if (command._tag === 'Left') throw new Error(command.left);
      const make = createProcessProvider({ command: command.right, context: { node: process.execPath, nodeUrl: registry.url }, lifelineGraceMs: 500 });
      return (events) => {
        const provider = make(events);
        return {
          ...provider,
          launch: async (spec) => {
            const r = await provider.launch(spec);
            pids.push(...provider.pids().map(String).filter((p) => !pids.includes(p)));
            return r;
          },
        };
      };
    },
    crash: (pid) => process.kill(Number(pid), 'SIGKILL'),
    alive: (pid) => {
      try {
        process.kill(Number(pid), 0);
        return true;
      } catch {
        return false;
      }
    },
    launched: () => [...pids],
    close: async () => undefined,
  };
}

/** The Agones provider against the fixture API server. */
export async function agonesHarness(): Promise<ProviderHarness & { readonly fixture: KubeFixtureServer }> {
  const fixture = await startKubeFixtureServer();
  const allocated: string[] = [];
  return {
    name: 'agones',
    fixture,
    factory: (behaviour, registry) => {
      fixture.addReady('atlas-game-server', 6);
      fixture.onAllocated = (gs) => {
        allocated.push(gs.metadata.name);
        // What a game server in the pod does: read its region from its own labels
        // (Agones SDK WatchGameServer) and register with the node in the annotation.
        if (behaviour === 'register') {
          void fetch(`${gs.metadata.annotations['atlas.dev/node-url']}/register`, {
            method: 'POST',
            body: JSON.stringify({ name: gs.metadata.labels['atlas.dev/region'], backing: gs.metadata.name }),
          });
        }
      };
      return createAgonesProvider({
        namespace: 'default',
        fleet: 'atlas-game-server',
        nodeId: 'node-a',
        nodeUrl: registry.url,
        kube: { kind: 'options', options: fixtureKubeOptions(fixture.url) },
        rewatchMs: 100,
      });
    },
    crash: (name) => fixture.setState(name, 'Unhealthy'),
    alive: (name) => fixture.gameServers.get(name)?.status.state === 'Allocated',
    launched: () => [...allocated],
    close: () => fixture.close(),
  };
}

/** Limits for the contract tests (short, so the suite stays within seconds). */
export const CONTRACT_LIMITS: MachineLimits = {
  startupTimeoutMs: 3000,
  shutdownTimeoutMs: 1000,
  maxIdleMs: 0,
  maxRestarts: 1,
  restartWindowMs: 60_000,
  maxServers: 4,
};

/** A provisioner on `harness` reporting to `registry`. */
export function provisionerOn(harness: ProviderHarness, registry: FakeRegistry, behaviour: Behaviour, limits: Partial<MachineLimits> = {}): Provisioner {
  const p = createProvisioner({
    provider: harness.factory(behaviour, registry),
    limits: { ...CONTRACT_LIMITS, ...limits },
    onDemand: { enabled: true, cellSize: 1000 },
    forget: (id) => {
      registry.forgotten.push(id);
      for (const [name, s] of registry.servers) if (s.id === id) registry.servers.delete(name);
    },
    tickMs: 50,
  });
  registry.attach(p);
  return p;
}
