// Turns a built-in scenario name or a decoded scenario file into a resolved Scenario,
// filling what a phase leaves out from the command line (clients, rates, duration).
import * as E from 'fp-ts/lib/Either.js';
import { parseDuration } from '../cli/units';
import {
  BEHAVIOURS,
  CLOSED_LOOP,
  MAX_CLIENTS,
  type ActionRate,
  type Behaviour,
  type BehaviourParams,
  type Mix,
  type Phase,
  type Scenario,
  type World,
} from './scenario';
import type { ScenarioSpec } from './scenario-spec';
import { CROWD, crowdScenario } from './crowd';

/** What the command line says, used where the scenario is silent. */
export interface ScenarioDefaults {
  readonly durationMs: number;
  readonly clients: number;
  readonly moveRate: number;
  readonly actionRate: ActionRate;
  readonly world: World;
  readonly params: BehaviourParams;
}

/** A built-in scenario's name: one of the behaviours, or `crowd`. */
export type BuiltinScenario = Behaviour | typeof CROWD;

/** True when `name` is a built-in scenario. */
export function isBuiltinScenario(name: string): name is BuiltinScenario {
  return name === CROWD || (BEHAVIOURS as readonly string[]).includes(name);
}

/** A built-in scenario: one phase of one behaviour, or the two phases of `crowd`. */
export function builtinScenario(name: BuiltinScenario, d: ScenarioDefaults): Scenario {
  if (name === CROWD) return crowdScenario(d);
  return {
    name,
    world: d.world,
    params: d.params,
    phases: [{ name, durationMs: d.durationMs, clients: d.clients, moveRate: d.moveRate, actionRate: d.actionRate, mix: { [name]: 1 } }],
  };
}

function worldOf(spec: ScenarioSpec['world'], base: World): E.Either<string, World> {
  const [minX, minY] = spec?.min ?? [base.minX, base.minY];
  const [maxX, maxY] = spec?.max ?? [base.maxX, base.maxY];
  const [cols, rows] = spec?.grid ?? [base.cols, base.rows];
  if (!(minX < maxX && minY < maxY)) return E.left(`world: min (${minX}, ${minY}) must be below max (${maxX}, ${maxY})`);
  if (!(Number.isInteger(cols) && Number.isInteger(rows) && cols >= 1 && rows >= 1 && cols <= 1000 && rows <= 1000)) return E.left(`world.grid: two integers 1..1000, got [${cols}, ${rows}]`);
  return E.right({ minX, minY, maxX, maxY, cols, rows });
}

/** Resolves a scenario file against the command-line defaults. */
export function resolveScenarioSpec(spec: ScenarioSpec, d: ScenarioDefaults): E.Either<string, Scenario> {
  const world = worldOf(spec.world, d.world);
  if (E.isLeft(world)) return world;
  const p = spec.params;
  const params: BehaviourParams = {
    speed: p?.speed ?? d.params.speed,
    amplitude: p?.amplitude ?? d.params.amplitude,
    radius: p?.radius ?? d.params.radius,
    hotspot: p?.hotspot === undefined ? d.params.hotspot : { x: p.hotspot[0], y: p.hotspot[1] },
  };
  const phases: Phase[] = [];
  for (const [i, ph] of spec.phases.entries()) {
    const duration = typeof ph.duration === 'number' ? E.right(ph.duration * 1000) : parseDuration(ph.duration);
    if (E.isLeft(duration)) return E.left(`phases.${i}.duration: ${duration.left}`);
    if (!(duration.right > 0)) return E.left(`phases.${i}.duration: must be above 0`);
    const clients = ph.clients ?? d.clients;
    if (clients > MAX_CLIENTS) return E.left(`phases.${i}.clients: at most ${MAX_CLIENTS}, got ${clients}`);
    const mix: Mix = ph.mix ?? { 'random-walk': 1 };
    if (!Object.values(mix).some((w) => (w ?? 0) > 0)) return E.left(`phases.${i}.mix: at least one behaviour needs a weight above 0`);
    const actionRate: ActionRate = ph.action_rate === CLOSED_LOOP ? CLOSED_LOOP : (ph.action_rate ?? d.actionRate);
    phases.push({ name: ph.name ?? `phase ${i + 1}`, durationMs: duration.right, clients, moveRate: ph.move_rate ?? d.moveRate, actionRate, mix });
  }
  return E.right({ name: spec.name ?? 'custom', world: world.right, params, phases });
}
