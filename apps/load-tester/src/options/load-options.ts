// What a load run is told (LoadInput: loose, for the CLI and for harnesses that call
// runLoad) and what it runs with (LoadOptions: validated, defaults applied, scenario
// resolved). Everything here is plain data so it can be posted to worker threads.
import { isIP } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { rampRate, type Ramp, parseRamp, formatRamp } from '../cli/units';
import { builtinScenario, isBuiltinScenario, resolveScenarioSpec, type BuiltinScenario, type ScenarioDefaults } from '../scenario/resolve';
import {
  CLOSED_LOOP,
  DEFAULT_PARAMS,
  DEFAULT_WORLD,
  MAX_CLIENTS,
  peakClients,
  scenarioDurationMs,
  type ActionRate,
  type BehaviourParams,
  type Scenario,
  type World,
} from '../scenario/scenario';
import type { ScenarioSpec } from '../scenario/scenario-spec';
import { CROSS_BORDER_DEFAULTS, type CrossBorderSettings } from '../metrics/cross-border';

/** How clients talk to the target. */
export const Modes = {
  /** The Atlas client protocol through atlas-node (@atlas/client). */
  Atlas: 'atlas',
  /** The same client protocol straight to a sim-server's direct endpoint (the baseline). */
  Direct: 'direct',
  /** Plain WebSocket echo: timestamped binary frames, any echo endpoint. */
  Raw: 'raw',
} as const;
/** One of the `Modes`. */
export type Mode = (typeof Modes)[keyof typeof Modes];
const MODES: readonly string[] = Object.values(Modes);

/** Smallest payload: a u32 action id and an f64 send time. */
export const MIN_PAYLOAD = 12;
/** Largest payload (the node's frame limit is usually lower: 64 KiB by default). */
export const MAX_PAYLOAD = 1 << 20;
/** Most worker threads. */
export const MAX_WORKERS = 64;

/** A load run as a caller describes it; everything but `url` has a default. */
export interface LoadInput {
  /** One or several endpoints (`ws://host:port/ws`); client i uses url[i % n]. */
  readonly url: string | readonly string[];
  /**
   * Local addresses to connect from; client i binds localAddresses[i % n] (default: the
   * system's choice). Several loopback addresses (127.0.0.2, 127.0.0.3, ...) give each its
   * own ephemeral ports, for tens of thousands of connections to one node.
   */
  readonly localAddresses?: readonly string[];
  readonly mode?: Mode;
  /** Clients (default 100; a scenario file's phases may say otherwise). */
  readonly clients?: number;
  /** Connection ramp (default 1000/s): a duration, connections per second, or text like "10s" / "500/s". */
  readonly ramp?: Ramp | string;
  /** Run length, ramp included, milliseconds (default 30 s); a scenario file's phases set their own. */
  readonly durationMs?: number;
  /** A built-in scenario name (default random-walk) or a decoded scenario file. */
  readonly scenario?: BuiltinScenario | ScenarioSpec;
  /** Moves per second per client (default 10). */
  readonly moveRate?: number;
  /** Actions per second per client (default 5), or `closed` (next action when the echo returns). */
  readonly actionRate?: ActionRate;
  /** Closed loop: actions in flight per client (default 1). */
  readonly window?: number;
  /** Heartbeat RTT samples per second per client, on top of the node's heartbeat interval (default 1; 0 = heartbeats only). */
  readonly rttRate?: number;
  /** Action (raw: frame) payload bytes, at least 12 (default 64). */
  readonly payloadBytes?: number;
  /** Encrypted sessions (default true). */
  readonly encryption?: boolean;
  /** Offer compression codecs (default true). */
  readonly compression?: boolean;
  /** HMAC secret to mint signed player tokens (the node's security.token_secret). */
  readonly tokenSecret?: string;
  /** Pre-shared key of a closed deployment (the node's security.psk, psk_salt, pbkdf2_iterations). */
  readonly psk?: PskInput;
  /** Worker threads (default 1: the calling thread). */
  readonly workers?: number;
  /** The world and its region grid (default 0,0 .. 2000,2000 in 2x2, the demo's). */
  readonly world?: Partial<World>;
  /** Behaviour tunables. */
  readonly params?: Partial<BehaviourParams>;
  /** After the run: how long to wait for echoes in flight (default 3 s). */
  readonly settleMs?: number;
  /** Handshake timeout per connection (default 10 s). */
  readonly handshakeTimeoutMs?: number;
  /** Reconnect (and resume) after an unexpected close (default true). */
  readonly reconnect?: boolean;
  /** Seed of the behaviours' random numbers (default: random). */
  readonly seed?: number;
  /** Script that worker threads run (the built `apps/load-tester/dist/main.js`). */
  readonly workerScript?: string;
  /**
   * The cross-border check (atlas and direct modes): true for the defaults, or some of its
   * settings (observers 16, ghostDistance 100, syncRadius 50, windowMs 300). Off by default.
   */
  readonly crossBorder?: boolean | Partial<CrossBorderSettings>;
}

