/**
 * Command line of horizon-peer. Defaults and environment variables are Horizon's own:
 * HORIZON_ATLAS_URL (default 127.0.0.1:9001, only a leading `http://` is trimmed, as
 * atlas_client.rs:58-60 does), HORIZON_ATLAS_ENABLED, HORIZON_REGION_X/Y/Z (Horizon-Network-
 * Common `spatial.rs` 162-176), and config.toml's `[server.region]` box.
 */
import { parseArgs as parseNodeArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { HORIZON_HEARTBEAT_INTERVAL_MS } from '../atlas/atlas-client';
import type { RegionBox, RegionCoord } from '../atlas/payloads';

/** The usage text (`--help`). */
export const HELP = `Usage: horizon-peer [options]

Behaves as a Horizon game server (Far-Beyond-Dev/Horizon) does towards Atlas: registers
once over raw HTTP/1.1 before listening, heartbeats at a fixed interval (the first at
once) and stops after the first failed heartbeat; serves players on a WebSocket on any
path of its bind address (text JSON only). Prints one JSON line per event on stdout.

Options:
  --atlas HOST:PORT      Atlas HTTP API (default: $HORIZON_ATLAS_URL or 127.0.0.1:9001).
                         Example: --atlas 127.0.0.1:8080
  --no-atlas             Do not register (HORIZON_ATLAS_ENABLED unset). Default: register.
  --bind HOST:PORT       Player endpoint (default 127.0.0.1:0: a free port, chosen before
                         registering, since Horizon registers its bind address).
                         Example: --bind 0.0.0.0:8081
  --interval SECONDS     Heartbeat interval (default 30, Horizon's fixed value).
                         Example: --interval 0.5
  --region=minX,maxX,minY,maxY,minZ,maxZ
                         [server.region] (default -1000,1000,-1000,1000,-100,100).
                         Example: --region=0,1000,-1000,1000,-100,100
  --coord X,Y,Z          Region coordinate (default: $HORIZON_REGION_X/Y/Z or 0,0,0).
                         Example: --coord 1,0,0
  --capacity N           max_connections (default 1000).
  --help                 Show this help.
`;

/** What the peer runs with. */
export interface PeerOptions {
  readonly atlas: string | null;
  readonly bind: string;
  readonly intervalMs: number;
  readonly region: RegionBox;
  readonly regionCoord: RegionCoord;
  readonly capacity: number;
}

function numbers(text: string, count: number, integer: boolean, name: string): E.Either<string, number[]> {
  const parts = text.split(',').map(Number);
  const ok = parts.length === count && parts.every((n) => (integer ? Number.isSafeInteger(n) : Number.isFinite(n)));
  return ok ? E.right(parts) : E.left(`${name} needs ${count} comma-separated ${integer ? 'integers' : 'numbers'}, got "${text}"`);
}

/** Parses argv (without node and script) with env fallbacks; Left names the bad option; null = --help. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): E.Either<string, PeerOptions | null> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseNodeArgs({
      args: [...argv],
      options: {
        atlas: { type: 'string' },
        'no-atlas': { type: 'boolean' },
        bind: { type: 'string' },
        interval: { type: 'string' },
        region: { type: 'string' },
        coord: { type: 'string' },
        capacity: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    return E.left((error as Error).message);
  }
  if (values['help'] === true) return E.right(null);
  const str = (k: string): string | undefined => values[k] as string | undefined;
  const interval = Number(str('interval') ?? HORIZON_HEARTBEAT_INTERVAL_MS / 1000);
  if (!Number.isFinite(interval) || interval <= 0) return E.left(`--interval must be a number of seconds > 0, got "${str('interval')}"`);
  const region = numbers(str('region') ?? '-1000,1000,-1000,1000,-100,100', 6, false, '--region');
  if (E.isLeft(region)) return region;
  const envCoord = ['X', 'Y', 'Z'].map((a) => Number.parseInt(env[`HORIZON_REGION_${a}`] ?? '0', 10) || 0).join(',');
  const coord = numbers(str('coord') ?? envCoord, 3, true, '--coord');
  if (E.isLeft(coord)) return coord;
  const capacity = Number(str('capacity') ?? 1000);
  if (!Number.isInteger(capacity) || capacity < 0) return E.left(`--capacity must be an integer >= 0, got "${str('capacity')}"`);
  const [minX, maxX, minY, maxY, minZ, maxZ] = region.right as [number, number, number, number, number, number];
  if (!(minX < maxX && minY < maxY && minZ < maxZ)) return E.left('--region: each min must be below its max (Horizon validates the same)');
  const [x, y, z] = coord.right as [number, number, number];
  return E.right({
    atlas: values['no-atlas'] === true ? null : (str('atlas') ?? (env['HORIZON_ATLAS_URL'] ?? '127.0.0.1:9001').replace(/^http:\/\//, '')),
    bind: str('bind') ?? '127.0.0.1:0',
    intervalMs: Math.round(interval * 1000),
    region: { min_x: minX, max_x: maxX, min_y: minY, max_y: maxY, min_z: minZ, max_z: maxZ },
    regionCoord: { x, y, z },
    capacity,
  });
}
