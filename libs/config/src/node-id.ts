import { hostname } from 'node:os';

/**
 * The default node id, `<hostname>-<pid>`: unique per process on one machine and
 * readable in logs. The hostname is reduced to the characters a node id allows.
 */
export function defaultNodeId(host: string = hostname(), pid: number = process.pid): string {
  const clean = host
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 48)
    .replace(/^[^A-Za-z0-9]+|[._-]+$/g, '');
  return `${clean || 'atlas'}-${pid}`;
}
