// The address this node tells the cluster (and redirected clients) to reach it at.
import { hostname } from 'node:os';

/** `cluster.advertise_address` (a bare host gets the bound port), else the bind address, else the hostname for a wildcard bind. */
export function advertiseAddress(configured: string, bind: string, port: number): string {
  if (configured !== '') return /:\d+$/.test(configured) && !configured.endsWith(']') ? configured : `${configured}:${port}`;
  const host = bind === '0.0.0.0' || bind === '::' || bind === '' ? hostname() : bind;
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
