// The address this node tells the cluster (and redirected clients) to reach it at.
import { hostname } from 'node:os';

/** `cluster.advertise_address` (a bare host gets the bound port), else the bind address, else the hostname for a wildcard bind. */
export function advertiseAddress(configured: string, bind: string, port: number): string {
  if (configured !== '') return /:\d+$/.test(configured) && !configured.endsWith(']') ? configured : `${configured}:${port}`;
  const host = bind === '0.0.0.0' || bind === '::' || bind === '' ? hostname() : bind;
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Node metadata key of the URL game servers dial their links to (absent: the node accepts no dialled links). */
export const LINK_URL_METADATA = 'link_url';

/** The link URL to advertise: the advertised host with `port` and `path`. */
export function advertisedLinkUrl(advertised: string, port: number, path: string): string {
  const host = advertised.replace(/:\d+$/, '');
  return `ws://${host}:${port}${path}`;
}

/** A node as the registration API lists it to a game server that dials the nodes. */
export interface LinkNode {
  readonly node_id: string;
  /** Where the server dials its link, `?server=<id>` appended. */
  readonly url: string;
}
