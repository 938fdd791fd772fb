import { DEFAULT_PARAMS } from './scenario';
import { builtinScenario, isBuiltinScenario } from './resolve';

describe('the crowd scenario', () => {
  it('gathers in the first cell for two thirds of the run, then disperses', () => {
    expect(isBuiltinScenario('crowd')).toBe(true);
    const s = builtinScenario('crowd', {
      durationMs: 30_000,
      clients: 1000,
      moveRate: 10,
      actionRate: 5,
      world: { minX: 0, minY: 0, maxX: 2000, maxY: 2000, cols: 2, rows: 2 },
      params: DEFAULT_PARAMS,
    });
    expect(s.phases.map((p) => [p.name, p.durationMs, p.clients, p.mix])).toEqual([
      ['gather', 20_000, 1000, { hotspot: 1 }],
      ['disperse', 10_000, 1000, { 'random-walk': 1 }],
    ]);
    expect(s.params.hotspot).toEqual({ x: 500, y: 500 });
    expect(s.params.radius).toBe(250);
  });
});
