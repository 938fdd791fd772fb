// Registration with an Atlas node's HTTP API (POST /api/v1/servers/register), then a
// heartbeat loop (PUT /api/v1/servers/{id}/heartbeat) until stopped (DELETE). Given
// several nodes, requests fail over to the next one (see node-pool.ts). A node that
// forgot the server (404, e.g. it restarted or keeps its own registry) gets it
// registered again; nodes keep the id of a server that registers with the same name and address.
import * as E from 'fp-ts/lib/Either.js';
import type { Vec3 } from '@atlas/protocol';
import type { LinkNode } from '../link/node-dialer';
import { createNodePool, type RegistrationError } from './node-pool';

export type { RegistrationError } from './node-pool';

/** What a game server tells the node about itself. */
export interface ServerInfo {
  readonly name: string;
  /** The link URL nodes dial, e.g. `ws://10.0.0.5:7101/atlas` (GameServer.url); ignored with `dialsNodes`. */
  readonly address: string;
  /**
   * The server dials the nodes instead (behind NAT, in a pod): it registers without an
   * address, and `onLinkNodes` tells it which nodes to link to (pass them to
   * `GameServer.dialNodes`). Default false.
   */
  readonly dialsNodes?: boolean;
  /** Grid coordinate of the server's region. */
  readonly regionCoord: Vec3;
  readonly center: Vec3;
  readonly bounds: { readonly min: Vec3; readonly max: Vec3 };
  readonly capacity: number;
  readonly version: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** What a heartbeat reports (see GameServer.heartbeatStatus). */
export interface HeartbeatStatus {
  readonly currentConnections: number;
  /** 0..1 (players / capacity). */
  readonly load: number;
  readonly acceptingConnections: boolean;
  readonly avgTickMs: number;
  readonly memoryBytes: number;
}

/** How to register and keep the registration alive. */
export interface RegisterOptions {
  /** `security.registration_secret` of the node, sent as a bearer token. */
  readonly secret?: string;
  /** Current status for each heartbeat (default: zeros, accepting). */
  readonly status?: () => HeartbeatStatus;
  /** Heartbeat interval; default what the node answered (`heartbeat_interval_secs`). */
  readonly heartbeatIntervalMs?: number;
  /** Commands a heartbeat answer carried (`commands` member), for the game to act on. */
  readonly onCommand?: (command: unknown) => void;
  /**
   * With `dialsNodes`: the nodes to link to, from the registration answer and again each
   * time a heartbeat answer lists other nodes (one joined, one left).
   */
  readonly onLinkNodes?: (nodes: readonly LinkNode[], serverId: string) => void;
  /** A heartbeat or re-registration failed (the loop keeps trying). */
  readonly onError?: (error: RegistrationError) => void;
  /** Per-request timeout (default 5000 ms); a node that does not answer in time is failed over. */
  readonly timeoutMs?: number;
  /** Requests moved from node `from` to node `to` (unreachable, timeout, 5xx such as 503 draining). */
  readonly onFailover?: (from: string, to: string, error: RegistrationError) => void;
}

/** A live registration. */
export interface Registration {
  /** The id the node gave this server (changes only if a node re-registers it under a new id). */
  readonly serverId: string;
  /** The node URL that answered last (changes on failover). */
  readonly nodeUrl: string;
  readonly heartbeatIntervalSecs: number;
  /** Neighbouring servers as the node listed them. */
  readonly adjacentServers: readonly unknown[];
  /** With `dialsNodes`: the nodes to link to, as last listed. */
  readonly linkNodes: readonly LinkNode[];
  /** Stops the heartbeats and deregisters (DELETE) unless `deregister` is false. */
  stop(options?: { readonly deregister?: boolean }): Promise<void>;
}

interface RegisterAnswer {
  readonly success?: boolean;
  readonly server_id?: string;
  readonly message?: string;
  readonly heartbeat_interval_secs?: number;
  readonly adjacent_servers?: unknown[];
  readonly link_nodes?: unknown;
}

/** The well-formed entries of an answer's `link_nodes`. */
function linkNodesOf(value: unknown): LinkNode[] {
  if (!Array.isArray(value)) return [];
  return value.filter((n): n is LinkNode => typeof n === 'object' && n !== null && typeof n.node_id === 'string' && typeof n.url === 'string' && n.url !== '');
}

const idle: HeartbeatStatus = { currentConnections: 0, load: 0, acceptingConnections: true, avgTickMs: 0, memoryBytes: 0 };

/**
 * Registers with the node at `nodeHttpUrl` (e.g. `http://127.0.0.1:8080`), or the first of
 * several that answers, and heartbeats until stopped, failing over between them.
 */
export async function registerWithNode(
  nodeHttpUrl: string | readonly string[],
  info: ServerInfo,
  options: RegisterOptions = {},
): Promise<E.Either<RegistrationError, Registration>> {
  const pool = createNodePool(typeof nodeHttpUrl === 'string' ? [nodeHttpUrl] : nodeHttpUrl, {
    secret: options.secret,
    timeoutMs: options.timeoutMs ?? 5000,
    onFailover: options.onFailover,
  });
  const call = pool.call;
  const body = {
    name: info.name,
    address: info.dialsNodes === true ? '' : info.address,
    ...(info.dialsNodes === true ? { dials_nodes: true } : {}),
    region_coord: info.regionCoord,
    center: info.center,
    bounds: info.bounds,
    capacity: info.capacity,
    version: info.version,
    metadata: info.metadata ?? {},
  };
  const register = async (): Promise<E.Either<RegistrationError, RegisterAnswer>> => {
    const r = await call('POST', '/api/v1/servers/register', body);
    if (E.isLeft(r)) return r;
    const a = (r.right ?? {}) as RegisterAnswer;
    if (a.success === false || typeof a.server_id !== 'string') {
      return E.left({ kind: 'registration', status: 200, message: a.message ?? 'the node refused the registration' });
    }
    return E.right(a);
  };

  const first = await register();
  if (E.isLeft(first)) return first;
  let answer = first.right;
  let linkNodes: LinkNode[] = [];
  let linkNodesKey = '';
  const offerLinkNodes = (value: unknown): void => {
    if (info.dialsNodes !== true || value === undefined) return;
    const nodes = linkNodesOf(value);
    const key = JSON.stringify(nodes.map((n) => n.url).sort());
    if (key === linkNodesKey) return;
    linkNodes = nodes;
    linkNodesKey = key;
    options.onLinkNodes?.(nodes, answer.server_id as string);
  };
  offerLinkNodes(answer.link_nodes ?? []);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const intervalMs = (): number => options.heartbeatIntervalMs ?? Math.max(100, (answer.heartbeat_interval_secs ?? 5) * 1000);

  const beat = async (): Promise<void> => {
    const s = options.status?.() ?? idle;
    const id = answer.server_id as string;
    const r = await call('PUT', `/api/v1/servers/${encodeURIComponent(id)}/heartbeat`, {
      server_id: id,
      current_connections: s.currentConnections,
      load: s.load,
      accepting_connections: s.acceptingConnections,
      avg_tick_ms: s.avgTickMs,
      memory_bytes: s.memoryBytes,
    });
    if (stopped) return;
    if (E.isRight(r)) {
      const body = r.right as { commands?: unknown; link_nodes?: unknown } | undefined;
      if (Array.isArray(body?.commands)) for (const c of body.commands) options.onCommand?.(c);
      offerLinkNodes(body?.link_nodes);
      return;
    }
    options.onError?.(r.left);
    if (r.left.status === 404) {
      const again = await register();
      if (E.isRight(again)) {
        const idChanged = again.right.server_id !== answer.server_id;
        answer = again.right;
        // A new id means new links: the nodes refuse a socket for the old one.
        if (idChanged) linkNodesKey = '';
        offerLinkNodes(answer.link_nodes ?? []);
      } else options.onError?.(again.left);
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void beat().finally(schedule), intervalMs());
  };
  schedule();

  return E.right({
    get serverId() {
      return answer.server_id as string;
    },
    get nodeUrl() {
      return pool.current;
    },
    get heartbeatIntervalSecs() {
      return answer.heartbeat_interval_secs ?? 5;
    },
    get adjacentServers() {
      return answer.adjacent_servers ?? [];
    },
    get linkNodes() {
      return linkNodes;
    },
    async stop(stopOptions = {}) {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      if (stopOptions.deregister !== false) await call('DELETE', `/api/v1/servers/${encodeURIComponent(answer.server_id as string)}`);
    },
  });
}
