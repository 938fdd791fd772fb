import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenarioText, readScenarioFile } from './scenario-file';

const TOML = `
name = "morning rush"

[world]
min = [0, 0]
max = [1000, 1000]
grid = [2, 2]

[params]
speed = 50
hotspot = [250, 250]

[[phases]]
name = "warm-up"
duration = "10s"
clients = 100
move_rate = 5

[phases.mix]
random-walk = 1

[[phases]]
name = "rush"
duration = 30
action_rate = "closed"

[phases.mix]
border-crossers = 0.5
hotspot = 0.3
idle = 0.2
`;

describe('scenario files', () => {
  it('reads phases, mixes, world and params from TOML', () => {
    const r = parseScenarioText(TOML, false);
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.name).toBe('morning rush');
    expect(r.right.world).toEqual({ min: [0, 0], max: [1000, 1000], grid: [2, 2] });
    expect(r.right.phases[1]).toEqual({ name: 'rush', duration: 30, action_rate: 'closed', mix: { 'border-crossers': 0.5, hotspot: 0.3, idle: 0.2 } });
  });

  it('reads the same keys from JSON', () => {
    const r = parseScenarioText(JSON.stringify({ phases: [{ duration: '5s', mix: { idle: 1 } }] }), true);
    expect(r).toEqual(E.right({ phases: [{ duration: '5s', mix: { idle: 1 } }] }));
  });

  it.each([
    ['{"phases": []}', 'phases: a scenario needs at least one phase'],
    ['{"phases": [{"duration": "5s", "mix": {"stampede": 1}}]}', 'phases.0.mix.stampede: unknown behaviour "stampede"'],
    ['{"phases": [{"duration": "5s", "clinets": 3}]}', 'phases.0.clinets: unknown key "clinets"'],
    ['{"phases": [{"duration": "5s", "clients": -3}]}', 'phases.0.clients: expected a non-negative integer'],
    ['{"phases": [{}]}', 'phases.0.duration'],
    ['{"phases": [{"duration": "5s"}], "world": {"grid": [2]}}', 'world.grid'],
    ['{"phase": []}', 'phase: unknown key "phase"'],
    ['{"phases": [', 'JSON syntax'],
  ])('refuses %s naming the path', (text, message) => {
    const r = parseScenarioText(text, true);
    expect(E.isLeft(r) && r.left).toContain(message);
  });

  it('names the file when it cannot be read or parsed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const bad = join(dir, 'bad.toml');
    writeFileSync(bad, 'phases = [');
    expect(readScenarioFile(bad)).toEqual(E.left(expect.stringContaining(`scenario file ${bad}: TOML syntax`)));
    expect(readScenarioFile(join(dir, 'missing.toml'))).toEqual(E.left(`scenario file ${join(dir, 'missing.toml')}: cannot read (ENOENT)`));
  });
});
