import { CrossBorderTracker, Grid, OBSERVER_OFFSET, observerPlace, positionKey, recallOf, type CrossBorderSettings } from './cross-border';
import { DEFAULT_WORLD } from '../scenario/scenario';

/** A sim-server StateSync payload (apps/sim-server/src/sim/state-codec.ts's layout). */
function sync(entries: ReadonlyArray<{ num: number; x: number; y: number; ghost?: boolean }>): Uint8Array {
  const out = new Uint8Array(2 + entries.length * 16);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, entries.length, true);
  entries.forEach((e, i) => {
    dv.setUint32(2 + i * 16, (e.num | (e.ghost === false ? 0 : 0x80000000)) >>> 0, true);
    dv.setFloat32(2 + i * 16 + 4, e.x, true);
    dv.setFloat32(2 + i * 16 + 8, e.y, true);
    dv.setFloat32(2 + i * 16 + 12, 0, true);
  });
  return out;
}

const SETTINGS: CrossBorderSettings = { observers: 1, ghostDistance: 100, syncRadius: 50, windowMs: 300, innerRing: 25 };

/** Observer 0 at (990, 500) in region (0,0) of the demo world; movers just across x = 1000. */
function setup(settings = SETTINGS): { t: CrossBorderTracker; delays: number[]; inner: number[] } {
  const delays: number[] = [];
  const inner: number[] = [];
  const t = new CrossBorderTracker(settings, DEFAULT_WORLD, (ms, isInner) => {
    delays.push(ms);
    if (isInner) inner.push(ms);
  });
  t.observe(0, 990, 500);
  return { t, delays, inner };
}

describe('cross-border geometry', () => {
  const g = new Grid(DEFAULT_WORLD);

  it('names regions and measures distances to a region and to the nearest border', () => {
    expect([g.region(10, 10), g.region(10, 1500), g.region(1500, 10), g.region(1999.9, 1999.9), g.region(2500, -5)]).toEqual([0, 1, 2, 3, 2]);
    expect(g.distanceToRegion(0, 1030, 500)).toBe(30);
    expect(g.distanceToRegion(0, 1030, 1040)).toBe(50);
    expect(g.distanceToRegion(0, 500, 500)).toBe(0);
    expect(g.distanceToBorder(990, 300)).toBe(10);
    expect(g.distanceToBorder(300, 1020)).toBe(20);
    expect(g.distanceToBorder(1, 1)).toBe(999);
  });

  it('places observers beside the borders, alternating sides, spread along them', () => {
    const places = Array.from({ length: 8 }, (_, k) => observerPlace(k, DEFAULT_WORLD));
    for (const p of places) expect(g.distanceToBorder(p.x, p.y)).toBeCloseTo(OBSERVER_OFFSET, 9);
    expect(places[0]?.x).toBe(990);
    expect(places[1]?.y).toBe(990);
    expect(places[2]?.x).toBe(1010);
    expect(new Set(places.map((p) => g.region(p.x, p.y))).size).toBe(4);
    for (const p of places) expect(p.x > 100 && p.x < 1900 && p.y > 100 && p.y < 1900).toBe(true);
  });

  it('keys positions as the f32 values a StateSync carries', () => {
    expect(positionKey(1000.1, 500.3)).toBe(`${Math.fround(1000.1)},${Math.fround(500.3)}`);
  });
});

describe('cross-border delay', () => {
  it('times every move a StateSync newly shows, from its send time, once the mover was shown the time before', () => {
    const { t, delays } = setup();
    t.moved(5, 1010, 500, 0);
    t.moved(5, 1011, 500, 100);
    t.stateSync(0, sync([{ num: 1, x: 1011, y: 500 }]), 150); // first appearance: no delay sample
    expect(delays).toEqual([]);
    t.moved(5, 1012, 500, 200);
    t.moved(5, 1013, 500, 300);
    t.moved(5, 1014, 500, 400);
    t.stateSync(0, sync([{ num: 1, x: 1013, y: 500 }]), 650); // shows the move of t=300: moves 200 and 300 appeared
    expect(delays).toEqual([450, 350]);
    t.stateSync(0, sync([{ num: 1, x: 1013, y: 500 }]), 1150); // nothing newer
    expect(delays).toEqual([450, 350]);
    t.stateSync(0, sync([{ num: 1, x: 1014, y: 500 }]), 1650);
    expect(delays).toEqual([450, 350, 1250]);
  });

  it('reports the samples of moves within the inner ring of the observer\'s region apart', () => {
    const { t, delays, inner } = setup();
    t.moved(5, 1020, 500, 0);
    t.stateSync(0, sync([{ num: 1, x: 1020, y: 500 }]), 100);
    t.moved(5, 1024, 500, 200); // 24 units from region 0: inner ring
    t.moved(5, 1026, 500, 300); // 26: outside it
    t.stateSync(0, sync([{ num: 1, x: 1026, y: 500 }]), 600);
    expect(delays).toEqual([400, 300]);
    expect(inner).toEqual([400]);
  });

  it('gives no sample when the mover was missing from the previous StateSync', () => {
    const { t, delays } = setup();
    t.moved(5, 1010, 500, 0);
    t.stateSync(0, sync([{ num: 1, x: 1010, y: 500 }]), 100);
    t.stateSync(0, sync([]), 600);
    t.moved(5, 1011, 500, 700);
    t.stateSync(0, sync([{ num: 1, x: 1011, y: 500 }]), 1100);
    expect(delays).toEqual([]);
  });

  it('ignores entries that are not ghosts, and counts ghosts it cannot match', () => {
    const { t, delays } = setup();
    t.moved(5, 1010, 500, 0);
    t.stateSync(0, sync([{ num: 1, x: 1010, y: 500, ghost: false }, { num: 2, x: 1234.5, y: 500 }]), 100);
    expect(t.counts).toMatchObject({ syncs: 1, unmatched: 1 });
    expect(delays).toEqual([]);
  });

  it('forgets a mover whose session ended', () => {
    const { t } = setup();
    t.moved(5, 1010, 500, 0);
    t.left(5);
    t.stateSync(0, sync([{ num: 1, x: 1010, y: 500 }]), 1000);
    expect(t.counts).toMatchObject({ unmatched: 1, samples: 0 });
  });
});

