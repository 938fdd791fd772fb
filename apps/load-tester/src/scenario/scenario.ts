// A scenario: the world the simulated players live in, and phases that each run for a
// while with a number of clients, message rates and a mix of behaviours. The four
// built-in scenarios are one phase of one behaviour; a scenario file describes more.

/** What a simulated player does. */
export const Behaviours = {
  /** Wanders in random directions across the whole world, bouncing off its edges. */
  RandomWalk: 'random-walk',
  /** Walks back and forth across a region border: a transfer on every crossing. */
  BorderCrossers: 'border-crossers',
  /** Crowds around one point (default: where the regions meet). */
  Hotspot: 'hotspot',
  /** Connects, is placed once, then only heartbeats (connection-holding tests). */
  Idle: 'idle',
} as const;
/** One of the `Behaviours`. */
export type Behaviour = (typeof Behaviours)[keyof typeof Behaviours];
/** Every behaviour name, for validation and help. */
export const BEHAVIOURS: readonly Behaviour[] = Object.values(Behaviours);

/** Closed-loop actions: a client sends its next action when an echo returns. */
export const CLOSED_LOOP = 'closed';
/** Actions per second per client, or closed loop (`window` in flight). */
export type ActionRate = number | typeof CLOSED_LOOP;

/** The simulated world: a rectangle in x/y cut into a grid of regions (z is 0). */
export interface World {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly cols: number;
  readonly rows: number;
}

/** Tunables of the behaviours (world units and seconds). */
export interface BehaviourParams {
  /** Walking speed, units per second. */
  readonly speed: number;
  /** Border crossers go this far past the border on each side. */
  readonly amplitude: number;
  /** Hotspot players stay within this radius of the hotspot. */
  readonly radius: number;
  /** The hotspot (default: the world's centre). */
  readonly hotspot: { readonly x: number; readonly y: number } | undefined;
}

/** A weighted mix of behaviours (weights need not add up to 1). */
export type Mix = Readonly<Partial<Record<Behaviour, number>>>;

/** One phase of a scenario, fully resolved. */
export interface Phase {
  readonly name: string;
  readonly durationMs: number;
  /** Clients connected during the phase (more are opened at the ramp rate, extra ones closed). */
  readonly clients: number;
  readonly moveRate: number;
  readonly actionRate: ActionRate;
  readonly mix: Mix;
}

/** A resolved scenario. */
export interface Scenario {
  readonly name: string;
  readonly world: World;
  readonly params: BehaviourParams;
  readonly phases: readonly Phase[];
}

/** The demo's world: 2000 x 2000 in a 2x2 grid (what `npm start` runs). */
export const DEFAULT_WORLD: World = { minX: 0, minY: 0, maxX: 2000, maxY: 2000, cols: 2, rows: 2 };

/** Default behaviour tunables: crossing a border about every 3 s. */
export const DEFAULT_PARAMS: BehaviourParams = { speed: 80, amplitude: 120, radius: 60, hotspot: undefined };

/** The largest number of clients one phase may ask for. */
export const MAX_CLIENTS = 1_000_000;

/** Total duration of a scenario, milliseconds. */
export function scenarioDurationMs(s: Scenario): number {
  return s.phases.reduce((sum, p) => sum + p.durationMs, 0);
}

/** The most clients any phase holds. */
export function peakClients(s: Scenario): number {
  return s.phases.reduce((m, p) => Math.max(m, p.clients), 0);
}

/**
 * The behaviour of client `index` under `mix`: a low-discrepancy sequence over the
 * cumulative weights, so any prefix of clients follows the mix closely and a client keeps
 * its behaviour across phases with the same mix.
 */
export function behaviourOf(mix: Mix, index: number): Behaviour {
  const entries = BEHAVIOURS.map((b) => [b, mix[b] ?? 0] as const).filter(([, w]) => w > 0);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  if (entries.length === 0 || !(total > 0)) return Behaviours.Idle;
  const u = ((index + 1) * 0.6180339887498949) % 1;
  let acc = 0;
  for (const [b, w] of entries) {
    acc += w / total;
    if (u < acc) return b;
  }
  return (entries[entries.length - 1] as readonly [Behaviour, number])[0];
}