/** A pre-shared key as the node's config gives it (salt and iterations default to the node's defaults). */
export interface PskInput {
  readonly secret: string;
  readonly salt?: string;
  readonly iterations?: number;
}

/** The node's PBKDF2 default (security.pbkdf2_iterations); security.psk_salt has none, so neither has the tester. */
export const PSK_DEFAULTS = { iterations: 600_000 } as const;

/** A validated load run. */
export interface LoadOptions {
  readonly urls: readonly string[];
  /** Empty: the system picks the source address. */
  readonly localAddresses: readonly string[];
  readonly mode: Mode;
  readonly ramp: Ramp;
  readonly scenario: Scenario;
  readonly window: number;
  /** Heartbeat RTT samples per second per client (Atlas and direct modes), spread over the clients. */
  readonly rttRate: number;
  readonly payloadBytes: number;
  readonly encryption: boolean;
  readonly compression: boolean;
  readonly tokenSecret: string | undefined;
  readonly psk: Required<PskInput> | undefined;
  readonly workers: number;
  readonly settleMs: number;
  readonly handshakeTimeoutMs: number;
  readonly reconnect: boolean;
  readonly seed: number;
  readonly workerScript: string | undefined;
  /** The cross-border check's settings; undefined when it is off. */
  readonly crossBorder: CrossBorderSettings | undefined;
}

/** Defaults of the optional inputs. */
export const DEFAULTS = {
  clients: 100,
  ramp: { kind: 'rate', perSecond: 1000 } as Ramp,
  durationMs: 30_000,
  moveRate: 10,
  actionRate: 5 as ActionRate,
  window: 1,
  rttRate: 1,
  payloadBytes: 64,
  settleMs: 3000,
  handshakeTimeoutMs: 10_000,
} as const;

function checkNumber(name: string, v: number | undefined, min: number, max: number, integer = false): E.Either<string, void> {
  if (v === undefined) return E.right(undefined);
  const ok = Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v));
  return ok ? E.right(undefined) : E.left(`${name} must be ${integer ? 'an integer' : 'a number'} ${min}..${max}, got ${v}`);
}

/** Checks one endpoint; atlas and direct URLs without a path get `/ws`. */
export function normaliseUrl(text: string, mode: Mode): E.Either<string, string> {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return E.left(`url "${text}" is not a URL (example: ws://127.0.0.1:8080/ws)`);
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') return E.left(`url "${text}" must start with ws:// or wss://`);
  if (mode !== Modes.Raw && (u.pathname === '/' || u.pathname === '')) u.pathname = '/ws';
  return E.right(u.toString());
}

