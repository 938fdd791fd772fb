// Command-line parsing: argv -> a LoadInput plus output settings. Only the shape of
// each value is checked here; resolveLoadOptions checks ranges and combinations, so
// the CLI and runLoad refuse the same things with the same words.
import { parseCommandLine, type CommandLineSpec } from '@atlas/config';
import * as E from 'fp-ts/lib/Either.js';
import { parseAssertions, type Assertion } from '../report/assertions';
import type { LoadInput, Mode } from '../options/load-options';
import { isBuiltinScenario } from '../scenario/resolve';
import { readScenarioFile } from '../scenario/scenario-file';
import { CLOSED_LOOP, type World } from '../scenario/scenario';
import { parseDuration, parseSize } from './units';

/** A parsed command line. */
export interface CliCommand {
  readonly help: boolean;
  readonly input: LoadInput;
  readonly assertions: readonly Assertion[];
  readonly out: string | undefined;
  readonly html: string | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

/** Every option of the load tester (long names without `--`). */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'no-encryption': { type: 'boolean' },
  'no-compression': { type: 'boolean' },
  'no-reconnect': { type: 'boolean' },
  'cross-border': { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  url: { type: 'string', multiple: true },
  'local-address': { type: 'string', multiple: true },
  assert: { type: 'string', multiple: true },
  players: { type: 'string', aliasOf: 'clients' },
  ...Object.fromEntries(
    ['mode', 'clients', 'ramp', 'duration', 'scenario', 'move-rate', 'action-rate', 'window', 'rtt-rate', 'payload', 'encryption', 'compression', 'token-secret', 'psk', 'psk-salt', 'pbkdf2-iterations', 'workers', 'world', 'grid', 'speed', 'amplitude', 'settle', 'handshake-timeout', 'seed', 'out', 'html', 'observers', 'ghost-distance', 'sync-radius', 'cross-border-window', 'inner-ring'].map(
      (name) => [name, { type: 'string' } as const],
    ),
  ),
} satisfies CommandLineSpec;

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

function num(name: string, text: string): E.Either<string, number> {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? E.right(n) : E.left(`${name} must be a number, got "${text}"`);
}

function onOff(name: string, text: string): E.Either<string, boolean> {
  const t = text.toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(t)) return E.right(true);
  if (['off', 'false', 'no', '0'].includes(t)) return E.right(false);
  return E.left(`${name} must be on or off, got "${text}"`);
}

function durationOf(name: string, text: string): E.Either<string, number> {
  const d = parseDuration(text);
  return E.isLeft(d) ? E.left(`${name}: ${d.left}`) : d;
}

/** argv as `--name` -> values (repeatable ones collected) and the flags given. */
function tokenize(argv: readonly string[]): E.Either<string, { values: Map<string, string[]>; flags: Set<string> }> {
  const parsed = parseCommandLine(argv, OPTIONS);
  if (E.isLeft(parsed)) return parsed;
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (const [name, value] of Object.entries(parsed.right)) {
    if (value === true) flags.add(`--${name}`);
    else if (typeof value === 'string') values.set(`--${name}`, [value]);
    else if (Array.isArray(value)) values.set(`--${name}`, [...(value as string[])]);
  }
  return E.right({ values, flags });
}

