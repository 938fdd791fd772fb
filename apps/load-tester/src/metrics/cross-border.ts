// The cross-border check (`--cross-border`): how long a move by a player of one game server
// takes to show in the StateSync an observer gets from the neighbouring server (where the
// player is a ghost), and how many of the players that server should be showing it does.
//
// The first `observers` clients are observers: idle, placed OBSERVER_OFFSET units inside a
// region border. Every other client is a mover; with the check on, each of its moves is
// kept in a short per-player history (position, time) and, when it is near a border, in a
// map from its StateSync key (f32 x, f32 y: what a sim-server writes) to (player, move).
// An observer's StateSync lists (number, f32 position) entries, ghosts marked by the
// number's top bit; a ghost entry whose position is one this thread sent names the move.
//
// Delay. Per (observer, mover): when a StateSync shows a newer move of the mover than the
// observer's previous StateSync did, every move sent after the one shown then, up to the
// one shown now, appeared now: one sample `received - sent` each (a move superseded before
// any StateSync showed it appears with the first newer one). A mover not shown in the
// previous StateSync gives no sample (it just came into view: its history says nothing
// about delay). A sample whose move was within `innerRing` of the observer's region is
// also reported apart: the node sends every move of the ring nearest the border at once,
// so there the delay is transport and the observer's server's StateSync interval alone.
//
// Recall. Per observer StateSync received at t, the truth T is the movers of this thread
// whose every move in force during [t - window, t] was owned by another region's server than
// the observer's, within `ghostDistance` of the observer's region (the node's ghost zone:
// spatial.ghost_distance) and within `syncRadius` of the observer (what the sim-server
// lists: --sync-radius). Ownership, not position: the node hands a player over only once it
// is spatial.transfer_distance past the border (with lookahead), so a player just across is
// still its old server's player, listed there as one, not as a ghost. The tester follows
// ownership from the client's side: the region of its first position, unknown from a
// ServerTransfer Started, the region of its position at Completed (back as before at Aborted). S is the movers the StateSync shows as ghosts. A sample with T
// non-empty scores |S ∩ T| / |T|; recall is their mean (and pooled: Σ|S ∩ T| / Σ|T|).
// The window covers the ghost stream's ring hold and transport, so a mover that only just
// came into range is not counted against the system. With workers, each thread checks its
// own observers against its own movers (ghosts of other threads' movers are not matched).
import type { World } from '../scenario/scenario';

/** How an observer's StateSync is checked. */
export interface CrossBorderSettings {
  /** Observer clients: client indices 0 .. observers-1. */
  readonly observers: number;
  /** The node's spatial.ghost_distance (its default: spatial.preload_distance, 100). */
  readonly ghostDistance: number;
  /** The sim-server's --sync-radius (default 50): StateSyncs list what is within it. */
  readonly syncRadius: number;
  /** A mover counts in the truth only after this long in range (ms). */
  readonly windowMs: number;
  /** The node's innermost ghost ring, in units from the region (its first spatial.ghost_rings fraction x the ghost distance). */
  readonly innerRing: number;
}

/** Defaults: the demo deployment's settings. */
export const CROSS_BORDER_DEFAULTS: CrossBorderSettings = { observers: 16, ghostDistance: 100, syncRadius: 50, windowMs: 300, innerRing: 25 };

/** How far inside its region an observer stands from the border, in world units. */
export const OBSERVER_OFFSET = 10;

/** The report's definition of the figures (also in --help). */
export const CROSS_BORDER_DEFINITION =
  'delay: for each move of a player near a border, the time from sending it to the first StateSync of an observer on the neighbouring server ' +
  'that shows the player (as a ghost) at that position or a later one (counted while the player stays in the observer\'s StateSyncs). ' +
  'recall: per observer StateSync, of the players owned by the servers of other regions that were within the ghost distance of the observer\'s region and within the sync radius of the observer ' +
  'for the whole window before it, the share listed as ghosts; averaged over StateSyncs with at least one such player.';

/** Moves kept per mover (a window plus a StateSync interval at the move rate must fit). */
const HISTORY = 64;
const GHOST_BIT = 0x80000000;

