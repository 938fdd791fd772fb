// Command-line options of sim-server, parsed into SimServerOptions (errors as values).
import { parseCommandLine, type CommandLineSpec } from '@atlas/config';
import * as E from 'fp-ts/lib/Either.js';
import type { SimServerOptions } from '../sim/start';
import { gridCell, regionOf, type Region } from '../sim/region';

/** The usage text (`--help`). */
export const HELP = `Usage: sim-server [options]

A simulated game server for Atlas (the demo, tests and benchmarks). It listens for
atlas-node links on ws://HOST:PORT/atlas, tracks player positions from their moves,
echoes every action back to its sender, sends each player the players near it, and
hands a player's position and message counter over in transfers.

Options:
  --port N                 Link port nodes dial (default 0: any free port, printed).
                           Example: --port 7101
  --host ADDR              Interface to bind (default 127.0.0.1; 0.0.0.0 for all).
                           Example: --host 0.0.0.0
  --region minX,minY,minZ,maxX,maxY,maxZ
                           The region this server owns (default 0,0,-1000,1000,1000,1000).
                           Example: --region 0,0,-1000,500,500,1000
  --grid CxR --cell I,J --world SIZE
                           Or: cell (I,J) of a CxR grid over a SIZE x SIZE world
                           (z from -1000 to 1000). Example: --grid 2x2 --cell 1,0 --world 1000
  --name NAME              Name to register under (default sim-I-J).
                           Example: --name east-1
  --capacity N             Players before it reports full (default 1000).
                           Example: --capacity 500
  --register URL[,URL...]  Register with this atlas-node HTTP API and heartbeat; with
                           several nodes, heartbeats move to the next when one goes away.
                           Example: --register http://127.0.0.1:8080,http://127.0.0.1:8081
  --dial-nodes             Dial the nodes instead of listening for them (a server nodes
                           cannot reach, e.g. behind NAT): needs --register; links go to
                           every node the registration answer lists. --port is unused.
                           Example: --register http://10.0.0.2:8080 --dial-nodes
  --registration-secret S  Bearer secret for --register (security.registration_secret;
                           default: env ATLAS_REGISTRATION_SECRET, as provisioning passes it).
                           Example: --registration-secret "$ATLAS_REGISTRATION_SECRET"
  --psk S                  Pre-shared key nodes must prove (security.psk); off when absent.
                           Example: --psk "$ATLAS_PSK"
  --psk-salt S             PBKDF2 salt of --psk (security.psk_salt, at least 16 bytes).
                           Example: --psk-salt my-deployment-salt-1
  --pbkdf2-iterations N    PBKDF2 iterations of --psk (default 600000).
                           Example: --pbkdf2-iterations 600000
  --direct                 Also serve game clients directly on /ws (benchmark baseline).
                           Example: --direct --direct-port 7201
  --direct-port N          Port of --direct (default 0: any free port, printed).
  --no-encryption          Direct mode: plaintext sessions (trusted networks, debugging).
  --token-secret S         Direct mode: verify player tokens (default: any token, used as id).
                           Example: --token-secret "$ATLAS_TOKEN_SECRET"
  --tick-hz N              Simulation ticks per second (default 20). Example: --tick-hz 30
  --sync-hz N              StateSyncs per second per player, 0 = off (default 2).
                           Example: --sync-hz 10
  --sync-radius R          Players within R are listed in a StateSync (default 50).
                           Example: --sync-radius 100
  --exit-on-stdin-eof      Exit when standard input closes: a supervisor (atlas-node's
                           process provider) holds the other end, so the server never
                           outlives it, even after kill -9.
  --json                   Print machine-readable JSON lines instead of text.
  --help, -h               Show this help.

Examples:
  npm run sim -- --port 7101 --register http://127.0.0.1:8080 --grid 2x2 --cell 0,0 --world 1000
  npm run sim -- --direct --direct-port 7201 --no-encryption
`;

/** Parsed command line. */
export interface CliOptions {
  readonly help: boolean;
  readonly json: boolean;
  /** Exit when stdin reaches EOF (the supervising node is gone). */
  readonly exitOnStdinEof: boolean;
  readonly sim: SimServerOptions;
}

/** Every option of sim-server (long names without `--`). */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  direct: { type: 'boolean' },
  'no-encryption': { type: 'boolean' },
  'exit-on-stdin-eof': { type: 'boolean' },
  'dial-nodes': { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  region: { type: 'string' },
  grid: { type: 'string' },
  cell: { type: 'string' },
  world: { type: 'string' },
  name: { type: 'string' },
  capacity: { type: 'string' },
  register: { type: 'string' },
  'registration-secret': { type: 'string' },
  psk: { type: 'string' },
  'psk-salt': { type: 'string' },
  'pbkdf2-iterations': { type: 'string' },
  'direct-port': { type: 'string' },
  'token-secret': { type: 'string' },
  'tick-hz': { type: 'string' },
  'sync-hz': { type: 'string' },
  'sync-radius': { type: 'string' },
} as const satisfies CommandLineSpec;

