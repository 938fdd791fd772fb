// The upstream port for a Horizon game server (kind `horizon`), the second implementation
// beside the Atlas link: Horizon has no multiplexed link, so every attached player gets its
// own WebSocket to the server's player endpoint (Horizon accepts any path and makes a
// player per socket: handlers.rs `handle_connection`). Text frames pass through unchanged
// (as HORIZON_TEXT_TAG PlayerActions on the port); binary frames are not Horizon's and are
// dropped. The "link" is up while the server is registered: there is no handshake.
import type { GameServerInfo } from '@atlas/cluster';
import { DetachReason, type ServerSingleMessage } from '@atlas/protocol';
import WebSocket from 'ws';
import type { Upstream, UpstreamEvents, UpstreamState } from '../ports';
import { actionText, textAction } from './horizon-text';

/** Most text frames queued for a player socket that is still opening. */
export const MAX_QUEUED_TEXTS = 1024;

interface PlayerSocket {
  readonly ws: WebSocket;
  readonly queue: string[];
}

/** One Horizon server as an Upstream: Attach opens a player socket, Forward sends text, Detach closes it. */
export class HorizonUpstream implements Upstream {
  readonly serverId: string;
  readonly address: string;
  /** Horizon speaks its own JSON, not the Atlas link: the base version (no acknowledgements, no v2 messages such as ghosts). */
  readonly version = 1;
  private current: UpstreamState = 'connecting';
  private readonly players = new Map<number, PlayerSocket>();

  constructor(
    server: GameServerInfo,
    private readonly events: UpstreamEvents,
    private readonly maxFrameBytes = 1 << 20,
  ) {
    this.serverId = server.id;
    this.address = server.address;
  }

  /** Current state. */
  get state(): UpstreamState {
    return this.current;
  }

  /** True when messages are accepted. */
  get isUp(): boolean {
    return this.current === 'up';
  }

  /** Player sockets open or opening. */
  get playerCount(): number {
    return this.players.size;
  }

  /** No handshake: up at once (idempotent). */
  open(): void {
    if (this.current !== 'connecting') return;
    this.current = 'up';
    this.events.state(this, 'up', 'horizon server registered');
  }

  /** Attach / Forward (Horizon text) / Detach; anything else is not Horizon's and is refused. */
  send(m: ServerSingleMessage): boolean {
    if (!this.isUp) return false;
    if (m.type === 'Attach') return this.attach(m.handle);
    if (m.type === 'Detach') return this.detach(m.handle, 1000, 'player left this server');
    if (m.type !== 'Forward') return false;
    const text = actionText(m.message as { type: string; tag?: number; data?: Uint8Array });
    const p = this.players.get(m.handle);
    if (text === null || p === undefined) return false;
    if (p.ws.readyState === WebSocket.OPEN) p.ws.send(text);
    else if (p.queue.length < MAX_QUEUED_TEXTS) p.queue.push(text);
    else return false;
    this.events.traffic?.('out', Buffer.byteLength(text), 1);
    return true;
  }

  /** Sends go out at once (or wait for their socket to open): nothing to flush. */
  flush(): void {
    return;
  }

  /** Closes every player socket, for good. */
  close(code = 1000, reason = 'closed'): void {
    this.current = 'closed';
    for (const handle of [...this.players.keys()]) this.detach(handle, code, reason);
  }

  private attach(handle: number): boolean {
    if (this.players.has(handle)) return true;
    const ws = new WebSocket(this.address, { maxPayload: this.maxFrameBytes, perMessageDeflate: false });
    const p: PlayerSocket = { ws, queue: [] };
    this.players.set(handle, p);
    ws.on('open', () => {
      for (const text of p.queue.splice(0)) ws.send(text);
    });
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary) return;
      const text = data.toString();
      this.events.traffic?.('in', Buffer.byteLength(text), 1);
      this.events.message(this, { type: 'Deliver', target: { kind: 'player', handle }, exclude: 0, message: textAction(text) });
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      // Only a socket we did not close ourselves tells the owner the player is gone.
      if (this.players.get(handle) !== p) return;
      this.players.delete(handle);
      this.events.message(this, { type: 'Detach', handle, reason: DetachReason.Kicked });
    });
    return true;
  }

  private detach(handle: number, code: number, reason: string): boolean {
    const p = this.players.get(handle);
    if (p === undefined) return false;
    this.players.delete(handle);
    if (p.ws.readyState === WebSocket.CONNECTING) p.ws.terminate();
    else p.ws.close(code, reason);
    return true;
  }
}