/** Grid geometry of the scenario's world. */
export class Grid {
  readonly cw: number;
  readonly ch: number;
  constructor(readonly world: World) {
    this.cw = (world.maxX - world.minX) / world.cols;
    this.ch = (world.maxY - world.minY) / world.rows;
  }

  /** Region index (column-major cell number) of a point; points outside the world clamp to the edge cells. */
  region(x: number, y: number): number {
    const w = this.world;
    const i = Math.min(w.cols - 1, Math.max(0, Math.floor((x - w.minX) / this.cw)));
    const j = Math.min(w.rows - 1, Math.max(0, Math.floor((y - w.minY) / this.ch)));
    return i * w.rows + j;
  }

  /** Distance in x/y from a point to region `r`'s box (0 inside). */
  distanceToRegion(r: number, x: number, y: number): number {
    const w = this.world;
    const i = Math.floor(r / w.rows);
    const j = r % w.rows;
    const x0 = w.minX + i * this.cw;
    const y0 = w.minY + j * this.ch;
    const dx = x < x0 ? x0 - x : x > x0 + this.cw ? x - x0 - this.cw : 0;
    const dy = y < y0 ? y0 - y : y > y0 + this.ch ? y - y0 - this.ch : 0;
    return Math.hypot(dx, dy);
  }

  /** Distance from a point to the nearest interior border line (Infinity for one region). */
  distanceToBorder(x: number, y: number): number {
    const w = this.world;
    let d = Number.POSITIVE_INFINITY;
    if (w.cols > 1) {
      const fx = (x - w.minX) / this.cw;
      const k = Math.min(w.cols - 1, Math.max(1, Math.round(fx)));
      d = Math.abs(x - (w.minX + k * this.cw));
    }
    if (w.rows > 1) {
      const fy = (y - w.minY) / this.ch;
      const k = Math.min(w.rows - 1, Math.max(1, Math.round(fy)));
      d = Math.min(d, Math.abs(y - (w.minY + k * this.ch)));
    }
    return d;
  }
}

/** Where observer `k` stands: spread over the interior border lines, alternating sides, OBSERVER_OFFSET inside. */
export function observerPlace(k: number, world: World): { x: number; y: number } {
  const g = new Grid(world);
  const lines: Array<{ axis: 0 | 1; at: number }> = [];
  for (let i = 1; i < world.cols; i++) lines.push({ axis: 0, at: world.minX + i * g.cw });
  for (let j = 1; j < world.rows; j++) lines.push({ axis: 1, at: world.minY + j * g.ch });
  const cx = (world.minX + world.maxX) / 2;
  const cy = (world.minY + world.maxY) / 2;
  if (lines.length === 0) return { x: cx, y: cy };
  const line = lines[k % lines.length] as { axis: 0 | 1; at: number };
  const round = Math.floor(k / lines.length);
  const side = round % 2 === 0 ? -1 : 1;
  // Along the line: a low-discrepancy spread over 5..95% of the world.
  const along = 0.05 + 0.9 * (((round + 0.5) * 0.6180339887498949) % 1);
  return line.axis === 0
    ? { x: line.at + side * OBSERVER_OFFSET, y: world.minY + along * (world.maxY - world.minY) }
    : { x: world.minX + along * (world.maxX - world.minX), y: line.at + side * OBSERVER_OFFSET };
}

/** The StateSync key of a position: the f32 coordinates a sim-server writes. */
export function positionKey(x: number, y: number): string {
  return `${Math.fround(x)},${Math.fround(y)}`;
}

/** A mover's recent moves (ring buffer). */
interface Mover {
  readonly index: number;
  /** Moves sent so far; move s is at slot s % HISTORY while s > seq - HISTORY. */
  seq: number;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly ts: Float64Array;
  /** The map keys its slots hold ('' when the move was not near a border). */
  readonly keys: string[];
  /** Its latest move was within ghostDistance + syncRadius of a border. */
  near: boolean;
  /** The region whose server owns it (-1 during a transfer), and the owner in force at each move. */
  owner: number;
  /** The owner before a transfer started (restored when it aborts). */
  ownerBefore: number;
  /** When its last ServerTransfer notice arrived (-Infinity: none). */
  transferAt: number;
  readonly owners: Int32Array;
  /** Stamp of the StateSync that last showed it (recall). */
  seenStamp: number;
}

