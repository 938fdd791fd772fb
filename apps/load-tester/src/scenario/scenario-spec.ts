// The scenario file format (JSON or TOML, same keys), decoded with io-ts. Unknown keys
// are refused with their path, so a typo never silently falls back to a default.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { BEHAVIOURS } from './scenario';

/** A record type that refuses keys it does not declare. */
function strict<P extends t.Props, O extends t.Props>(name: string, required: P, optional: O) {
  const base = t.intersection([t.type(required), t.partial(optional)]);
  const known = new Set([...Object.keys(required), ...Object.keys(optional)]);
  return new t.Type<t.TypeOf<typeof base>, unknown, unknown>(
    name,
    (u): u is t.TypeOf<typeof base> => base.is(u),
    (u, c) => {
      if (typeof u === 'object' && u !== null && !Array.isArray(u)) {
        const extra = Object.keys(u).find((k) => !known.has(k));
        if (extra !== undefined) return t.failure(u, t.appendContext(c, extra, t.never, undefined), `unknown key "${extra}" (known: ${[...known].join(', ')})`);
      }
      return base.validate(u, c);
    },
    t.identity,
  );
}

const Pair = t.tuple([t.number, t.number]);
const PositiveInt = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');
const Rate = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'a number >= 0');
const Weights = new t.Type<Record<string, number>, unknown, unknown>(
  'mix',
  (u): u is Record<string, number> => typeof u === 'object' && u !== null,
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, 'a table of behaviour = weight');
    for (const [k, v] of Object.entries(u)) {
      if (!(BEHAVIOURS as readonly string[]).includes(k)) return t.failure(u, t.appendContext(c, k, t.never, undefined), `unknown behaviour "${k}" (known: ${BEHAVIOURS.join(', ')})`);
      if (typeof v !== 'number' || !(v >= 0)) return t.failure(v, t.appendContext(c, k, t.never, undefined), 'a weight >= 0');
    }
    return t.success(u as Record<string, number>);
  },
  t.identity,
);

const PhaseSpec = strict(
  'phase',
  { duration: t.union([t.string, t.number]) },
  {
    name: t.string,
    clients: PositiveInt,
    move_rate: Rate,
    action_rate: t.union([Rate, t.literal('closed')]),
    mix: Weights,
  },
);

/** A decoded scenario file. */
export const ScenarioSpec = strict(
  'scenario',
  { phases: t.array(PhaseSpec) },
  {
    name: t.string,
    world: strict('world', {}, { min: Pair, max: Pair, grid: Pair }),
    params: strict('params', {}, { speed: Rate, amplitude: Rate, radius: Rate, hotspot: Pair }),
  },
);
/** A scenario file's content, before defaults are applied. */
export type ScenarioSpec = t.TypeOf<typeof ScenarioSpec>;

/** The first decoding error as `path: message` (intersection and union members are not path steps). */
function describe(errors: t.Errors): string {
  const e = errors[0];
  if (e === undefined) return 'invalid scenario';
  const steps: string[] = [];
  for (let i = 1; i < e.context.length; i++) {
    const entry = e.context[i] as t.ContextEntry;
    const prev = e.context[i - 1] as t.ContextEntry;
    if (entry.type instanceof t.InterfaceType || entry.type instanceof t.PartialType || prev.type instanceof t.UnionType) continue;
    steps.push(entry.key);
  }
  const last = e.context[e.context.length - 1];
  const expected = e.message ?? `expected ${last?.type.name ?? 'a valid value'}`;
  return `${steps.length === 0 ? '(top level)' : steps.join('.')}: ${expected}, got ${JSON.stringify(e.value)}`;
}

/** Decodes a parsed JSON/TOML document into a ScenarioSpec. */
export function decodeScenarioSpec(doc: unknown): E.Either<string, ScenarioSpec> {
  const r = ScenarioSpec.decode(doc);
  if (E.isLeft(r)) return E.left(describe(r.left));
  if (r.right.phases.length === 0) return E.left('phases: a scenario needs at least one phase');
  return E.right(r.right);
}