/** Validates `input` and applies defaults; Left names the offending option. */
export function resolveLoadOptions(input: LoadInput): E.Either<string, LoadOptions> {
  const mode = input.mode ?? Modes.Atlas;
  if (!MODES.includes(mode)) return E.left(`mode must be one of ${MODES.join(', ')}, got "${String(mode)}"`);
  const rawUrls = typeof input.url === 'string' ? input.url.split(',') : [...input.url];
  const urls: string[] = [];
  for (const text of rawUrls.map((s) => s.trim()).filter((s) => s !== '')) {
    const u = normaliseUrl(text, mode);
    if (E.isLeft(u)) return u;
    urls.push(u.right);
  }
  if (urls.length === 0) return E.left('url is required (example: --url ws://127.0.0.1:8080/ws)');
  const checks = [
    checkNumber('clients', input.clients, 1, MAX_CLIENTS, true),
    checkNumber('duration', input.durationMs, 1, 7 * 24 * 3_600_000),
    checkNumber('move-rate', input.moveRate, 0, 10_000),
    checkNumber('window', input.window, 1, 1024, true),
    checkNumber('rtt-rate', input.rttRate, 0, 1000),
    checkNumber('payload', input.payloadBytes, MIN_PAYLOAD, MAX_PAYLOAD, true),
    checkNumber('workers', input.workers, 1, MAX_WORKERS, true),
    checkNumber('settle', input.settleMs, 0, 600_000),
    checkNumber('handshake-timeout', input.handshakeTimeoutMs, 1, 600_000),
    checkNumber('seed', input.seed, 0, 0xffffffff, true),
    typeof input.actionRate === 'number' ? checkNumber('action-rate', input.actionRate, 0, 10_000) : E.right(undefined),
  ];
  for (const c of checks) if (E.isLeft(c)) return c;
  if (input.actionRate !== undefined && typeof input.actionRate !== 'number' && input.actionRate !== CLOSED_LOOP) {
    return E.left(`action-rate must be a number of actions per second or "closed", got "${String(input.actionRate)}"`);
  }
  const ramp = typeof input.ramp === 'string' ? parseRamp(input.ramp) : E.right(input.ramp ?? DEFAULTS.ramp);
  if (E.isLeft(ramp)) return ramp;
  if (input.tokenSecret !== undefined && input.tokenSecret.length < 32) return E.left('token-secret must be at least 32 characters (the node\'s security.token_secret)');
  const psk = input.psk === undefined ? undefined : { secret: input.psk.secret, salt: input.psk.salt ?? '', iterations: input.psk.iterations ?? PSK_DEFAULTS.iterations };
  if (psk !== undefined) {
    if (psk.secret.length < 16) return E.left('psk must be at least 16 characters (the node\'s security.psk)');
    if (mode === Modes.Raw) return E.left('psk applies to the Atlas protocol (modes atlas and direct), not to raw mode');
    // The node has no built-in salt either: a default here could only ever be wrong.
    if (psk.salt.length < 16) return E.left('psk needs --psk-salt, the node\'s security.psk_salt (at least 16 characters; there is no default)');
    const it = checkNumber('pbkdf2-iterations', psk.iterations, 100_000, 10_000_000, true);
    if (E.isLeft(it)) return it;
  }

  const world: World = { ...DEFAULT_WORLD, ...input.world };
  if (!(world.minX < world.maxX && world.minY < world.maxY)) return E.left('world: each min must be below its max');
  if (!(Number.isInteger(world.cols) && Number.isInteger(world.rows) && world.cols >= 1 && world.rows >= 1)) return E.left('grid: columns and rows must be integers >= 1');
  const params: BehaviourParams = { ...DEFAULT_PARAMS, ...input.params };
  const defaults: ScenarioDefaults = {
    durationMs: input.durationMs ?? DEFAULTS.durationMs,
    clients: input.clients ?? DEFAULTS.clients,
    moveRate: input.moveRate ?? DEFAULTS.moveRate,
    actionRate: input.actionRate ?? DEFAULTS.actionRate,
    world,
    params,
  };
  const source = input.scenario ?? 'random-walk';
  let scenario: Scenario;
  if (typeof source === 'string') {
    if (!isBuiltinScenario(source)) return E.left(`scenario "${source}" is not built in (random-walk, border-crossers, hotspot, idle, crowd) nor a file`);
    scenario = builtinScenario(source, defaults);
  } else {
    if (input.durationMs !== undefined) return E.left('duration conflicts with the scenario file: its phases set their own durations');
    const s = resolveScenarioSpec(source, defaults);
    if (E.isLeft(s)) return s;
    scenario = s.right;
  }
  const workers = input.workers ?? 1;
  const peak = peakClients(scenario);
  if (workers > Math.max(1, peak)) return E.left(`workers (${workers}) must not exceed the clients (${peak})`);
  const first = scenario.phases[0]?.clients ?? 0;
  const rate = rampRate(ramp.right, first);
  const rampMs = Number.isFinite(rate) ? (first / rate) * 1000 : 0;
  const total = scenarioDurationMs(scenario);
  if (rampMs > total) {
    return E.left(`ramp ${formatRamp(ramp.right)} opens ${first} clients in ${(rampMs / 1000).toFixed(1)} s, longer than the run (${total / 1000} s): raise the ramp or the duration`);
  }
  const crossBorder = resolveCrossBorder(input.crossBorder, mode, scenario);
  if (E.isLeft(crossBorder)) return crossBorder;
  const localAddresses = [...(input.localAddresses ?? [])];
  const badAddress = localAddresses.find((a) => isIP(a) === 0);
  if (badAddress !== undefined) return E.left(`local-address "${badAddress}" is not an IP address (example: 127.0.0.2)`);
  return E.right({
    urls,
    localAddresses,
    mode,
    ramp: ramp.right,
    scenario,
    window: input.window ?? DEFAULTS.window,
    rttRate: input.rttRate ?? DEFAULTS.rttRate,
    payloadBytes: input.payloadBytes ?? DEFAULTS.payloadBytes,
    encryption: input.encryption ?? true,
    compression: input.compression ?? true,
    tokenSecret: input.tokenSecret,
    psk,
    workers,
    settleMs: input.settleMs ?? DEFAULTS.settleMs,
    handshakeTimeoutMs: input.handshakeTimeoutMs ?? DEFAULTS.handshakeTimeoutMs,
    reconnect: input.reconnect ?? true,
    seed: input.seed ?? Math.floor(Math.random() * 0xffffffff),
    workerScript: input.workerScript,
    crossBorder: crossBorder.right,
  });
}

