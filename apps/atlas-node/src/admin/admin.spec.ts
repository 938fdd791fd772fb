import { DEFAULT_CONFIG, type AtlasConfig } from '@atlas/config';
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { mountFallbackRoute, trackRoutes } from '../http/fallback';
import { LinkState, NodeRunState, type NodeSnapshot, type PlayerView } from '../http/snapshot';
import { createTestDeps, type TestDeps } from '../testing/test-deps';
import { useHttpRoutes } from '../testing/http-routes';
import { bootApp, request } from '../testing/test-server';
import { Direction } from '../metrics/metrics';
import type { RegionBounds } from '@atlas/cluster';
import { BACKGROUND_RGB, PLAYER_RGB, TRANSFERRING_RGB } from './map-contract';
import { listenAdmin, mountAdminRoutes } from './admin-routes';
import type { AdminState } from './admin-state';

const TOKEN = 'admin-token-0123456789';
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOT_DIR = join(__dirname, '../../../../tmp/atlas-node-admin');

const config: AtlasConfig = {
  ...DEFAULT_CONFIG,
  cluster: { ...DEFAULT_CONFIG.cluster, node_id: 'admin-test' },
  security: { ...DEFAULT_CONFIG.security, admin_token: TOKEN },
  admin: { ...DEFAULT_CONFIG.admin, port: 0 },
};

type RegionOf = (i: number, j: number) => RegionBounds;
/** A flat 2x2 world of 1000-unit cells on x/z. */
const FLAT_XZ: RegionOf = (i, j) => ({ min: { x: i * 1000, y: 0, z: j * 1000 }, max: { x: (i + 1) * 1000, y: 0, z: (j + 1) * 1000 } });
/** The demo's world: 2x2 cells on x/y over 0..2000, every region spanning z -1000..1000. */
const DEMO_XY: RegionOf = (i, j) => ({ min: { x: i * 1000, y: j * 1000, z: -1000 }, max: { x: (i + 1) * 1000, y: (j + 1) * 1000, z: 1000 } });

/** A 2x2 world of 1000-unit cells, registered straight into the registry. */
async function registerWorld(deps: TestDeps, regionOf: RegionOf = FLAT_XZ): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, j] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
    const id = `cell-${i}-${j}`;
    const result = await deps.servers.register({
      id,
      name: `sim-${i}-${j}`,
      address: `ws://127.0.0.1:${7100 + i * 2 + j}/atlas`,
      region: regionOf(i, j),
      capacity: 100,
      version: '1',
      nodeId: 'admin-test',
    });
    expect(E.isRight(result)).toBe(true);
    await deps.servers.heartbeat(id, { connections: i * 40 + j * 20, load: (i * 2 + j) / 4, accepting: true, avgTickMs: 2, memoryBytes: 0 });
    ids.push(id);
  }
  return ids;
}

function snapshotWith(players: PlayerView[], ids: string[], now: number): NodeSnapshot {
  return {
    nodeId: 'admin-test',
    state: NodeRunState.Active,
    startedAt: now - 60_000,
    links: ids.map((serverId, k) => ({ serverId, state: k === 3 ? LinkState.Down : LinkState.Up, players: players.filter((p) => p.serverId === serverId).length })),
    players,
    playerCount: players.length,
    transfers: [
      { playerId: 'p-0', from: ids[0] ?? '', to: ids[1] ?? '', state: 'started', startedAt: now - 100, endedAt: null, reason: null },
      { playerId: 'p-1', from: ids[1] ?? '', to: ids[3] ?? '', state: 'aborted', startedAt: now - 500, endedAt: now - 200, reason: 'timeout' },
    ],
  };
}

function scatter(count: number, ids: string[]): PlayerView[] {
  const players: PlayerView[] = [];
  for (let k = 0; k < count; k++) {
    // Spread over the world, away from region labels and the transfer arrows' path.
    const x = 150 + ((k * 397) % 1700);
    const z = 150 + ((k * 733) % 1700);
    const cell = (x >= 1000 ? 1 : 0) * 2 + (z >= 1000 ? 1 : 0);
    players.push({ id: `p-${k}`, position: { x, y: 0, z }, serverId: ids[cell] ?? null, transferring: k % 10 === 0 });
  }
  return players;
}

