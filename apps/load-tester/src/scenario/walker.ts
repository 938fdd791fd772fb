// Movement of one simulated player under a behaviour. A Walker is a few numbers per
// player (thousands of them live in one process); `place` puts a new player in the
// world, `adopt` switches behaviour in place (phase change), `stepWalker` advances it.
import { Behaviours, type Behaviour, type BehaviourParams, type World } from './scenario';
import type { Random } from '@atlas/common';

/** Position, velocity and the behaviour's own state. */
export interface Walker {
  behaviour: Behaviour;
  x: number;
  y: number;
  vx: number;
  vy: number;
  /** Border crossers: 0 = crossing a vertical border (moving in x), 1 = a horizontal one. */
  axis: 0 | 1;
  /** Border crossers: the border's coordinate on `axis`. */
  anchor: number;
}

const MARGIN = 1;

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Velocity `v` pointed back into [lo, hi] when position `p` has left it. */
function inward(p: number, v: number, lo: number, hi: number): number {
  return p < lo ? Math.abs(v) : p > hi ? -Math.abs(v) : v;
}

/** Interior grid lines on one axis (the region borders). */
function borders(min: number, max: number, cells: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < cells; i++) out.push(min + ((max - min) * i) / cells);
  return out;
}

function aim(w: Walker, angle: number, speed: number): void {
  w.vx = Math.cos(angle) * speed;
  w.vy = Math.sin(angle) * speed;
}

/** A new walker at a starting position suited to `behaviour`. */
export function place(behaviour: Behaviour, world: World, params: BehaviourParams, rnd: Random): Walker {
  const w: Walker = {
    behaviour,
    x: world.minX + MARGIN + rnd() * (world.maxX - world.minX - 2 * MARGIN),
    y: world.minY + MARGIN + rnd() * (world.maxY - world.minY - 2 * MARGIN),
    vx: 0,
    vy: 0,
    axis: 0,
    anchor: 0,
  };
  adopt(w, behaviour, world, params, rnd, true);
  return w;
}

/** Switches `w` to `behaviour` (keeping its position unless `fresh`). */
export function adopt(w: Walker, behaviour: Behaviour, world: World, params: BehaviourParams, rnd: Random, fresh = false): void {
  w.behaviour = behaviour;
  if (behaviour === Behaviours.BorderCrossers) {
    const xs = borders(world.minX, world.maxX, world.cols);
    const ys = borders(world.minY, world.maxY, world.rows);
    const all: Array<[0 | 1, number]> = [...xs.map((v) => [0, v] as [0, number]), ...ys.map((v) => [1, v] as [1, number])];
    if (all.length === 0) {
      // A single region has no border: fall back to wandering.
      aim(w, rnd() * 2 * Math.PI, params.speed);
      return;
    }
    const pick = fresh
      ? (all[Math.floor(rnd() * all.length)] as [0 | 1, number])
      : all.reduce((best, c) => (Math.abs((c[0] === 0 ? w.x : w.y) - c[1]) < Math.abs((best[0] === 0 ? w.x : w.y) - best[1]) ? c : best));
    w.axis = pick[0];
    w.anchor = pick[1];
    const offset = (rnd() * 2 - 1) * params.amplitude;
    if (fresh) {
      if (w.axis === 0) w.x = clamp(w.anchor + offset, world.minX + MARGIN, world.maxX - MARGIN);
      else w.y = clamp(w.anchor + offset, world.minY + MARGIN, world.maxY - MARGIN);
    }
    const dir = rnd() < 0.5 ? -1 : 1;
    w.vx = w.axis === 0 ? dir * params.speed : 0;
    w.vy = w.axis === 1 ? dir * params.speed : 0;
  } else if (behaviour === Behaviours.Idle) {
    w.vx = 0;
    w.vy = 0;
  } else {
    aim(w, rnd() * 2 * Math.PI, params.speed);
  }
}

/** Advances `w` by `dt` seconds. */
export function stepWalker(w: Walker, dt: number, world: World, params: BehaviourParams, rnd: Random): void {
  switch (w.behaviour) {
    case Behaviours.Idle:
      return;
    case Behaviours.BorderCrossers: {
      if (w.axis === 0) {
        w.x += w.vx * dt;
        if ((w.x > w.anchor + params.amplitude && w.vx > 0) || (w.x < w.anchor - params.amplitude && w.vx < 0)) w.vx = -w.vx;
      } else {
        w.y += w.vy * dt;
        if ((w.y > w.anchor + params.amplitude && w.vy > 0) || (w.y < w.anchor - params.amplitude && w.vy < 0)) w.vy = -w.vy;
      }
      break;
    }
    case Behaviours.Hotspot: {
      const hx = params.hotspot?.x ?? (world.minX + world.maxX) / 2;
      const hy = params.hotspot?.y ?? (world.minY + world.maxY) / 2;
      const dx = hx - w.x;
      const dy = hy - w.y;
      const d = Math.hypot(dx, dy);
      // Outside the radius: head for the hotspot; inside: wander, turning now and then.
      if (d > params.radius) aim(w, Math.atan2(dy, dx) + (rnd() - 0.5) * 0.5, params.speed);
      else if (rnd() < dt) aim(w, rnd() * 2 * Math.PI, params.speed);
      w.x += w.vx * dt;
      w.y += w.vy * dt;
      break;
    }
    default: {
      // Random walk: a new heading about every 2 s.
      if (rnd() < dt / 2) aim(w, rnd() * 2 * Math.PI, params.speed);
      w.x += w.vx * dt;
      w.y += w.vy * dt;
      break;
    }
  }
  // Bounce off the world's edges (the heading first: it looks at where the step went).
  w.vx = inward(w.x, w.vx, world.minX + MARGIN, world.maxX - MARGIN);
  w.x = clamp(w.x, world.minX + MARGIN, world.maxX - MARGIN);
  w.vy = inward(w.y, w.vy, world.minY + MARGIN, world.maxY - MARGIN);
  w.y = clamp(w.y, world.minY + MARGIN, world.maxY - MARGIN);
}