/** Parses argv (without node and script); Left carries a message naming the bad option. */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): E.Either<string, CliOptions> {
  const parsed = parseCommandLine(argv, OPTIONS);
  if (E.isLeft(parsed)) return parsed;
  const given = parsed.right;
  // Keyed `--name` as the messages below spell them.
  const values = new Map<string, string>(Object.entries(given).flatMap(([k, v]) => (typeof v === 'string' ? [[`--${k}`, v] as [string, string]] : [])));
  const flags = new Set(Object.entries(given).flatMap(([k, v]) => (v === true ? [`--${k}`] : [])));
  const int = (name: string, min: number, max: number): E.Either<string, number | undefined> => {
    const v = values.get(name);
    if (v === undefined) return E.right(undefined);
    const n = Number(v);
    return Number.isInteger(n) && n >= min && n <= max ? E.right(n) : E.left(`${name} must be an integer ${min}..${max}, got "${v}"`);
  };
  const num = (name: string): E.Either<string, number | undefined> => {
    const v = values.get(name);
    if (v === undefined) return E.right(undefined);
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 ? E.right(n) : E.left(`${name} must be a number >= 0, got "${v}"`);
  };
  const region = parseRegion(values);
  if (E.isLeft(region)) return region;
  const checks = {
    port: int('--port', 0, 65535),
    directPort: int('--direct-port', 0, 65535),
    capacity: int('--capacity', 1, 10_000_000),
    iterations: int('--pbkdf2-iterations', 100_000, 10_000_000),
    tickHz: num('--tick-hz'),
    syncHz: num('--sync-hz'),
    syncRadius: num('--sync-radius'),
  };
  for (const c of Object.values(checks)) if (E.isLeft(c)) return c;
  const get = <K extends keyof typeof checks>(k: K): number | undefined => (checks[k] as E.Right<number | undefined>).right;
  if (get('tickHz') === 0) return E.left('--tick-hz must be above 0');
  const register = registerUrls(values.get('--register'));
  if (register?.length === 0) return E.left('--register needs at least one node URL');
  if (flags.has('--dial-nodes') && register === undefined) return E.left('--dial-nodes needs --register (the registration answer lists the nodes to dial)');
  const psk = values.get('--psk');
  const salt = values.get('--psk-salt');
  if (psk !== undefined && salt === undefined) return E.left('--psk needs --psk-salt (the same security.psk_salt as the node)');
  return E.right({
    help: flags.has('--help'),
    json: flags.has('--json'),
    exitOnStdinEof: flags.has('--exit-on-stdin-eof'),
    sim: {
      host: values.get('--host'),
      port: get('port'),
      region: region.right,
      name: values.get('--name'),
      capacity: get('capacity'),
      psk: psk === undefined ? undefined : { secret: psk, salt: salt as string, iterations: get('iterations') ?? 600_000 },
      register,
      dialNodes: flags.has('--dial-nodes'),
      registrationSecret: values.get('--registration-secret') ?? (env['ATLAS_REGISTRATION_SECRET'] || undefined),
      direct: flags.has('--direct') || values.has('--direct-port'),
      directPort: get('directPort'),
      directEncryption: !flags.has('--no-encryption'),
      tokenSecret: values.get('--token-secret'),
      tickHz: get('tickHz'),
      syncHz: get('syncHz'),
      syncRadius: get('syncRadius'),
    },
  });
}

/** `--register a,b` as a list of node URLs (blank entries dropped). */
function registerUrls(value: string | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
}

function parseRegion(values: ReadonlyMap<string, string>): E.Either<string, Region | undefined> {
  const explicit = values.get('--region');
  const grid = values.get('--grid');
  if (explicit !== undefined && grid !== undefined) return E.left('give either --region or --grid/--cell/--world, not both');
  if (explicit !== undefined) {
    const n = explicit.split(',').map(Number);
    if (n.length !== 6 || n.some((v) => !Number.isFinite(v))) return E.left(`--region needs six numbers minX,minY,minZ,maxX,maxY,maxZ, got "${explicit}"`);
    const [a, b, c, d, e, f] = n as [number, number, number, number, number, number];
    if (!(a < d && b < e && c < f)) return E.left(`--region: each min must be below its max, got "${explicit}"`);
    return E.right(regionOf({ min: { x: a, y: b, z: c }, max: { x: d, y: e, z: f } }));
  }
  if (grid === undefined) {
    if (values.has('--cell') || values.has('--world')) return E.left('--cell and --world need --grid');
    return E.right(undefined);
  }
  const g = /^(\d+)x(\d+)$/.exec(grid);
  const cell = /^(\d+),(\d+)$/.exec(values.get('--cell') ?? '');
  const size = Number(values.get('--world') ?? '1000');
  if (g === null) return E.left(`--grid must look like 2x2, got "${grid}"`);
  if (cell === null) return E.left('--grid needs --cell I,J (e.g. --cell 0,1)');
  if (!(size > 0)) return E.left(`--world must be a positive size, got "${values.get('--world')}"`);
  const [cols, rows, i, j] = [Number(g[1]), Number(g[2]), Number(cell[1]), Number(cell[2])];
  if (cols < 1 || rows < 1 || i >= cols || j >= rows) return E.left(`--cell ${i},${j} is outside the ${cols}x${rows} grid`);
  return E.right(gridCell(cols, rows, i, j, size));
}
