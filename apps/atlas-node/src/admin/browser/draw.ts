/**
 * Draws one admin state on the map canvas: regions coloured by load, transfer arrows,
 * player dots, and the two world axes with their ranges. Returns what it drew, so the
 * browser test can check the picture against the state without guessing.
 */
import { BACKGROUND_RGB, GHOST_RGB, MAP_CHANGE_MS, PLAYER_RGB, TRANSFERRING_RGB, type AdminState, type Box3, type MapPlane, type Point3 } from '../map-contract';

/** A canvas point in CSS pixels. */
export interface CanvasPoint {
  readonly x: number;
  readonly y: number;
}

/** A drawn region rectangle in CSS pixels. */
export interface DrawnRect {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The last region map change the page saw: its version, when, and what each server owned before it. */
export interface MapChange {
  readonly version: number;
  readonly at: number;
  /** Server id -> its region before the change, as JSON (regions that differ now are marked). */
  readonly before: ReadonlyMap<string, string>;
}

/** What one draw put on the canvas. */
export interface Drawing {
  readonly plane: MapPlane;
  readonly rects: readonly DrawnRect[];
  readonly dots: number;
  /** Ghost outlines drawn. */
  readonly ghosts: number;
  /** The axis texts drawn: horizontal min, max and name, then vertical. */
  readonly axisLabels: readonly string[];
  /** Ids of the regions marked as changed by the latest region map version (within MAP_CHANGE_MS). */
  readonly changed: readonly string[];
  /** The map version caption, e.g. `region map v3 (changed 2 s ago)`. */
  readonly mapLabel: string;
  /** World point -> canvas point (CSS pixels). */
  readonly toCanvas: (p: Point3) => CanvasPoint;
}

const TRANSFER_FADE_MS = 3000;
const PAD_CSS = 36;
const rgb = (c: readonly number[]): string => `rgb(${c.join(',')})`;

function loadColour(u: number, alpha: number): string {
  const hue = Math.round(120 * (1 - Math.max(0, Math.min(1, u))));
  return `hsla(${hue}, 75%, 45%, ${alpha})`;
}

/** World -> device pixels for `plane`, world `v` growing upwards, aspect kept. */
function transform(world: Box3, plane: MapPlane, width: number, height: number, pad: number): (p: Point3) => CanvasPoint {
  const w = Math.max(world.max[plane.h] - world.min[plane.h], 1e-9);
  const h = Math.max(world.max[plane.v] - world.min[plane.v], 1e-9);
  const scale = Math.min((width - 2 * pad) / w, (height - 2 * pad) / h);
  const ox = (width - w * scale) / 2;
  const oy = (height - h * scale) / 2;
  return (p) => ({ x: ox + (p[plane.h] - world.min[plane.h]) * scale, y: height - oy - (p[plane.v] - world.min[plane.v]) * scale });
}

function centre(r: Box3): Point3 {
  return { x: (r.min.x + r.max.x) / 2, y: (r.min.y + r.max.y) / 2, z: (r.min.z + r.max.z) / 2 };
}

function arrow(ctx: CanvasRenderingContext2D, a: CanvasPoint, b: CanvasPoint, colour: string, dpr: number): void {
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 2 * dpr;
  ctx.beginPath();
  ctx.moveTo(a.x, a.y);
  ctx.lineTo(b.x, b.y);
  ctx.stroke();
  const angle = Math.atan2(b.y - a.y, b.x - a.x);
  const size = 10 * dpr;
  ctx.beginPath();
  ctx.moveTo(b.x, b.y);
  ctx.lineTo(b.x - size * Math.cos(angle - 0.4), b.y - size * Math.sin(angle - 0.4));
  ctx.lineTo(b.x - size * Math.cos(angle + 0.4), b.y - size * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fill();
}

/** Axis names with their world ranges along the bottom and left edges of the world box. */
function axes(ctx: CanvasRenderingContext2D, world: Box3, plane: MapPlane, toCanvas: (p: Point3) => CanvasPoint, dpr: number): string[] {
  const lo = toCanvas(world.min);
  const hi = toCanvas(world.max);
  const labels = [String(world.min[plane.h]), `${world.max[plane.h]}  ${plane.h} →`, String(world.min[plane.v]), `${world.max[plane.v]}  ${plane.v} →`];
  ctx.fillStyle = '#94a3b8';
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(labels[0] as string, lo.x, lo.y + 4 * dpr);
  ctx.textAlign = 'right';
  ctx.fillText(labels[1] as string, hi.x, lo.y + 4 * dpr);
  ctx.save();
  ctx.translate(lo.x - 4 * dpr, lo.y);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  ctx.fillText(labels[2] as string, 0, 0);
  ctx.textAlign = 'right';
  ctx.fillText(labels[3] as string, lo.y - hi.y, 0);
  ctx.restore();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  return labels;
}

function regions(ctx: CanvasRenderingContext2D, state: AdminState, toCanvas: (p: Point3) => CanvasPoint, dpr: number): DrawnRect[] {
  const rects: DrawnRect[] = [];
  for (const s of state.servers) {
    if (s.region === null) continue;
    const a = toCanvas(s.region.min);
    const b = toCanvas(s.region.max);
    const x = Math.min(a.x, b.x);
    const y = Math.min(a.y, b.y);
    const w = Math.abs(b.x - a.x);
    const h = Math.abs(b.y - a.y);
    const alive = s.status === 'active';
    ctx.fillStyle = alive ? loadColour(s.utilisation, 0.35) : 'rgba(100, 116, 139, 0.35)';
    ctx.fillRect(x, y, w, h);
    ctx.lineWidth = 2 * dpr;
    ctx.setLineDash(s.link === 'down' || !alive ? [6 * dpr, 4 * dpr] : []);
    ctx.strokeStyle = s.link === 'down' ? '#ef4444' : alive ? loadColour(s.utilisation, 0.9) : '#64748b';
    ctx.strokeRect(x, y, w, h);
    ctx.setLineDash([]);
    ctx.fillStyle = '#e2e8f0';
    ctx.font = `${12 * dpr}px system-ui, sans-serif`;
    const link = s.link === null ? '' : `  link ${s.link}`;
    const version = s.map_version > 0 ? `  v${s.map_version}` : '';
    ctx.fillText(`${s.name}${version}  ${Math.round(s.utilisation * 100)}%  ${s.players} pl${link}`, x + 6 * dpr, y + 16 * dpr);
    rects.push({ id: s.id, x: x / dpr, y: y / dpr, w: w / dpr, h: h / dpr });
  }
  return rects;
}

function transfers(ctx: CanvasRenderingContext2D, state: AdminState, toCanvas: (p: Point3) => CanvasPoint, dpr: number): void {
  const byId = new Map(state.servers.map((s) => [s.id, s]));
  for (const t of state.transfers) {
    const age = t.ended_at === null ? 0 : state.now - t.ended_at;
    if (age > TRANSFER_FADE_MS) continue;
    const from = byId.get(t.from)?.region;
    const to = byId.get(t.to)?.region;
    if (!from || !to) continue;
    const alpha = 1 - age / TRANSFER_FADE_MS;
    const colour = t.state === 'aborted' ? `rgba(239, 68, 68, ${alpha})` : t.state === 'completed' ? `rgba(34, 197, 94, ${alpha})` : `rgba(250, 204, 21, ${alpha})`;
    arrow(ctx, toCanvas(centre(from)), toCanvas(centre(to)), colour, dpr);
  }
}

/** Each live region's interest zone: how far beyond it its server sees neighbours' players as ghosts. */
function zones(ctx: CanvasRenderingContext2D, state: AdminState, toCanvas: (p: Point3) => CanvasPoint, dpr: number): void {
  const reach = state.ghost_distance;
  if (!(reach > 0)) return;
  const grow = (p: Point3, d: number): Point3 => ({ x: p.x + d, y: p.y + d, z: p.z + d });
  ctx.strokeStyle = 'rgba(226, 232, 240, 0.35)';
  ctx.lineWidth = dpr;
  ctx.setLineDash([3 * dpr, 3 * dpr]);
  for (const s of state.servers) {
    if (s.region === null || s.status !== 'active') continue;
    const a = toCanvas(grow(s.region.min, -reach));
    const b = toCanvas(grow(s.region.max, reach));
    ctx.strokeRect(Math.min(a.x, b.x), Math.min(a.y, b.y), Math.abs(b.x - a.x), Math.abs(b.y - a.y));
  }
  ctx.setLineDash([]);
}

/** Marks, with a bright double outline fading out, the regions the latest map version changed; returns their ids and the caption. */
function mapChange(ctx: CanvasRenderingContext2D, state: AdminState, change: MapChange | undefined, toCanvas: (p: Point3) => CanvasPoint, dpr: number): { changed: string[]; label: string } {
  const age = change === undefined ? Infinity : state.now - change.at;
  const label = state.map_version === 0 ? 'regions as registered' : `region map v${state.map_version}${age < 60_000 ? ` (changed ${Math.round(age / 1000)} s ago)` : ''}`;
  ctx.fillStyle = '#e2e8f0';
  ctx.font = `${12 * dpr}px system-ui, sans-serif`;
  ctx.fillText(label, 8 * dpr, 16 * dpr);
  const changed: string[] = [];
  if (change === undefined || change.version !== state.map_version || age > MAP_CHANGE_MS) return { changed, label };
  const alpha = 1 - Math.max(0, age) / MAP_CHANGE_MS;
  ctx.strokeStyle = `rgba(255, 255, 255, ${alpha})`;
  ctx.lineWidth = 4 * dpr;
  ctx.setLineDash([10 * dpr, 5 * dpr]);
  for (const s of state.servers) {
    if (s.region === null || change.before.get(s.id) === JSON.stringify(s.region)) continue;
    const a = toCanvas(s.region.min);
    const b = toCanvas(s.region.max);
    ctx.strokeRect(Math.min(a.x, b.x) + 3 * dpr, Math.min(a.y, b.y) + 3 * dpr, Math.abs(b.x - a.x) - 6 * dpr, Math.abs(b.y - a.y) - 6 * dpr);
    changed.push(s.id);
  }
  ctx.setLineDash([]);
  return { changed, label };
}

/** Clears `canvas` (resizing it to its CSS box) and draws `state` on it (marking what `change`, the latest map version, moved). */
export function drawMap(canvas: HTMLCanvasElement, state: AdminState, change?: MapChange): Drawing {
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2d canvas context');
  const dpr = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * dpr);
  const height = Math.round(canvas.clientHeight * dpr);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  ctx.fillStyle = rgb(BACKGROUND_RGB);
  ctx.fillRect(0, 0, width, height);
  const plane = state.plane;
  const toDevice = transform(state.world, plane, width, height, PAD_CSS * dpr);
  const rects = regions(ctx, state, toDevice, dpr);
  zones(ctx, state, toDevice, dpr);
  transfers(ctx, state, toDevice, dpr);
  const axisLabels = axes(ctx, state.world, plane, toDevice, dpr);
  const marked = mapChange(ctx, state, change, toDevice, dpr);
  const radius = 3 * dpr;
  for (const p of state.players) {
    const c = toDevice(p);
    ctx.fillStyle = rgb(p.transferring ? TRANSFERRING_RGB : PLAYER_RGB);
    ctx.beginPath();
    ctx.arc(c.x, c.y, radius, 0, Math.PI * 2);
    ctx.fill();
  }
  // Ghosts: an outline around each player that neighbours see across the border.
  ctx.strokeStyle = rgb(GHOST_RGB);
  ctx.lineWidth = 1.5 * dpr;
  for (const g of state.ghosts) {
    const c = toDevice(g);
    ctx.beginPath();
    ctx.arc(c.x, c.y, radius * 2.2, 0, Math.PI * 2);
    ctx.stroke();
  }
  const toCanvas = (p: Point3): CanvasPoint => {
    const c = toDevice(p);
    return { x: c.x / dpr, y: c.y / dpr };
  };
  return { plane, rects, dots: state.players.length, ghosts: state.ghosts.length, axisLabels, changed: marked.changed, mapLabel: marked.label, toCanvas };
}
