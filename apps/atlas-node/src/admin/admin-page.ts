/** The admin page's HTML: a canvas map and two tables; the script comes from `/admin/map.js`. */

/** Served at `/admin`. */
export const ADMIN_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Atlas admin</title>
<style>
  body { margin: 0; font: 14px system-ui, sans-serif; background: #020617; color: #e2e8f0; display: grid;
         grid-template-columns: 1fr 440px; grid-template-rows: auto 1fr; height: 100vh; }
  header { grid-column: 1 / 3; padding: 8px 16px; display: flex; gap: 16px; align-items: baseline; border-bottom: 1px solid #1e293b; }
  h1 { font-size: 16px; margin: 0; }
  #status.ok { color: #4ade80; } #status.error { color: #f87171; }
  #map { width: 100%; height: 100%; display: block; }
  aside { overflow: auto; padding: 8px 16px; border-left: 1px solid #1e293b; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 16px; }
  td, th { padding: 2px 6px; text-align: left; border-bottom: 1px solid #1e293b; white-space: nowrap; font-size: 13px; }
  td:last-child { text-align: right; }
  .legend span { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 4px 0 12px; }
</style>
</head>
<body>
<header>
  <h1>Atlas</h1><span id="node">connecting...</span><span id="status">loading</span>
  <span class="legend"><span style="background: rgb(30,107,255)"></span>player<span style="background: rgb(255,140,0)"></span>in transfer</span>
</header>
<main><canvas id="map"></canvas></main>
<aside>
  <h2>Counters</h2><table><tbody id="counters"></tbody></table>
  <h2>Servers</h2>
  <table><thead><tr><th>name</th><th>status</th><th>link</th><th>load</th><th>players</th><th>accepting</th></tr></thead><tbody id="servers"></tbody></table>
</aside>
<script src="/admin/map.js"></script>
</body>
</html>
`;
