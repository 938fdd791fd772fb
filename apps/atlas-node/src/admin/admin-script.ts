/**
 * The admin page's script, served as `/admin/map.js` (same origin, no CDN, allowed by
 * the page's CSP `script-src 'self'`). Plain ES2017 in a string: the node serves it as
 * is. It polls `/admin/state`, draws the map on a canvas, and fills the tables.
 * The player colour is exported so the browser test can count player pixels.
 */

/** Fill colour of player dots (RGB), also checked by the screenshot test. */
export const PLAYER_RGB = [30, 107, 255] as const;
/** Fill colour of players in a transfer. */
export const TRANSFERRING_RGB = [255, 140, 0] as const;
/** Outline colour of ghosted players and of the interest zones. */
export const GHOST_RGB = [226, 232, 240] as const;
/** Milliseconds between polls. */
export const POLL_MS = 500;

const rgb = (c: readonly number[]): string => `rgb(${c.join(',')})`;

/** The script text. */
export const ADMIN_SCRIPT = String.raw`(function () {
  'use strict';
  var PLAYER = '${rgb(PLAYER_RGB)}';
  var TRANSFERRING = '${rgb(TRANSFERRING_RGB)}';
  var GHOST = '${rgb(GHOST_RGB)}';
  var POLL_MS = ${POLL_MS};
  var TRANSFER_FADE_MS = 3000;

  // The token arrives once as ?token=; keep it for this tab only and drop it from the address bar.
  var params = new URLSearchParams(location.search);
  var token = params.get('token') || sessionStorage.getItem('atlas-admin-token') || '';
  if (params.has('token')) {
    sessionStorage.setItem('atlas-admin-token', token);
    params.delete('token');
    var rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : ''));
  }
  var stateUrl = location.pathname.replace(/\/+$/, '') + '/state';

  var canvas = document.getElementById('map');
  var ctx = canvas.getContext('2d');
  var statusEl = document.getElementById('status');
  var debug = { frames: 0, dots: 0, ghosts: 0, state: null, toCanvas: null };
  window.__atlasAdmin = debug;

  function loadColour(u, alpha) {
    var hue = Math.round(120 * (1 - Math.max(0, Math.min(1, u))));
    return 'hsla(' + hue + ', 75%, 45%, ' + alpha + ')';
  }

  // Draw the two axes with the largest extent; on a tie drop y first (y-up worlds), then z.
  function chooseAxes(world) {
    var order = ['y', 'z', 'x'];
    var ext = function (a) { return world.max[a] - world.min[a]; };
    var dropped = order.slice().sort(function (a, b) { return ext(a) - ext(b) || order.indexOf(a) - order.indexOf(b); })[0];
    var kept = ['x', 'y', 'z'].filter(function (a) { return a !== dropped; });
    return { h: kept[0], v: kept[1] };
  }

  function transform(world, axes, width, height, pad) {
    var w = Math.max(world.max[axes.h] - world.min[axes.h], 1e-9);
    var h = Math.max(world.max[axes.v] - world.min[axes.v], 1e-9);
    var scale = Math.min((width - 2 * pad) / w, (height - 2 * pad) / h);
    var ox = (width - w * scale) / 2;
    var oy = (height - h * scale) / 2;
    return function (p) {
      // Canvas y grows downwards; world v grows upwards.
      return { x: ox + (p[axes.h] - world.min[axes.h]) * scale, y: height - oy - (p[axes.v] - world.min[axes.v]) * scale };
    };
  }

  function centre(region) {
    return { x: (region.min.x + region.max.x) / 2, y: (region.min.y + region.max.y) / 2, z: (region.min.z + region.max.z) / 2 };
  }

  function arrow(a, b, colour, dpr) {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 2 * dpr;
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
    var angle = Math.atan2(b.y - a.y, b.x - a.x);
    var size = 10 * dpr;
    ctx.beginPath();
    ctx.moveTo(b.x, b.y);
    ctx.lineTo(b.x - size * Math.cos(angle - 0.4), b.y - size * Math.sin(angle - 0.4));
    ctx.lineTo(b.x - size * Math.cos(angle + 0.4), b.y - size * Math.sin(angle + 0.4));
    ctx.closePath();
    ctx.fill();
  }

  function draw(state) {
    var dpr = window.devicePixelRatio || 1;
    var width = Math.round(canvas.clientWidth * dpr);
    var height = Math.round(canvas.clientHeight * dpr);
    if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
    ctx.fillStyle = '#0f172a';
    ctx.fillRect(0, 0, width, height);
    var axes = chooseAxes(state.world);
    var toCanvas = transform(state.world, axes, width, height, 24 * dpr);
    debug.toCanvas = function (p) { var c = toCanvas(p); return { x: c.x / dpr, y: c.y / dpr }; };

    var byId = {};
    state.servers.forEach(function (s) {
      byId[s.id] = s;
      if (!s.region) return;
      var a = toCanvas(s.region.min);
      var b = toCanvas(s.region.max);
      var x = Math.min(a.x, b.x), y = Math.min(a.y, b.y), w = Math.abs(b.x - a.x), h = Math.abs(b.y - a.y);
      var alive = s.status === 'active';
      ctx.fillStyle = alive ? loadColour(s.utilisation, 0.35) : 'rgba(100, 116, 139, 0.35)';
      ctx.fillRect(x, y, w, h);
      ctx.lineWidth = 2 * dpr;
      ctx.setLineDash(s.link === 'down' || !alive ? [6 * dpr, 4 * dpr] : []);
      ctx.strokeStyle = s.link === 'down' ? '#ef4444' : alive ? loadColour(s.utilisation, 0.9) : '#64748b';
      ctx.strokeRect(x, y, w, h);
      ctx.setLineDash([]);
      ctx.fillStyle = '#e2e8f0';
      ctx.font = (12 * dpr) + 'px system-ui, sans-serif';
      ctx.fillText(s.name + '  ' + Math.round(s.utilisation * 100) + '%  ' + s.players + ' pl' + (s.link ? '  link ' + s.link : ''), x + 6 * dpr, y + 16 * dpr);
    });

    // Interest zones: how far beyond its region each server sees neighbours' players as ghosts.
    var reach = state.ghost_distance || 0;
    if (reach > 0) {
      ctx.strokeStyle = 'rgba(226, 232, 240, 0.35)';
      ctx.lineWidth = 1 * dpr;
      ctx.setLineDash([3 * dpr, 3 * dpr]);
      state.servers.forEach(function (s) {
        if (!s.region || s.status !== 'active') return;
        var grow = function (p, d) { return { x: p.x + d, y: p.y + d, z: p.z + d }; };
        var a = toCanvas(grow(s.region.min, -reach));
        var b = toCanvas(grow(s.region.max, reach));
        ctx.strokeRect(Math.min(a.x, b.x), Math.min(a.y, b.y), Math.abs(b.x - a.x), Math.abs(b.y - a.y));
      });
      ctx.setLineDash([]);
    }

    state.transfers.forEach(function (t) {
      var age = t.ended_at === null ? 0 : state.now - t.ended_at;
      if (age > TRANSFER_FADE_MS) return;
      var from = byId[t.from], to = byId[t.to];
      if (!from || !to || !from.region || !to.region) return;
      var alpha = 1 - age / TRANSFER_FADE_MS;
      var colour = t.state === 'aborted' ? 'rgba(239, 68, 68, ' + alpha + ')' : t.state === 'completed' ? 'rgba(34, 197, 94, ' + alpha + ')' : 'rgba(250, 204, 21, ' + alpha + ')';
      arrow(toCanvas(centre(from.region)), toCanvas(centre(to.region)), colour, dpr);
    });

    var radius = 3 * dpr;
    state.players.forEach(function (p) {
      var c = toCanvas(p);
      ctx.fillStyle = p.transferring ? TRANSFERRING : PLAYER;
      ctx.beginPath();
      ctx.arc(c.x, c.y, radius, 0, Math.PI * 2);
      ctx.fill();
    });
    // Ghosts: an outline around each player that neighbours see across the border.
    ctx.strokeStyle = GHOST;
    ctx.lineWidth = 1.5 * dpr;
    (state.ghosts || []).forEach(function (g) {
      var c = toCanvas(g);
      ctx.beginPath();
      ctx.arc(c.x, c.y, radius * 2.2, 0, Math.PI * 2);
      ctx.stroke();
    });
    debug.dots = state.players.length;
    debug.ghosts = (state.ghosts || []).length;
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
  }

  function tables(state) {
    var counters = document.getElementById('counters');
    counters.textContent = '';
    var c = state.counters;
    [['players', c.players + (state.players_total > state.players.length ? ' (' + state.players.length + ' drawn)' : '')],
     ['connections', c.connections], ['messages in / out', c.messages_in + ' / ' + c.messages_out],
     ['bytes in / out', c.bytes_in + ' / ' + c.bytes_out],
     ['transfers started / completed / aborted', c.transfers_started + ' / ' + c.transfers_completed + ' / ' + c.transfers_aborted],
     ['handshake failures', c.handshake_failures], ['decode errors', c.decode_errors],
     ['backpressure drops', c.backpressure_drops], ['event-loop lag p99', c.event_loop_lag_p99_ms + ' ms']]
      .forEach(function (pair) { var row = document.createElement('tr'); cell(row, pair[0]); cell(row, String(pair[1])); counters.appendChild(row); });
    var servers = document.getElementById('servers');
    servers.textContent = '';
    state.servers.forEach(function (s) {
      var row = document.createElement('tr');
      [s.name, s.status, s.link || '-', Math.round(s.utilisation * 100) + '%', s.players + ' / ' + s.capacity, s.accepting ? 'yes' : 'no']
        .forEach(function (text) { cell(row, text); });
      servers.appendChild(row);
    });
    document.getElementById('node').textContent = state.node.id + ' - ' + state.node.state + (state.node.ready ? ', ready' : ', not ready') +
      (state.store_error ? ' - cluster store: ' + state.store_error : '');
  }

  function poll() {
    var headers = token ? { Authorization: 'Bearer ' + token } : {};
    fetch(stateUrl, { headers: headers, cache: 'no-store' })
      .then(function (res) {
        if (res.status === 401 || res.status === 403) throw new Error('not authorised: open /admin?token=<admin_token>');
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (state) {
        debug.state = state;
        draw(state);
        tables(state);
        debug.frames++;
        statusEl.textContent = 'live, ' + new Date(state.now).toLocaleTimeString();
        statusEl.className = 'ok';
      })
      .catch(function (error) {
        statusEl.textContent = String(error.message || error);
        statusEl.className = 'error';
      })
      .then(function () { setTimeout(poll, POLL_MS); });
  }
  window.addEventListener('resize', function () { if (debug.state) draw(debug.state); });
  poll();
})();
`;
