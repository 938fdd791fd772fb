// The `crowd` scenario: every client gathers into one region (the centre of the world
// grid's first cell) for two thirds of the run, then disperses across the world. Against a
// node with `[rebalance]` on, the gathering makes that region split and the dispersal lets
// the halves merge back; the report's rebalance section says how long each took.
import { Behaviours, type Scenario } from './scenario';
import type { ScenarioDefaults } from './resolve';

/** The built-in name. */
export const CROWD = 'crowd';

/** The crowd scenario for the command line's defaults (a `params.hotspot` moves the gathering point). */
export function crowdScenario(d: ScenarioDefaults): Scenario {
  const w = d.world;
  const cellW = (w.maxX - w.minX) / w.cols;
  const cellH = (w.maxY - w.minY) / w.rows;
  const hotspot = d.params.hotspot ?? { x: w.minX + cellW / 2, y: w.minY + cellH / 2 };
  // Wide enough that a median cut has players on both sides, inside the cell.
  const radius = Math.max(d.params.radius, Math.min(cellW, cellH) / 4);
  const gatherMs = Math.round((d.durationMs * 2) / 3);
  const phase = { clients: d.clients, moveRate: d.moveRate, actionRate: d.actionRate };
  return {
    name: CROWD,
    world: w,
    params: { ...d.params, hotspot, radius },
    phases: [
      { name: 'gather', durationMs: gatherMs, ...phase, mix: { [Behaviours.Hotspot]: 1 } },
      { name: 'disperse', durationMs: d.durationMs - gatherMs, ...phase, mix: { [Behaviours.RandomWalk]: 1 } },
    ],
  };
}