interface Observer {
  readonly x: number;
  readonly y: number;
  readonly region: number;
  syncs: number;
  /** Mover index -> the newest move a StateSync showed and that StateSync's number. */
  readonly shown: Map<number, { seq: number; sync: number }>;
}

/** What the check counted (additive across threads). */
export interface CrossBorderCounts {
  /** Observer StateSyncs received. */
  syncs: number;
  /** Of them, with a non-empty truth (recall samples). */
  samples: number;
  /** Sum of the samples' recall. */
  recallSum: number;
  /** Σ|T| and Σ|S ∩ T|. */
  truth: number;
  seen: number;
  /** Ghosts shown that were not in the truth (at the edge of range, or not there for the whole window). */
  extra: number;
  /** Ghost entries this thread could not match to one of its moves (other threads', other testers', older than the history). */
  unmatched: number;
  /** StateSyncs that listed the sim's maximum (32): the truth may exceed what one can list. */
  full: number;
}

/** A sim-server's most entries per StateSync. */
export const SYNC_MAX = 32;

/** One thread's cross-border bookkeeping. */
export class CrossBorderTracker {
  readonly counts: CrossBorderCounts = { syncs: 0, samples: 0, recallSum: 0, truth: 0, seen: 0, extra: 0, unmatched: 0, full: 0 };
  private readonly grid: Grid;
  private readonly movers = new Map<number, Mover>();
  private readonly byKey = new Map<string, { mover: Mover; seq: number }>();
  private readonly observers = new Map<number, Observer>();
  private stamp = 0;

  constructor(
    readonly settings: CrossBorderSettings,
    world: World,
    /** Receives one delay sample (ms); `inner` when its move was within the innermost ring. */
    private readonly recordDelay: (ms: number, inner: boolean) => void,
  ) {
    this.grid = new Grid(world);
  }

  /** True for observer clients. */
  isObserver(index: number): boolean {
    return index < this.settings.observers;
  }

  /** Registers an observer at its place. */
  observe(index: number, x: number, y: number): void {
    this.observers.set(index, { x, y, region: this.grid.region(x, y), syncs: 0, shown: new Map() });
  }

  /** A mover sent a move to (x, y) at `now`. */
  moved(index: number, x: number, y: number, now: number): void {
    let m = this.movers.get(index);
    if (m === undefined) {
      const owner = this.grid.region(x, y);
      m = { index, seq: 0, xs: new Float64Array(HISTORY), ys: new Float64Array(HISTORY), ts: new Float64Array(HISTORY), keys: new Array<string>(HISTORY).fill(''), near: false, seenStamp: -1, owner, ownerBefore: owner, transferAt: Number.NEGATIVE_INFINITY, owners: new Int32Array(HISTORY) };
      this.movers.set(index, m);
    }
    const slot = m.seq % HISTORY;
    const old = m.keys[slot] as string;
    if (old !== '') {
      const held = this.byKey.get(old);
      // The same position sent again later keeps its newer entry.
      if (held?.mover === m && held.seq === m.seq - HISTORY) this.byKey.delete(old);
    }
    m.xs[slot] = x;
    m.ys[slot] = y;
    m.ts[slot] = now;
    m.owners[slot] = m.owner;
    const near = this.grid.distanceToBorder(x, y) <= this.settings.ghostDistance + this.settings.syncRadius;
    m.near = near;
    if (near) {
      const key = positionKey(x, y);
      m.keys[slot] = key;
      this.byKey.set(key, { mover: m, seq: m.seq });
    } else m.keys[slot] = '';
    m.seq++;
  }

  /** A mover's transfer started (its owner is in flux), completed (the region of its position owns it) or aborted. */
  transfer(index: number, phase: 'started' | 'completed' | 'aborted', now: number): void {
    const m = this.movers.get(index);
    if (m === undefined) return;
    m.transferAt = now;
    if (phase === 'started') {
      if (m.owner >= 0) m.ownerBefore = m.owner;
      m.owner = -1;
    } else if (phase === 'aborted') m.owner = m.ownerBefore;
    else {
      const slot = (m.seq + HISTORY - 1) % HISTORY;
      m.owner = m.seq > 0 ? this.grid.region(m.xs[slot] as number, m.ys[slot] as number) : m.ownerBefore;
    }
  }