describe('admin endpoints', () => {
  const routes = useHttpRoutes({
    config,
    mount: (app, deps) => {
      const tracked = trackRoutes(app);
      mountAdminRoutes(tracked.app, deps);
      mountFallbackRoute(tracked, deps.logger);
    },
  });
  let ids: string[];
  beforeEach(async () => {
    ids = await registerWorld(routes.deps);
  });

  it('refuses the page, the state and /servers without the admin token', async () => {
    for (const path of ['/admin', '/admin/state', '/servers']) {
      const res = await request(routes.server.url + path);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      await res.text();
    }
    expect((await request(`${routes.server.url}/admin?token=wrong-token-0123456789`)).status).toBe(401);
  });

  it('serves the page with a strict CSP and the script without a token', async () => {
    const page = await request(`${routes.server.url}/admin?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('<canvas id="map">');
    const script = await request(`${routes.server.url}/admin/map.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const text = await script.text();
    // The bundle of browser/map.ts (minified): it polls <page>/state.
    expect(text).toContain('/state');
    expect(text).toContain('__atlasAdmin');
    expect(text).not.toContain('require(');
    const health = await request(`${routes.server.url}/health`);
    expect(await health.text()).toBe('OK');
    const missing = await request(`${routes.server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no route for GET /nope' });
  });

  it('answers /admin/state with regions, load, players, transfers and counters', async () => {
    const now = Date.now();
    routes.deps.setReady(true);
    routes.deps.setSnapshot(snapshotWith(scatter(3, ids), ids, now));
    routes.deps.metrics.connections.inc(3);
    routes.deps.metrics.countMessage(Direction.ClientIn, 'move', 7);
    routes.deps.metrics.countMessage(Direction.UpstreamOut, 'forward', 7);
    routes.deps.metrics.countMessage(Direction.ClientOut, 'state', 2);
    routes.deps.metrics.transferStarted();
    routes.deps.metrics.transferAborted('timeout');
    routes.deps.setGhosts({ distance: 20, players: [{ playerId: 'p-1', watchers: ['cell-1-1'] }, { playerId: 'not-drawn', watchers: ['cell-0-0'] }] });
    const res = await request(`${routes.server.url}/admin/state`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const state = (await res.json()) as AdminState;
    expect(state.node).toEqual({ id: 'admin-test', state: 'active', started_at: now - 60_000, ready: true });
    expect(state.world).toEqual({ min: { x: 0, y: 0, z: 0 }, max: { x: 2000, y: 0, z: 2000 } });
    expect(state.plane).toEqual({ h: 'x', v: 'z' });
    expect(state.servers.map((s) => [s.id, s.utilisation, s.link])).toEqual([
      ['cell-0-0', 0.02, 'up'],
      ['cell-0-1', 0.25, 'up'],
      ['cell-1-0', 0.5, 'up'],
      ['cell-1-1', 0.75, 'down'],
    ]);
    expect(state.players).toHaveLength(3);
    expect(state.players[0]).toEqual({ id: 'p-0', x: 150, y: 0, z: 150, server: 'cell-0-0', transferring: true });
    expect(state.transfers).toEqual([
      { player_id: 'p-0', from: 'cell-0-0', to: 'cell-1-0', state: 'started', started_at: now - 100, ended_at: null, reason: null },
      { player_id: 'p-1', from: 'cell-1-0', to: 'cell-1-1', state: 'aborted', started_at: now - 500, ended_at: now - 200, reason: 'timeout' },
    ]);
    expect(state.counters).toMatchObject({ connections: 3, players: 3, messages_in: 7, messages_out: 9, transfers_started: 1, transfers_aborted: 1 });
    expect(state.store_error).toBeNull();
    expect(state.ghost_distance).toBe(20);
    expect(state.ghosts).toEqual([{ id: 'p-1', x: state.players[1]?.x, y: state.players[1]?.y, z: state.players[1]?.z, seen_by: ['cell-1-1'] }]);
    routes.deps.setGhosts({ distance: 0, players: [] });
  });

  it('shows the region map version and what each region owns under it', async () => {
    const split = { min: { x: 0, y: 0, z: 0 }, max: { x: 500, y: 0, z: 1000 } };
    routes.deps.setRegionMap({ version: 3, regions: { 'cell-0-0': split }, reserved: {} });
    const state = (await (await request(`${routes.server.url}/admin/state`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as AdminState;
    expect(state.map_version).toBe(3);
    expect(state.servers.map((s) => [s.id, s.map_version])).toEqual([
      ['cell-0-0', 3],
      ['cell-0-1', 0],
      ['cell-1-0', 0],
      ['cell-1-1', 0],
    ]);
    expect(state.servers[0]?.region).toEqual(split);
    routes.deps.setRegionMap({ version: 0, regions: {}, reserved: {} });
  });

  describe('in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    });
    afterAll(async () => {
      await browser.close();
    });

    it('draws every player as a dot, live, and drops the token from the address bar', async () => {
      const now = Date.now();
      const players = scatter(60, ids);
      routes.deps.setSnapshot(snapshotWith(players, ids, now));
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${routes.server.url}/admin?token=${TOKEN}`);
      await page.waitForFunction(() => ((window as unknown as { __atlasAdmin?: { frames: number } }).__atlasAdmin?.frames ?? 0) > 0);
      expect(page.url()).toBe(`${routes.server.url}/admin`);
      // Fresh transfer times, then a fresh frame: the arrows fade over 3 s from the state's own clock,
      // and a slow page load on a busy machine must not have faded them already.
      const loaded = await page.evaluate(() => (window as unknown as { __atlasAdmin: { frames: number } }).__atlasAdmin.frames);
      routes.deps.setSnapshot(snapshotWith(players, ids, Date.now()));
      await page.waitForFunction((n) => (window as unknown as { __atlasAdmin: { frames: number } }).__atlasAdmin.frames > n, loaded);

      const sample = (points: PlayerView[]) =>
        page.evaluate((positions) => {
          const debug = (window as unknown as { __atlasAdmin: { drawing: { toCanvas(p: unknown): { x: number; y: number } } } }).__atlasAdmin;
          const canvas = document.getElementById('map') as HTMLCanvasElement;
          const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
          const dpr = window.devicePixelRatio || 1;
          const image = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
          const at = positions.map((p) => {
            const c = debug.drawing.toCanvas(p);
            const i = (Math.round(c.y * dpr) * canvas.width + Math.round(c.x * dpr)) * 4;
            return [image[i], image[i + 1], image[i + 2]];
          });
          let blue = 0;
          for (let i = 0; i < image.length; i += 4) if (image[i] === 30 && image[i + 1] === 107 && image[i + 2] === 255) blue++;
          return { at, blue };
        }, points.map((p) => p.position));

      const first = await sample(players);
      // Transfers: an in-flight one (yellow) from cell-0-0 to cell-1-0, an aborted one (red) from cell-1-0 to cell-1-1.
      const arrows = await sample([
        { id: 'a', position: { x: 750, y: 0, z: 500 }, serverId: null, transferring: false },
        { id: 'b', position: { x: 1500, y: 0, z: 1250 }, serverId: null, transferring: false },
      ]);
      expect(arrows.at[0]).toEqual([250, 204, 21]);
      // The aborted arrow is already fading into the region behind it: still clearly red.
      const [r = 0, g = 0, b = 0] = arrows.at[1] ?? [];
      expect(r).toBeGreaterThan(2 * g);
      expect(r).toBeGreaterThan(2 * b);
      first.at.forEach((rgb, k) => expect(rgb).toEqual([...(players[k]?.transferring ? TRANSFERRING_RGB : PLAYER_RGB)]));
      // Each 3 px dot covers at least a few exact-colour pixels; 54 blue players.
      expect(first.blue).toBeGreaterThan(54 * 9);

      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'admin-map.png') });

      // Move everyone and check the page follows.
      const moved = players.map((p) => ({ ...p, position: { ...p.position, x: 2000 - p.position.x }, transferring: false }));
      const frames = await page.evaluate(() => (window as unknown as { __atlasAdmin: { frames: number } }).__atlasAdmin.frames);
      routes.deps.setSnapshot(snapshotWith(moved, ids, Date.now()));
      await page.waitForFunction((n) => (window as unknown as { __atlasAdmin: { frames: number } }).__atlasAdmin.frames > n + 1, frames);
      const second = await sample(moved);
      second.at.forEach((rgb) => expect(rgb).toEqual([...PLAYER_RGB]));
      expect(pageErrors).toEqual([]);
      await page.close();
    });

    it('marks the regions a new region map version changed, and writes the version', async () => {
      routes.deps.setRegionMap({ version: 0, regions: {}, reserved: {} });
      routes.deps.setSnapshot(snapshotWith(scatter(8, ids), ids, Date.now()));
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${routes.server.url}/admin?token=${TOKEN}`);
      type Debug = { __atlasAdmin?: { frames: number; drawing: { mapLabel: string; changed: string[] } | null } };
      await page.waitForFunction(() => ((window as unknown as Debug).__atlasAdmin?.frames ?? 0) > 0);
      expect(await page.evaluate(() => (window as unknown as Debug).__atlasAdmin?.drawing?.mapLabel)).toBe('regions as registered');
      // A split of cell-0-0: it keeps its lower half; nothing else moves.
      routes.deps.setRegionMap({ version: 1, regions: { 'cell-0-0': { min: { x: 0, y: 0, z: 0 }, max: { x: 500, y: 0, z: 1000 } } }, reserved: {} });
      await page.waitForFunction(() => (window as unknown as Debug).__atlasAdmin?.drawing?.mapLabel.startsWith('region map v1') === true);
      expect(await page.evaluate(() => (window as unknown as Debug).__atlasAdmin?.drawing?.changed)).toEqual(['cell-0-0']);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'admin-map-change.png') });
      expect(pageErrors).toEqual([]);
      await page.close();
      routes.deps.setRegionMap({ version: 0, regions: {}, reserved: {} });
    });

    it('outlines the players neighbours see as ghosts', async () => {
      const players = scatter(10, ids);
      routes.deps.setSnapshot(snapshotWith(players, ids, Date.now()));
      routes.deps.setGhosts({ distance: 50, players: [{ playerId: 'p-1', watchers: ['cell-1-1'] }] });
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      await page.goto(`${routes.server.url}/admin?token=${TOKEN}`);
      await page.waitForFunction(() => ((window as unknown as { __atlasAdmin?: { frames: number } }).__atlasAdmin?.frames ?? 0) > 0);
      // Light outline pixels on a ring just outside the dot, around the ghosted player and around another one.
      const ringLight = (positions: { x: number; y: number; z: number }[]) =>
        page.evaluate((points) => {
          const debug = (window as unknown as { __atlasAdmin: { drawing: { toCanvas(p: unknown): { x: number; y: number } } } }).__atlasAdmin;
          const canvas = document.getElementById('map') as HTMLCanvasElement;
          const image = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
          const dpr = window.devicePixelRatio || 1;
          return points.map((p) => {
            const c = debug.drawing.toCanvas(p);
            let light = 0;
            for (let a = 0; a < 64; a++) {
              const x = Math.round((c.x + 6.6 * Math.cos((a / 64) * 2 * Math.PI)) * dpr);
              const y = Math.round((c.y + 6.6 * Math.sin((a / 64) * 2 * Math.PI)) * dpr);
              const i = (y * canvas.width + x) * 4;
              if ((image[i] ?? 0) > 150 && (image[i + 1] ?? 0) > 150 && (image[i + 2] ?? 0) > 150) light++;
            }
            return light;
          });
        }, positions);
      const [ghosted = 0, plain = 0] = await ringLight([players[1]?.position, players[2]?.position].filter((p) => p !== undefined));
      expect(ghosted).toBeGreaterThan(32);
      expect(plain).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __atlasAdmin: { drawing: { ghosts: number } } }).__atlasAdmin.drawing.ghosts)).toBe(1);
      await page.close();
      routes.deps.setGhosts({ distance: 0, players: [] });
    });

    it('draws the demo world on x/y: four distinct regions, players where they are, labelled axes', async () => {
      const demo = createTestDeps(config);
      const demoIds = await registerWorld(demo, DEMO_XY);
      const demoServer = await bootApp((app) => mountAdminRoutes(app, demo));
      try {
        // 40 players at distinct x/y, each at a different depth z (which the map must ignore).
        const players: PlayerView[] = Array.from({ length: 40 }, (_, k) => {
          const x = 150 + ((k * 397) % 1700);
          const y = 150 + ((k * 733) % 1700);
          return { id: `d-${k}`, position: { x, y, z: -900 + k * 45 }, serverId: demoIds[(x >= 1000 ? 1 : 0) + (y >= 1000 ? 2 : 0)] ?? null, transferring: false };
        });
        demo.setSnapshot({ ...snapshotWith(players, demoIds, Date.now()), transfers: [] });
        const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
        await page.goto(`${demoServer.url}/admin?token=${TOKEN}`);
        await page.waitForFunction(() => ((window as unknown as { __atlasAdmin?: { frames: number } }).__atlasAdmin?.frames ?? 0) > 0);
        const drawn = await page.evaluate((positions) => {
          type Drawing = { plane: { h: string; v: string }; axisLabels: string[]; rects: { id: string; x: number; y: number; w: number; h: number }[]; toCanvas(p: unknown): { x: number; y: number } };
          const drawing = (window as unknown as { __atlasAdmin: { drawing: Drawing } }).__atlasAdmin.drawing;
          const canvas = document.getElementById('map') as HTMLCanvasElement;
          const image = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
          const dpr = window.devicePixelRatio || 1;
          const pixel = (c: { x: number; y: number }) => {
            const i = (Math.round(c.y * dpr) * canvas.width + Math.round(c.x * dpr)) * 4;
            return [image[i], image[i + 1], image[i + 2]];
          };
          const dots = positions.map((p) => drawing.toCanvas(p));
          return {
            plane: drawing.plane,
            axisLabels: drawing.axisLabels,
            rects: drawing.rects,
            // A point inside each region, clear of its label and of the dots.
            fills: drawing.rects.map((r) => pixel({ x: r.x + r.w * 0.5, y: r.y + r.h * 0.93 })),
            dots: dots.map((c) => ({ x: Math.round(c.x), y: Math.round(c.y), rgb: pixel(c) })),
          };
        }, players.map((p) => p.position));

        expect(drawn.plane).toEqual({ h: 'x', v: 'y' });
        expect(drawn.axisLabels).toEqual(['0', '2000  x →', '0', '2000  y →']);
        expect(drawn.rects.map((r) => r.id).sort()).toEqual([...demoIds].sort());
        // Four rectangles of equal size that tile a square without overlapping.
        for (const r of drawn.rects) {
          expect(r.w).toBeGreaterThan(200);
          expect(Math.abs(r.w - r.h)).toBeLessThan(1);
        }
        const corners = new Set(drawn.rects.map((r) => `${Math.round(r.x)},${Math.round(r.y)}`));
        expect(corners.size).toBe(4);
        expect(new Set(drawn.rects.map((r) => Math.round(r.x))).size).toBe(2);
        expect(new Set(drawn.rects.map((r) => Math.round(r.y))).size).toBe(2);
        for (const fill of drawn.fills) expect(fill).not.toEqual([...BACKGROUND_RGB]);
        // cell-i-j is drawn at column i and row j from the bottom (y grows upwards).
        const at = (id: string) => drawn.rects.find((r) => r.id === id) as { x: number; y: number };
        expect(at('cell-1-0').x).toBeGreaterThan(at('cell-0-0').x);
        expect(at('cell-0-1').y).toBeLessThan(at('cell-0-0').y);
        // Every player its own dot, in its own place, spread over both axes.
        expect(new Set(drawn.dots.map((d) => `${d.x},${d.y}`)).size).toBe(players.length);
        expect(new Set(drawn.dots.map((d) => d.y)).size).toBeGreaterThan(players.length / 2);
        for (const d of drawn.dots) expect(d.rgb).toEqual([...PLAYER_RGB]);
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOT_DIR, 'admin-map-demo.png') });
        expect(await page.textContent('#counters')).toContain('x / y');
        await page.close();
      } finally {
        demoServer.close();
        demo.logs.expectNoLogs();
        await demo.close();
      }
    });
  });
});

describe('listenAdmin', () => {
  it('binds [admin] address and port 0 and serves the page there', async () => {
    const deps = createTestDeps(config);
    const listening = await listenAdmin(deps);
    if (E.isLeft(listening)) throw new Error(listening.left);
    try {
      expect(listening.right.url).toBe(`http://127.0.0.1:${listening.right.port}/admin`);
      expect((await request(`${listening.right.url}?token=${TOKEN}`)).status).toBe(200);
      expect(deps.logs.take().map((r) => r.message)).toEqual(['admin listener started']);
    } finally {
      listening.right.close();
      await deps.close();
    }
  });

  it('reports a port it cannot bind', async () => {
    const deps = createTestDeps(config);
    const first = await listenAdmin(deps);
    if (E.isLeft(first)) throw new Error(first.left);
    deps.setConfig({ ...config, admin: { ...config.admin, port: first.right.port } });
    const second = await listenAdmin(deps);
    expect(second).toEqual(E.left(`the admin listener (admin.address, admin.port) cannot listen on 127.0.0.1:${first.right.port}: the port is in use (another atlas-node?) or the address is not on this machine`));
    first.right.close();
    deps.logs.take();
    await deps.close();
  });
});
