// atlas-node as a child process with the harness's own TOML config (loopback, no admin
// listener, logs at warn, limits raised so a benchmark client may send as fast as its
// echoes return), and readiness: /health answers and every expected game server's
// link is up.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpGet, spawnChild, waitUntil, type Child } from './processes';
import { shippedNodeFlags, workspaceRoot } from './workspace';

/** A running atlas-node. */
export interface AtlasProcess {
  readonly child: Child;
  readonly port: number;
  readonly url: string;
  readonly http: string;
  /** Waits until `servers` game servers are registered and linked. */
  linked(servers: number, timeoutMs?: number): Promise<void>;
  /** Players this node holds (from /servers). */
  players(): Promise<number>;
  stop(): Promise<void>;
}

/** The benchmark's node config. Encryption off in the node means clients choose (plaintext or sealed). */
export function atlasConfig(port: number, linkPort = 0): string {
  return `# Written by tools/bench/proxy.bench.ts
[server]
address = "127.0.0.1"
port = ${port}
link_address = "127.0.0.1"
link_port = ${linkPort}
max_connections = 20000
drain_timeout = 1

[cluster]
node_id = "bench-node"

[security]
# Off = plaintext offered first, but a client that insists on encryption still gets it,
# so one node serves the encrypted and the plaintext runs.
require_encryption = false

[admin]
enabled = false

[logging]
level = "warn"

[limits]
max_messages_per_second = 100000
idle_timeout = 600
handshake_timeout = 60
max_backpressure_bytes = 16777216
`;
}

interface ServersDoc {
  readonly servers: ReadonlyArray<{ readonly link: string | null }>;
  readonly players: number;
}

/**
 * Starts atlas-node (`script` is apps/atlas-node/dist/main.js) with its shipped V8 flags
 * and then `nodeFlags` (e.g. --cpu-prof; V8 takes the last of a repeated flag, so
 * `--max-semi-space-size=16` restores Node's default), and a link listener on `linkPort`
 * when not 0.
 */
export async function startAtlas(script: string, dir: string, port: number, nodeFlags: readonly string[] = [], linkPort = 0): Promise<AtlasProcess> {
  const conf = join(dir, 'atlas.toml');
  writeFileSync(conf, atlasConfig(port, linkPort));
  const child = spawnChild('atlas-node', process.execPath, [...shippedNodeFlags(workspaceRoot()), ...nodeFlags, script, '--config', conf], { cwd: dir });
  const http = `http://127.0.0.1:${port}`;
  await waitUntil('atlas-node /health', 20_000, async () => {
    if (child.process.exitCode !== null) throw new Error(`atlas-node exited (${child.process.exitCode}):\n  ${child.tail.join('\n  ')}`);
    return (await httpGet(`${http}/health`))?.status === 200;
  });
  const servers = async (): Promise<ServersDoc | undefined> => {
    const r = await httpGet(`${http}/servers`);
    return r?.status === 200 ? (JSON.parse(r.body) as ServersDoc) : undefined;
  };
  return {
    child,
    port,
    url: `ws://127.0.0.1:${port}/ws`,
    http,
    linked: (n, timeoutMs = 20_000) =>
      waitUntil(`${n} linked game servers on atlas-node`, timeoutMs, async () => {
        const doc = await servers();
        return doc !== undefined && doc.servers.length >= n && doc.servers.filter((s) => s.link === 'up').length >= n;
      }),
    players: async () => (await servers())?.players ?? -1,
    // SIGINT twice would exit at once; one SIGTERM drains (drain_timeout = 1 s).
    stop: () => child.stop('SIGTERM', 8000),
  };
}