describe('cross-border recall', () => {
  it('scores each StateSync: listed / in range for the whole window, averaged', () => {
    const { t } = setup();
    t.moved(1, 1010, 500, 0); // in range: 20 from the observer, 10 into the next region
    t.moved(2, 1020, 520, 0); // in range: 36 from the observer
    t.moved(3, 1080, 500, 0); // beyond the sync radius
    t.moved(4, 980, 500, 0); // the observer's own region (a player there, not a ghost)
    t.stateSync(0, sync([{ num: 1, x: 1010, y: 500 }]), 400);
    expect(t.counts).toMatchObject({ syncs: 1, samples: 1, truth: 2, seen: 1, extra: 0 });
    t.stateSync(0, sync([{ num: 1, x: 1010, y: 500 }, { num: 2, x: 1020, y: 520 }]), 900);
    expect(t.counts).toMatchObject({ samples: 2, truth: 4, seen: 3 });
    expect(recallOf(t.counts)).toEqual({ recall: 0.75, pooled: 0.75 });
  });

  it('counts a mover only once it was in range for the whole window', () => {
    const { t } = setup();
    t.moved(1, 1070, 500, 0); // out of the sync radius
    t.moved(1, 1030, 500, 200); // in from t=200
    t.stateSync(0, sync([]), 400); // in range for 200 ms < window
    expect(t.counts).toMatchObject({ syncs: 1, samples: 0, truth: 0 });
    t.stateSync(0, sync([{ num: 1, x: 1030, y: 500 }]), 550); // 350 ms >= window
    expect(t.counts).toMatchObject({ samples: 1, truth: 1, seen: 1 });
    // A new player with no move before the window is not counted either.
    t.moved(2, 1010, 510, 500);
    t.stateSync(0, sync([{ num: 1, x: 1030, y: 500 }, { num: 2, x: 1010, y: 510 }]), 600);
    expect(t.counts).toMatchObject({ samples: 2, truth: 2, seen: 2, extra: 1 });
  });

  it('leaves out players beyond the ghost distance of the observer\'s region', () => {
    const { t } = setup({ ...SETTINGS, ghostDistance: 15, syncRadius: 200 });
    t.moved(1, 1010, 500, 0);
    t.moved(2, 1020, 500, 0);
    t.stateSync(0, sync([{ num: 1, x: 1010, y: 500 }]), 1000);
    expect(t.counts).toMatchObject({ samples: 1, truth: 1, seen: 1 });
    expect(recallOf(t.counts).recall).toBe(1);
  });

  it('follows ownership, not position: a player just across is still its old server\'s until its transfer completes', () => {
    const { t } = setup();
    t.moved(1, 980, 500, 0); // the observer's region's player
    t.moved(1, 1015, 500, 100); // across, not handed over yet: a player of the observer's server, not a ghost
    t.stateSync(0, sync([]), 500);
    expect(t.counts).toMatchObject({ samples: 0, truth: 0 });
    t.transfer(1, 'started', 540);
    t.moved(1, 1016, 500, 550);
    t.transfer(1, 'completed', 560); // now region (1,0)'s
    t.moved(1, 1017, 500, 600);
    t.stateSync(0, sync([]), 800); // the handover was within the window
    expect(t.counts).toMatchObject({ samples: 0 });
    t.stateSync(0, sync([{ num: 7, x: 1017, y: 500 }]), 950);
    expect(t.counts).toMatchObject({ samples: 1, truth: 1, seen: 1 });
    t.transfer(1, 'started', 1000);
    t.stateSync(0, sync([]), 1400); // in flux
    t.transfer(1, 'aborted', 1450);
    t.moved(1, 1018, 500, 1500);
    t.stateSync(0, sync([]), 1700);
    expect(t.counts).toMatchObject({ samples: 1 });
    t.stateSync(0, sync([]), 1800);
    expect(t.counts).toMatchObject({ samples: 2, truth: 2, seen: 1 });
  });

  it('has no recall without samples', () => {
    expect(recallOf({ samples: 0, recallSum: 0, truth: 0, seen: 0 })).toEqual({ recall: 0, pooled: 0 });
  });
});
