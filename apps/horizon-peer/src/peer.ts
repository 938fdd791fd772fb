/**
 * Starts a Horizon stand-in in Horizon's order: pick the bind address, register once
 * (the address Horizon sends is its bind address, wildcard host included), start
 * heartbeats, and only then listen for players. A failed registration leaves the server
 * running without Atlas, as Horizon does (`register_with_atlas` returns None).
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { registerOnce, startHeartbeats, type HeartbeatLoop, type Report } from './atlas/atlas-client';
import { splitHostPort } from './atlas/raw-http';
import type { PeerOptions } from './cli/args';
import { servePlayers, type PlayerStats } from './players/player-endpoint';

/** A running peer. */
export interface HorizonPeer {
  readonly bindAddress: string;
  readonly serverId: string | null;
  stats(): PlayerStats;
  heartbeating(): boolean;
  close(): Promise<void>;
}

/** A free port on `host` (port 0 cannot be registered: Horizon sends its bind address before listening). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function listen(http: Server, host: string, port: number): Promise<E.Either<string, void>> {
  return new Promise((resolve) => {
    http.once('error', (error) => resolve(E.left(`listen ${host}:${port}: ${error.message}`)));
    http.listen(port, host, () => resolve(E.right(undefined)));
  });
}

/** Runs the peer until `close()`. */
export async function startHorizonPeer(options: PeerOptions, report: Report): Promise<E.Either<string, HorizonPeer>> {
  const bind = splitHostPort(options.bind.replace(/:0$/, ':1'));
  if (E.isLeft(bind)) return E.left(`--bind: ${bind.left}`);
  const host = bind.right.host;
  const port = options.bind.endsWith(':0') ? await freePort(host) : bind.right.port;
  const bindAddress = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  let serverId: string | null = null;
  let loop: HeartbeatLoop | null = null;
  if (options.atlas !== null) {
    const registered = await registerOnce(options.atlas, { bindAddress, region: options.region, regionCoord: options.regionCoord, capacity: options.capacity, version: '0.1.0' }, report);
    if (E.isRight(registered)) {
      serverId = registered.right;
      loop = startHeartbeats(options.atlas, serverId, options.capacity, options.intervalMs, report);
    }
  }
  const http = createHttpServer((_req, res) => {
    // tokio-tungstenite's accept_async refuses a plain request; the closest HTTP answer.
    res.writeHead(400).end();
  });
  const players = servePlayers(http, report);
  const listening = await listen(http, host, port);
  if (E.isLeft(listening)) {
    loop?.stop();
    return listening;
  }
  report('listening', { bindAddress, serverId });
  return E.right({
    bindAddress,
    serverId,
    stats: () => players.stats(),
    heartbeating: () => loop?.connected() ?? false,
    close: async () => {
      loop?.stop();
      players.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  });
}
