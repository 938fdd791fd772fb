// The simulated game: players' positions from their moves, an echo of every action to
// its sender (so round trips can be timed), and a periodic StateSync of the players
// nearby. Transport-agnostic: node links and direct clients both feed it.
import { SyncMode, type ClientSingleMessage, type PlayerAction, type Vec3 } from '@atlas/protocol';
import { encodeCarried, encodeNearby, type CarriedState, type NearbyEntry } from './state-codec';

/** Where a player's outbound messages go (the transport assigns sequence numbers). */
export interface PlayerSink {
  send(m: ClientSingleMessage): void;
}

/** One player in the world. */
export interface WorldPlayer {
  readonly id: string;
  /** Small number naming the player in StateSync payloads. */
  readonly num: number;
  position: Vec3;
  counter: number;
  readonly sink: PlayerSink;
}

/** A neighbour's player near this region, as its ghost stream last placed it. */
export interface WorldGhost {
  readonly id: string;
  readonly num: number;
  position: Vec3;
}

/** Tick and sync settings. */
export interface WorldOptions {
  /** Simulation ticks per second (default 20). */
  readonly tickHz?: number;
  /** StateSyncs per second per player; 0 turns them off (default 2). */
  readonly syncHz?: number;
  /** Players within this distance are listed in a StateSync (default 50). */
  readonly syncRadius?: number;
  /** Most players listed per StateSync (default 32). */
  readonly syncMax?: number;
  /** Called with each tick's duration, milliseconds. */
  readonly onTick?: (ms: number) => void;
}

/** The world one sim-server simulates. */
export class World {
  private readonly players = new Map<string, WorldPlayer>();
  private readonly tickHz: number;
  private readonly syncEvery: number;
  private readonly radius: number;
  private readonly syncMax: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticks = 0;
  private nextNum = 1;
  /** Preload notices received (players of a neighbour that came near this region). */
  preloads = 0;
  /** Players of neighbours announced near this region and not yet withdrawn. */
  readonly preloading = new Set<string>();
  /** Ghosts: neighbours' players within the interest distance, listed in StateSyncs as such. */
  readonly ghosts = new Map<string, WorldGhost>();

  constructor(private readonly options: WorldOptions = {}) {
    this.tickHz = options.tickHz ?? 20;
    const syncHz = options.syncHz ?? 2;
    this.syncEvery = syncHz > 0 ? Math.max(1, Math.round(this.tickHz / syncHz)) : 0;
    this.radius = options.syncRadius ?? 50;
    this.syncMax = options.syncMax ?? 32;
  }

  /** A neighbour's player came near (`active`) or left the preload zone: only counted here. */
  preload(playerId: string, active: boolean): void {
    if (active) {
      this.preloads++;
      this.preloading.add(playerId);
    } else this.preloading.delete(playerId);
  }

  /** A ghost appeared or moved. */
  ghost(id: string, position: Vec3): void {
    const g = this.ghosts.get(id);
    if (g !== undefined) g.position = position;
    else if (!this.players.has(id)) this.ghosts.set(id, { id, num: this.nextNum++, position });
  }

  /** A ghost is gone (left the zone, disconnected, or it is a player here now). */
  ghostLeft(id: string): void {
    this.ghosts.delete(id);
  }

  /** Players in the world. */
  get size(): number {
    return this.players.size;
  }

  /** The player with this id. */
  get(id: string): WorldPlayer | undefined {
    return this.players.get(id);
  }

  /** Adds (or replaces) a player; `carried` continues a handed-over or resumed state. */
  join(id: string, position: Vec3, sink: PlayerSink, carried?: CarriedState): WorldPlayer {
    this.preloading.delete(id); // it is here now, no longer a neighbour's
    this.ghosts.delete(id);
    const p: WorldPlayer = { id, num: this.nextNum++, position: carried?.position ?? position, counter: carried?.counter ?? 0, sink };
    this.players.set(id, p);
    return p;
  }

  /** Removes a player, if `sink` still owns it (a newer join may have replaced it). */
  leave(id: string, sink: PlayerSink): void {
    if (this.players.get(id)?.sink === sink) this.players.delete(id);
  }

  /** A move from the player. */
  move(id: string, position: Vec3): void {
    const p = this.players.get(id);
    if (p === undefined) return;
    p.position = position;
    p.counter++;
  }

  /** An action from the player: echoed back unchanged (tag, channel, data). */
  action(id: string, a: PlayerAction): void {
    const p = this.players.get(id);
    if (p === undefined) return;
    p.counter++;
    p.sink.send({ type: 'PlayerAction', seq: 0, channel: a.channel, tag: a.tag, data: a.data });
  }

  /** The player's state for a handover (position and counter). */
  exportState(id: string): Uint8Array | undefined {
    const p = this.players.get(id);
    return p === undefined ? undefined : encodeCarried({ position: p.position, counter: p.counter });
  }

  /** Starts the tick loop. */
  start(): void {
    if (this.timer === undefined) this.timer = setInterval(() => this.tick(), 1000 / this.tickHz);
  }

  /** Stops the tick loop. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One simulation step (public for tests). */
  tick(): void {
    const started = performance.now();
    this.ticks++;
    if (this.syncEvery > 0 && this.ticks % this.syncEvery === 0 && this.players.size > 0) this.sync();
    this.options.onTick?.(performance.now() - started);
  }

  /** Sends every player the players and ghosts near it, via a grid of radius-sized cells. */
  private sync(): void {
    const cell = Math.max(1e-6, this.radius);
    const grid = new Map<string, (WorldPlayer | WorldGhost)[]>();
    const keyOf = (x: number, y: number): string => `${x},${y}`;
    const put = (p: WorldPlayer | WorldGhost): void => {
      const k = keyOf(Math.floor(p.position.x / cell), Math.floor(p.position.y / cell));
      const list = grid.get(k);
      if (list === undefined) grid.set(k, [p]);
      else list.push(p);
    };
    for (const p of this.players.values()) put(p);
    for (const g of this.ghosts.values()) put(g);
    const r2 = this.radius * this.radius;
    for (const p of this.players.values()) {
      const cx = Math.floor(p.position.x / cell);
      const cy = Math.floor(p.position.y / cell);
      const near: NearbyEntry[] = [];
      for (let dx = -1; dx <= 1 && near.length < this.syncMax; dx++) {
        for (let dy = -1; dy <= 1 && near.length < this.syncMax; dy++) {
          for (const q of grid.get(keyOf(cx + dx, cy + dy)) ?? []) {
            if (q === p) continue;
            const ex = q.position.x - p.position.x;
            const ey = q.position.y - p.position.y;
            const ez = q.position.z - p.position.z;
            if (ex * ex + ey * ey + ez * ez <= r2) near.push('sink' in q ? { num: q.num, position: q.position } : { num: q.num, position: q.position, ghost: true });
            if (near.length >= this.syncMax) break;
          }
        }
      }
      p.sink.send({ type: 'StateSync', seq: 0, mode: SyncMode.Full, baseSeq: 0, data: encodeNearby(near) });
    }
  }
}
