import * as E from 'fp-ts/lib/Either.js';
import type { ScenarioSpec } from '../scenario/scenario-spec';
import { resolveLoadOptions, type LoadInput } from './load-options';

const URL = 'ws://127.0.0.1:8080/ws';

function error(input: LoadInput): string {
  const r = resolveLoadOptions(input);
  if (E.isRight(r)) throw new Error('expected a refusal');
  return r.left;
}

describe('resolveLoadOptions', () => {
  it('applies the defaults around a URL', () => {
    const r = resolveLoadOptions({ url: URL, seed: 7 });
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    const o = r.right;
    expect(o.mode).toBe('atlas');
    expect(o.scenario.name).toBe('random-walk');
    expect(o.scenario.phases).toEqual([{ name: 'random-walk', durationMs: 30_000, clients: 100, moveRate: 10, actionRate: 5, mix: { 'random-walk': 1 } }]);
    expect(o.scenario.world).toEqual({ minX: 0, minY: 0, maxX: 2000, maxY: 2000, cols: 2, rows: 2 });
    expect({ payload: o.payloadBytes, encryption: o.encryption, compression: o.compression, workers: o.workers, seed: o.seed }).toEqual({ payload: 64, encryption: true, compression: true, workers: 1, seed: 7 });
    expect(o.rttRate).toBe(1);
  });

  it('gives atlas and direct URLs without a path the /ws endpoint, and leaves raw URLs alone', () => {
    const atlas = resolveLoadOptions({ url: 'ws://127.0.0.1:8080' });
    const raw = resolveLoadOptions({ url: 'ws://127.0.0.1:9000', mode: 'raw' });
    expect(E.isRight(atlas) && atlas.right.urls).toEqual(['ws://127.0.0.1:8080/ws']);
    expect(E.isRight(raw) && raw.right.urls).toEqual(['ws://127.0.0.1:9000/']);
  });

  it('spreads over several URLs given as a list or comma-separated', () => {
    const r = resolveLoadOptions({ url: `${URL},ws://127.0.0.1:8081/ws` });
    expect(E.isRight(r) && r.right.urls).toEqual([URL, 'ws://127.0.0.1:8081/ws']);
  });

  it('names the option and what it expected', () => {
    expect(error({ url: [] })).toMatch(/url is required/);
    expect(error({ url: 'http://x:1/ws' })).toMatch(/must start with ws:\/\/ or wss:\/\//);
    expect(error({ url: URL, clients: 0 })).toBe('clients must be an integer 1..1000000, got 0');
    expect(error({ url: URL, clients: 2.5 })).toMatch(/clients must be an integer/);
    expect(error({ url: URL, payloadBytes: 8 })).toBe('payload must be an integer 12..1048576, got 8');
    expect(error({ url: URL, mode: 'tcp' as never })).toMatch(/mode must be one of atlas, direct, raw/);
    expect(error({ url: URL, actionRate: 'fast' as never })).toMatch(/action-rate must be a number of actions per second or "closed"/);
    expect(error({ url: URL, tokenSecret: 'short' })).toMatch(/token-secret must be at least 32 characters/);
    expect(error({ url: URL, scenario: 'stampede' as never })).toMatch(/scenario "stampede" is not built in/);
    expect(error({ url: URL, workers: 4, clients: 2 })).toBe('workers (4) must not exceed the clients (2)');
    expect(error({ url: URL, rttRate: -1 })).toBe('rtt-rate must be a number 0..1000, got -1');
  });

  it('refuses a ramp that would outlast the run', () => {
    expect(error({ url: URL, clients: 1000, ramp: '10/s', durationMs: 10_000 })).toBe(
      'ramp 10/s opens 1000 clients in 100.0 s, longer than the run (10 s): raise the ramp or the duration',
    );
    expect(E.isRight(resolveLoadOptions({ url: URL, clients: 1000, ramp: '10s', durationMs: 10_000 }))).toBe(true);
  });

  it('lets a scenario file set its phases, and refuses a duration beside it', () => {
    const spec: ScenarioSpec = { phases: [{ duration: '5s', clients: 10, mix: { idle: 1 } }, { duration: 3, mix: { hotspot: 2, 'border-crossers': 1 } }] };
    const r = resolveLoadOptions({ url: URL, clients: 40, scenario: spec });
    expect(E.isRight(r)).toBe(true);
    if (E.isRight(r)) {
      expect(r.right.scenario.phases.map((p) => [p.name, p.durationMs, p.clients])).toEqual([
        ['phase 1', 5000, 10],
        ['phase 2', 3000, 40],
      ]);
    }
    expect(error({ url: URL, scenario: spec, durationMs: 1000 })).toMatch(/duration conflicts with the scenario file/);
  });

  it('turns the cross-border check on with defaults or some settings, and refuses it where it cannot work', () => {
    const on = resolveLoadOptions({ url: URL, crossBorder: true });
    expect(E.isRight(on) && on.right.crossBorder).toEqual({ observers: 16, ghostDistance: 100, syncRadius: 50, windowMs: 300, innerRing: 25 });
    const some = resolveLoadOptions({ url: URL, crossBorder: { observers: 4, syncRadius: 80 } });
    expect(E.isRight(some) && some.right.crossBorder).toEqual({ observers: 4, ghostDistance: 100, syncRadius: 80, windowMs: 300, innerRing: 25 });
    const off = resolveLoadOptions({ url: URL });
    expect(E.isRight(off) && off.right.crossBorder).toBeUndefined();
    expect(error({ url: URL, mode: 'raw', crossBorder: true })).toMatch(/not raw mode/);
    expect(error({ url: URL, crossBorder: true, world: { cols: 1, rows: 1 } })).toMatch(/two regions or more/);
    expect(error({ url: URL, clients: 10, crossBorder: { observers: 10 } })).toMatch(/observers \(10\) must be fewer than the clients of the first phase \(10\)/);
    expect(error({ url: URL, crossBorder: { ghostDistance: -1 } })).toMatch(/ghost-distance must be a number 0\.\./);
    expect(error({ url: URL, crossBorder: { ghostDistance: 20, innerRing: 25 } })).toMatch(/inner-ring must be a number 0\.\.20/);
  });

  it('takes local addresses to connect from, and refuses what is not an IP address', () => {
    const r = resolveLoadOptions({ url: URL, localAddresses: ['127.0.0.2', '::1'] });
    expect(E.isRight(r) && r.right.localAddresses).toEqual(['127.0.0.2', '::1']);
    const none = resolveLoadOptions({ url: URL });
    expect(E.isRight(none) && none.right.localAddresses).toEqual([]);
    expect(error({ url: URL, localAddresses: ['127.0.0.2', 'localhost'] })).toBe('local-address "localhost" is not an IP address (example: 127.0.0.2)');
  });
});