  /** A mover's session ended: it is no one's ghost any more, and its history starts again. */
  left(index: number): void {
    const m = this.movers.get(index);
    if (m === undefined) return;
    for (const k of m.keys) if (k !== '' && this.byKey.get(k)?.mover === m) this.byKey.delete(k);
    this.movers.delete(index);
  }

  /** An observer received a StateSync (`data`: the sim-server's payload) at `now`. */
  stateSync(index: number, data: Uint8Array, now: number): void {
    const o = this.observers.get(index);
    if (o === undefined) return;
    const c = this.counts;
    c.syncs++;
    o.syncs++;
    const stamp = ++this.stamp;
    const dv = new DataView(data.buffer, data.byteOffset, data.length);
    const n = data.length >= 2 ? dv.getUint16(0, true) : 0;
    if (n >= SYNC_MAX) c.full++;
    const shownNow: Mover[] = [];
    for (let i = 0; i < n && 2 + i * 16 + 16 <= data.length; i++) {
      const off = 2 + i * 16;
      if (dv.getUint32(off, true) < GHOST_BIT) continue;
      const hit = this.byKey.get(`${dv.getFloat32(off + 4, true)},${dv.getFloat32(off + 8, true)}`);
      if (hit === undefined) {
        c.unmatched++;
        continue;
      }
      const m = hit.mover;
      m.seenStamp = stamp;
      shownNow.push(m);
      const prev = o.shown.get(m.index);
      if (prev !== undefined && prev.sync === o.syncs - 1 && hit.seq > prev.seq) {
        for (let s = Math.max(prev.seq + 1, m.seq - HISTORY, 0); s <= hit.seq; s++) {
          const slot = s % HISTORY;
          const inner = this.grid.distanceToRegion(o.region, m.xs[slot] as number, m.ys[slot] as number) <= this.settings.innerRing;
          this.recordDelay(now - (m.ts[slot] as number), inner);
        }
      }
      o.shown.set(m.index, { seq: prev === undefined || hit.seq > prev.seq ? hit.seq : prev.seq, sync: o.syncs });
    }
    // Forget movers this StateSync did not show (their next appearance starts afresh).
    if (o.shown.size > shownNow.length) for (const [k, v] of o.shown) if (v.sync !== o.syncs) o.shown.delete(k);
    let truth = 0;
    let seen = 0;
    for (const m of this.movers.values()) {
      if (!m.near) continue;
      if (this.inRange(o, m, now)) {
        truth++;
        if (m.seenStamp === stamp) seen++;
      }
    }
    c.extra += shownNow.length - seen;
    if (truth > 0) {
      c.samples++;
      c.truth += truth;
      c.seen += seen;
      c.recallSum += seen / truth;
    }
  }

  /** Every position of `m` in force during [now - window, now] is one the observer's server should list. */
  private inRange(o: Observer, m: Mover, now: number): boolean {
    const { ghostDistance, syncRadius, windowMs } = this.settings;
    const r2 = syncRadius * syncRadius;
    const from = now - windowMs;
    // A handover within the window: the servers may see it as either's (the notices trail the node's decision).
    if (m.owner < 0 || m.owner === o.region || m.transferAt > from) return false;
    const oldest = Math.max(0, m.seq - HISTORY);
    for (let s = m.seq - 1; s >= oldest; s--) {
      const slot = s % HISTORY;
      const x = m.xs[slot] as number;
      const y = m.ys[slot] as number;
      const dx = x - o.x;
      const dy = y - o.y;
      if (dx * dx + dy * dy > r2) return false;
      const owner = m.owners[slot] as number;
      if (owner < 0 || owner === o.region) return false;
      if (this.grid.distanceToRegion(o.region, x, y) > ghostDistance) return false;
      // This move was in force at the window's start: the whole window is covered.
      if ((m.ts[slot] as number) <= from) return true;
    }
    // The history does not reach back to the window's start (a new player).
    return false;
  }
}

/** Recall figures from the counts. */
export function recallOf(c: Pick<CrossBorderCounts, 'samples' | 'recallSum' | 'truth' | 'seen'>): { recall: number; pooled: number } {
  return { recall: c.samples > 0 ? c.recallSum / c.samples : 0, pooled: c.truth > 0 ? c.seen / c.truth : 0 };
}
