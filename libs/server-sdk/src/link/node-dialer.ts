// Links a game server dials to nodes, for servers that nodes cannot dial (behind NAT,
// in a Kubernetes pod): one `ws` client socket per node, to the link URL the node
// advertises (`ws://host:port/atlas/link`, `?server=<id>` appended), redialled with
// capped exponential backoff until the node leaves the list. On each socket the link
// runs as on an accepted one: the node sends LinkHello, the server proves the PSK
// (docs/protocol.md §8).
import { backoffDelay } from '@atlas/common';
import type { Frame } from '@atlas/protocol';
import WebSocket from 'ws';
import type { LinkSocket } from './node-link';

/** A node as the registration API lists it (`link_nodes`). */
export interface LinkNode {
  readonly node_id: string;
  /** The node's link URL. */
  readonly url: string;
}

/** A dialled socket's link, as the dialer drives it. */
export interface DialledLink {
  /** A frame arrived (a copy the link may keep). */
  receive(frame: Frame, now: number): void;
  /** True once the link handshake finished (the dialer then resets its backoff). */
  readonly up: boolean;
}

/** What the dialer needs from the server. */
export interface DialerHost {
  /** A socket to a node opened: the server's link on it. */
  opened(socket: LinkSocket): DialledLink;
  /** That socket closed (either side). */
  closed(link: DialledLink, code: number, reason: string): void;
  /** A dial failed before any link (refused upgrade, unreachable): for the server's error event. */
  failed(url: string, message: string): void;
}

/** How the dialer dials. */
export interface DialerOptions {
  readonly maxFrameBytes: number;
  /** Bytes `ws` may hold unsent per socket before a frame is refused (as uWS's maxBackpressure). */
  readonly maxBackpressureBytes: number;
  /** Upgrade deadline, ms. */
  readonly handshakeTimeoutMs: number;
  /** The `x-atlas-link-proof` header for a dial as `serverId` ('' sends none). */
  readonly proof?: (serverId: string) => string;
  /** First and longest redial delay, ms (defaults 100 and 5000). */
  readonly backoffMs?: { readonly initial: number; readonly max: number };
}

interface Dial {
  readonly url: string;
  ws?: WebSocket;
  link?: DialledLink;
  attempts: number;
  timer?: ReturnType<typeof setTimeout>;
  gone: boolean;
}

/** One link per listed node, kept up until the node leaves the list or `close()`. */
export class NodeDialer {
  private readonly dials = new Map<string, Dial>();
  private serverId = '';

  constructor(
    private readonly host: DialerHost,
    private readonly options: DialerOptions,
  ) {}

  /** Links to exactly `nodes` as server `serverId`: new nodes are dialled, nodes no longer listed are let go. */
  sync(serverId: string, nodes: readonly LinkNode[]): void {
    if (serverId !== this.serverId) {
      // A new id (registered anew): every link is redialled under it.
      this.close();
      this.serverId = serverId;
    }
    const wanted = new Set(nodes.map((n) => n.url));
    for (const [url, d] of this.dials) if (!wanted.has(url)) this.drop(d, 1001, 'the node left the cluster');
    for (const url of wanted) {
      if (this.dials.has(url)) continue;
      const d: Dial = { url, attempts: 0, gone: false };
      this.dials.set(url, d);
      this.dial(d);
    }
  }

  /** The URLs dialled now. */
  get urls(): readonly string[] {
    return [...this.dials.keys()];
  }

  /** Lets every link go (no redial). */
  close(): void {
    for (const d of [...this.dials.values()]) this.drop(d, 1001, 'game server shutting down');
  }

  private drop(d: Dial, code: number, reason: string): void {
    d.gone = true;
    this.dials.delete(d.url);
    clearTimeout(d.timer);
    d.ws?.close(code, reason);
  }

  private dial(d: Dial): void {
    if (d.gone) return;
    const o = this.options;
    let ws: WebSocket;
    try {
      const url = new URL(d.url);
      url.searchParams.set('server', this.serverId);
      const proof = o.proof?.(this.serverId) ?? '';
      const headers = proof === '' ? undefined : { 'x-atlas-link-proof': proof };
      ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: o.maxFrameBytes, handshakeTimeout: o.handshakeTimeoutMs, headers });
    } catch (e) {
      this.host.failed(d.url, `cannot dial ${d.url}: ${(e as Error).message}`);
      this.redial(d);
      return;
    }
    d.ws = ws;
    ws.binaryType = 'nodebuffer';
    ws.on('open', () => {
      if (d.ws === ws) d.link = this.host.opened(wsSocket(ws, o.maxBackpressureBytes));
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (d.ws === ws) d.link?.receive(isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data.toString('utf8'), Date.now());
    });
    // One report per failed dial: a refused upgrade also ends in an `error` event.
    let reported = false;
    ws.on('unexpected-response', (_req, res) => {
      reported = true;
      this.host.failed(d.url, `node ${d.url} refused the link: HTTP ${res.statusCode}`);
      ws.terminate();
    });
    ws.on('error', (e: Error) => {
      if (d.link === undefined && !reported) this.host.failed(d.url, `cannot link to ${d.url}: ${e.message}`);
      reported = true;
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (d.ws !== ws) return;
      d.ws = undefined;
      const link = d.link;
      d.link = undefined;
      if (link !== undefined) {
        if (link.up) d.attempts = 0;
        // Before the handshake finished: a refused proof (4016) or version (4001), a timeout.
        else this.host.failed(d.url, `node ${d.url} closed the link before it was up: ${code} ${reason.toString()}`);
        this.host.closed(link, code, reason.toString());
      }
      this.redial(d);
    });
  }

  private redial(d: Dial): void {
    if (d.gone) return;
    const { initial, max } = this.options.backoffMs ?? { initial: 100, max: 5000 };
    d.timer = setTimeout(() => this.dial(d), backoffDelay(d.attempts++, initial, max));
    d.timer.unref();
  }
}

/** The LinkSocket over a `ws` client socket; a frame past the backpressure limit is refused, as uWS drops it. */
function wsSocket(ws: WebSocket, maxBackpressureBytes: number): LinkSocket {
  return {
    send(frame: Frame): boolean {
      if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount > maxBackpressureBytes) return false;
      // The link's writer reuses its buffer; `ws` may hold a frame until the socket drains.
      ws.send(typeof frame === 'string' ? frame : frame.slice(), { binary: typeof frame !== 'string', compress: false });
      return true;
    },
    end(code: number, reason: string): void {
      ws.close(code, reason);
      setTimeout(() => ws.terminate(), 1000).unref();
    },
  };
}
