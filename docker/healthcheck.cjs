// Docker HEALTHCHECK of the Atlas image: GET /health on the node's client listener.
// uWebSockets.js answers only HTTP/1.1 requests that carry a Host header (fetch sends
// both), and the slim image has no curl. The port and address come from where the node
// reads them: ATLAS_SERVER_PORT (or HORIZON_SERVER_PORT), else [server] in the file
// $ATLAS_CONFIG names, else the default 8080. Ports given as `--set` flags are not seen:
// set the port through the environment or the file when you rely on this check.
'use strict';
const { readFileSync } = require('node:fs');

function fileServerSection(env) {
  const file = env.ATLAS_CONFIG;
  if (!file) return {};
  try {
    return require('@iarna/toml').parse(readFileSync(file, 'utf8')).server ?? {};
  } catch {
    return {};
  }
}

/** The URL the check probes, from the environment `env` (and the file it names). */
function target(env = process.env) {
  const server = fileServerSection(env);
  const first = (...names) => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const port = Number(String(first('ATLAS_SERVER_PORT', 'HORIZON_SERVER_PORT') ?? server.port ?? 8080).replace(/_/g, ''));
  let host = first('ATLAS_SERVER_ADDRESS', 'HORIZON_SERVER_ADDRESS') ?? server.address ?? '0.0.0.0';
  if (host === '0.0.0.0' || host === '') host = '127.0.0.1';
  if (host === '::' || host === '[::]') host = '[::1]';
  else if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  return `http://${host}:${port}/health`;
}

module.exports = { target };

if (require.main === module) {
  fetch(target(), { signal: AbortSignal.timeout(2500) })
    .then((r) => process.exit(r.status === 200 ? 0 : 1))
    .catch(() => process.exit(1));
}