function resolveCrossBorder(input: LoadInput['crossBorder'], mode: Mode, scenario: Scenario): E.Either<string, CrossBorderSettings | undefined> {
  if (input === undefined || input === false) return E.right(undefined);
  const c: CrossBorderSettings = { ...CROSS_BORDER_DEFAULTS, ...(input === true ? {} : input) };
  if (mode === Modes.Raw) return E.left('cross-border needs positions and StateSyncs (modes atlas and direct), not raw mode');
  const w = scenario.world;
  if (w.cols * w.rows < 2) return E.left('cross-border needs a world of two regions or more (--grid)');
  const checks = [
    checkNumber('observers', c.observers, 1, MAX_CLIENTS, true),
    checkNumber('ghost-distance', c.ghostDistance, 0, 1e9),
    checkNumber('sync-radius', c.syncRadius, 0, 1e9),
    checkNumber('cross-border-window', c.windowMs, 0, 60_000),
    checkNumber('inner-ring', c.innerRing, 0, c.ghostDistance),
  ];
  for (const k of checks) if (E.isLeft(k)) return k;
  const first = scenario.phases[0]?.clients ?? 0;
  if (c.observers >= first) return E.left(`observers (${c.observers}) must be fewer than the clients of the first phase (${first}): the others are the players they watch`);
  return E.right(c);
}
