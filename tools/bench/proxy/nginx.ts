// nginx as a WebSocket reverse proxy, the peer atlas-node is compared with: Debian's
// nginx binary with the harness's own config and prefix under tmp/, one worker, on
// loopback, in the foreground (`nginx -p PREFIX -c CONF -g 'daemon off;'`). Never the
// system service: nothing outside the prefix is read or written.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childrenOf } from './proc';
import { spawnChild, waitUntil, type Child } from './processes';
import { connect } from 'node:net';

/** What to tell a user without nginx. */
export const NGINX_MISSING = 'nginx is not installed: the nginx column is skipped. Install it with `apt-get install nginx` (Debian/Ubuntu; the system service is never used).';

/** The nginx binary (ATLAS_BENCH_NGINX overrides the search), or undefined when it is not installed. */
export function findNginx(): string | undefined {
  const forced = process.env['ATLAS_BENCH_NGINX'];
  if (forced !== undefined) return existsSync(forced) ? forced : undefined;
  const dirs = ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin', ...(process.env['PATH'] ?? '').split(':')];
  for (const d of dirs) {
    const p = join(d, 'nginx');
    if (d !== '' && existsSync(p)) return p;
  }
  return undefined;
}

/** The config: one worker, `listenPort` proxied to `upstreamPort` on loopback, WebSocket upgrades passed on. */
export function nginxConfig(prefix: string, listenPort: number, upstreamPort: number): string {
  return `# Written by tools/bench/proxy.bench.ts; started with -p ${prefix}
worker_processes 1;
worker_rlimit_nofile 16384;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events {
  worker_connections 8192;
  multi_accept on;
}
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  tcp_nodelay on;
  upstream sim {
    server 127.0.0.1:${upstreamPort};
  }
  server {
    listen 127.0.0.1:${listenPort} backlog=4096;
    location / {
      proxy_pass http://sim;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $host;
      proxy_buffering off;
      proxy_read_timeout 3600s;
      proxy_send_timeout 3600s;
    }
  }
}
`;
}

/** A running nginx. */
export interface Nginx {
  readonly child: Child;
  readonly port: number;
  /** Master and worker pids (CPU is summed over them). */
  pids(): number[];
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Writes the config under `prefix` and starts nginx in the foreground. */
export async function startNginx(binary: string, prefix: string, listenPort: number, upstreamPort: number): Promise<Nginx> {
  for (const d of ['logs', 'tmp']) mkdirSync(join(prefix, d), { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, nginxConfig(prefix, listenPort, upstreamPort));
  const child = spawnChild('nginx', binary, ['-p', prefix, '-e', join(prefix, 'logs/error.log'), '-c', conf, '-g', 'daemon off;']);
  await waitUntil(`nginx on 127.0.0.1:${listenPort}`, 10_000, async () => {
    if (child.process.exitCode !== null) throw new Error(`nginx exited (${child.process.exitCode}):\n  ${child.tail.join('\n  ')}`);
    return (await portOpen(listenPort)) && childrenOf(child.pid).length > 0;
  });
  return {
    child,
    port: listenPort,
    pids: () => [child.pid, ...childrenOf(child.pid)],
    // SIGTERM is nginx's fast shutdown; SIGQUIT would wait for the WebSockets to close.
    stop: () => child.stop('SIGTERM', 3000),
  };
}
