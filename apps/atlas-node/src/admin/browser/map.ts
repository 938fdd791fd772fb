/**
 * The admin page's script (entry of the `/admin/map.js` bundle): takes the admin token
 * once from `?token=`, polls `/admin/state`, draws the map and fills the tables. It
 * exposes what it last drew as `window.__atlasAdmin` for the browser test.
 */
import { POLL_MS, type AdminState } from '../map-contract';
import { drawMap, type Drawing, type MapChange } from './draw';
import { fillTables } from './tables';

/** What the page exposes for tests and for a curious operator's console. */
export interface AdminDebug {
  frames: number;
  state: AdminState | null;
  drawing: Drawing | null;
}

const TOKEN_KEY = 'atlas-admin-token';

/** The token from `?token=` (then dropped from the address bar) or from this tab's storage. */
function takeToken(): string {
  const params = new URLSearchParams(location.search);
  const token = params.get('token') ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  if (params.has('token')) {
    sessionStorage.setItem(TOKEN_KEY, token);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest === '' ? '' : `?${rest}`));
  }
  return token;
}

async function fetchState(url: string, token: string): Promise<AdminState> {
  const headers: Record<string, string> = token === '' ? {} : { Authorization: `Bearer ${token}` };
  const res = await fetch(url, { headers, cache: 'no-store' });
  if (res.status === 401 || res.status === 403) throw new Error('not authorised: open /admin?token=<admin_token>');
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as AdminState;
}

function start(): void {
  const token = takeToken();
  const stateUrl = `${location.pathname.replace(/\/+$/, '')}/state`;
  const canvas = document.getElementById('map') as HTMLCanvasElement;
  const status = document.getElementById('status') as HTMLElement;
  const debug: AdminDebug = { frames: 0, state: null, drawing: null };
  // A new region map version (a split or a merge) is remembered with what each server owned before it.
  let change: MapChange | undefined;
  const noteMapChange = (state: AdminState): void => {
    const previous = debug.state;
    if (previous === null || state.map_version === previous.map_version) return;
    change = { version: state.map_version, at: state.now, before: new Map(previous.servers.map((s) => [s.id, JSON.stringify(s.region)])) };
  };
  (window as unknown as { __atlasAdmin: AdminDebug }).__atlasAdmin = debug;

  const poll = async (): Promise<void> => {
    try {
      const state = await fetchState(stateUrl, token);
      noteMapChange(state);
      debug.state = state;
      debug.drawing = drawMap(canvas, state, change);
      fillTables(state);
      debug.frames++;
      status.textContent = `live, ${new Date(state.now).toLocaleTimeString()}`;
      status.className = 'ok';
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : String(error);
      status.className = 'error';
    }
    setTimeout(() => void poll(), POLL_MS);
  };
  window.addEventListener('resize', () => {
    if (debug.state !== null) debug.drawing = drawMap(canvas, debug.state, change);
  });
  void poll();
}

start();