/** Parses argv (without node and the script). */
export function parseArgs(argv: readonly string[]): E.Either<string, CliCommand> {
  const tokens = tokenize(argv);
  if (E.isLeft(tokens)) return tokens;
  const { values, flags } = tokens.right;
  const one = (name: string): string | undefined => values.get(name)?.[0];
  const input: Mutable<LoadInput> = {};
  const steps: Array<[string, (v: string) => E.Either<string, void>]> = [
    ['--mode', (v) => E.right(void (input.mode = v as Mode))],
    ['--clients', (v) => E.map((n: number) => void (input.clients = n))(num('--clients', v))],
    ['--ramp', (v) => E.right(void (input.ramp = v))],
    ['--duration', (v) => E.map((n: number) => void (input.durationMs = n))(durationOf('--duration', v))],
    ['--move-rate', (v) => E.map((n: number) => void (input.moveRate = n))(num('--move-rate', v))],
    ['--action-rate', (v) => (v === CLOSED_LOOP ? E.right(void (input.actionRate = CLOSED_LOOP)) : E.map((n: number) => void (input.actionRate = n))(num('--action-rate', v)))],
    ['--window', (v) => E.map((n: number) => void (input.window = n))(num('--window', v))],
    ['--rtt-rate', (v) => E.map((n: number) => void (input.rttRate = n))(num('--rtt-rate', v))],
    ['--payload', (v) => E.bimap((e: string) => `--payload: ${e}`, (n: number) => void (input.payloadBytes = n))(parseSize(v))],
    ['--encryption', (v) => E.map((b: boolean) => void (input.encryption = b))(onOff('--encryption', v))],
    ['--compression', (v) => E.map((b: boolean) => void (input.compression = b))(onOff('--compression', v))],
    ['--token-secret', (v) => E.right(void (input.tokenSecret = v))],
    ['--workers', (v) => E.map((n: number) => void (input.workers = n))(num('--workers', v))],
    ['--settle', (v) => E.map((n: number) => void (input.settleMs = n))(durationOf('--settle', v))],
    ['--handshake-timeout', (v) => E.map((n: number) => void (input.handshakeTimeoutMs = n))(durationOf('--handshake-timeout', v))],
    ['--seed', (v) => E.map((n: number) => void (input.seed = n))(num('--seed', v))],
    ['--world', (v) => worldArg(v, input)],
    ['--grid', (v) => gridArg(v, input)],
    ['--speed', (v) => E.map((n: number) => void (input.params = { ...input.params, speed: n }))(num('--speed', v))],
    ['--amplitude', (v) => E.map((n: number) => void (input.params = { ...input.params, amplitude: n }))(num('--amplitude', v))],
    ['--scenario', (v) => scenarioArg(v, input)],
  ];
  for (const [name, apply] of steps) {
    const v = one(name);
    if (v === undefined) continue;
    const r = apply(v);
    if (E.isLeft(r)) return r;
  }
  const psk = one('--psk');
  if (psk === undefined && (values.has('--psk-salt') || values.has('--pbkdf2-iterations'))) return E.left('--psk-salt and --pbkdf2-iterations need --psk');
  if (psk !== undefined) {
    const iterations = one('--pbkdf2-iterations');
    const n = iterations === undefined ? E.right(undefined) : num('--pbkdf2-iterations', iterations);
    if (E.isLeft(n)) return n;
    input.psk = { secret: psk, salt: one('--psk-salt'), iterations: n.right };
  }
  const xb = crossBorderArgs(one, flags.has('--cross-border'));
  if (E.isLeft(xb)) return xb;
  if (xb.right !== undefined) input.crossBorder = xb.right;
  if (flags.has('--no-encryption')) input.encryption = false;
  if (flags.has('--no-compression')) input.compression = false;
  if (flags.has('--no-reconnect')) input.reconnect = false;
  input.url = (values.get('--url') ?? []).flatMap((u) => u.split(','));
  const local = (values.get('--local-address') ?? []).flatMap((a) => a.split(',')).filter((a) => a !== '');
  if (local.length > 0) input.localAddresses = local;
  let assertions: Assertion[] = [];
  const assertText = values.get('--assert');
  if (assertText !== undefined) {
    const a = parseAssertions(assertText.join(','));
    if (E.isLeft(a)) return a;
    assertions = a.right;
  }
  return E.right({
    help: flags.has('--help'),
    input: input as LoadInput,
    assertions,
    out: one('--out'),
    html: one('--html'),
    json: flags.has('--json'),
    quiet: flags.has('--quiet'),
  });
}

/** --cross-border and its settings (which need it). */
function crossBorderArgs(one: (name: string) => string | undefined, on: boolean): E.Either<string, LoadInput['crossBorder']> {
  const settings: { observers?: number; ghostDistance?: number; syncRadius?: number; windowMs?: number; innerRing?: number } = {};
  const given: string[] = [];
  const parts: Array<[string, (v: string) => E.Either<string, number>, (n: number) => void]> = [
    ['--observers', (v) => num('--observers', v), (n) => (settings.observers = n)],
    ['--ghost-distance', (v) => num('--ghost-distance', v), (n) => (settings.ghostDistance = n)],
    ['--sync-radius', (v) => num('--sync-radius', v), (n) => (settings.syncRadius = n)],
    ['--cross-border-window', (v) => durationOf('--cross-border-window', v), (n) => (settings.windowMs = n)],
    ['--inner-ring', (v) => num('--inner-ring', v), (n) => (settings.innerRing = n)],
  ];
  for (const [name, parse, set] of parts) {
    const v = one(name);
    if (v === undefined) continue;
    const n = parse(v);
    if (E.isLeft(n)) return n;
    set(n.right);
    given.push(name);
  }
  if (!on) return given.length > 0 ? E.left(`${given.join(', ')} need --cross-border`) : E.right(undefined);
  return E.right(given.length > 0 ? settings : true);
}

function worldArg(v: string, input: Mutable<LoadInput>): E.Either<string, void> {
  const n = v.split(',').map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) return E.left(`--world needs four numbers minX,minY,maxX,maxY, got "${v}"`);
  const [minX, minY, maxX, maxY] = n as [number, number, number, number];
  const world: Partial<World> = { ...input.world, minX, minY, maxX, maxY };
  input.world = world;
  return E.right(undefined);
}

function gridArg(v: string, input: Mutable<LoadInput>): E.Either<string, void> {
  const m = /^(\d+)x(\d+)$/.exec(v);
  if (m === null) return E.left(`--grid must look like 2x2, got "${v}"`);
  input.world = { ...input.world, cols: Number(m[1]), rows: Number(m[2]) };
  return E.right(undefined);
}

function scenarioArg(v: string, input: Mutable<LoadInput>): E.Either<string, void> {
  if (isBuiltinScenario(v)) {
    input.scenario = v;
    return E.right(undefined);
  }
  if (!/\.(json|toml)$/i.test(v)) return E.left(`--scenario "${v}" is not built in (random-walk, border-crossers, hotspot, idle, crowd) nor a .json/.toml file`);
  const spec = readScenarioFile(v);
  if (E.isLeft(spec)) return spec;
  input.scenario = spec.right;
  return E.right(undefined);
}

