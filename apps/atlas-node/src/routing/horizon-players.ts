// Players speaking Horizon's own client protocol through the node: each is attached to the
// Horizon server owning its position (through the HorizonUpstream of that server), its text
// frames pass through unchanged both ways, and its position is read from its move messages
// for routing. Horizon has no transfers, so a handover is done here, behind the proxy:
// preload (attach to the neighbour when near the border, its messages held back), replay
// the player's recorded init messages to the target, switch, detach the source, and tell
// the client with one `atlas`/`server_changed` message carrying the target's new ids.
import { DetachReason, type ServerSingleMessage } from '@atlas/protocol';
import type { Upstream } from '../upstream/ports';
import { actionText, horizonIds, positionOf, textAction } from '../upstream/horizon/horizon-text';
import type { World } from './world';

/** The client side of a Horizon player (a uWS WebSocket in production). */
export interface HorizonClient {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** Settings read per message (hot reloads apply). */
export interface HorizonPlayerSettings {
  readonly moveEvent: string;
  readonly positionPath: string;
}

/** Most client messages recorded for replay (from connect until the first move). */
export const MAX_RECORDED = 32;
/** Most server messages held back from a preloaded target. */
export const MAX_HELD = 256;
/** How long the server_changed message waits for the target's ids before going out without them. */
export const IDS_WAIT_MS = 2_000;

interface Attachment {
  readonly serverId: string;
  readonly handle: number;
  /** Server texts held back until this attachment is the current one. */
  held: string[] | null;
  ids: { player_id: string; object_id: string | null } | null;
}

/** One Horizon player on this node. */
export interface HorizonPlayer {
  readonly playerId: string;
  readonly client: HorizonClient;
  position: { x: number; y: number; z: number };
  current: Attachment | null;
  pending: Attachment | null;
  /** Client messages from connect until the first move (login, init), replayed to each new server. */
  readonly recorded: string[];
  recording: boolean;
  /** Set while server_changed waits for the current attachment's ids. */
  announce: { from: string; timer: ReturnType<typeof setTimeout> } | null;
}

/** What the players need from the node. */
export interface HorizonPlayersDeps {
  readonly world: World;
  link(serverId: string): Upstream | undefined;
  settings(): HorizonPlayerSettings;
  /** Counts and logs (optional). */
  readonly notice?: (event: 'handover' | 'no_server' | 'server_left', data: Record<string, unknown>) => void;
  /** A player's connection to a Horizon server opened / closed (preloads included): Atlas counts them, Horizon reports 0. */
  readonly counted?: (serverId: string, delta: 1 | -1) => void;
}

/** The `atlas`/`server_changed` message (docs/horizon.md). */
export function serverChanged(from: string, to: string, ids: Attachment['ids']): string {
  return JSON.stringify({ namespace: 'atlas', event: 'server_changed', data: { from_server: from, to_server: to, player_id: ids?.player_id ?? null, object_id: ids?.object_id ?? null } });
}

/** This node's Horizon players, keyed by the handles of their attachments. */
export class HorizonPlayers {
  private readonly byHandle = new Map<number, { player: HorizonPlayer; attachment: Attachment }>();
  private nextHandle = 1;

  constructor(private readonly deps: HorizonPlayersDeps) {}

  /** Players online. */
  get size(): number {
    return new Set([...this.byHandle.values()].map((e) => e.player)).size;
  }

  /** Places a new player at `spawn` (Horizon spawns at the origin); false when no Horizon server owns it. */
  join(playerId: string, client: HorizonClient, spawn: { x: number; y: number; z: number }): HorizonPlayer | null {
    const player: HorizonPlayer = { playerId, client, position: { ...spawn }, current: null, pending: null, recorded: [], recording: true, announce: null };
    const owner = this.deps.world.ownerAt(spawn.x, spawn.y, spawn.z);
    const attached = owner === undefined ? null : this.attach(player, owner, null);
    if (attached === null) {
      this.deps.notice?.('no_server', { playerId, position: spawn });
      return null;
    }
    player.current = attached;
    return player;
  }

  /** A text frame from the client: recorded until the first move, read for a position, forwarded unchanged. */
  text(player: HorizonPlayer, text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined; // Horizon drops invalid JSON itself; it is forwarded as is.
    }
    const { moveEvent, positionPath } = this.deps.settings();
    const position = positionOf(json, moveEvent, positionPath);
    if (player.recording && position !== null) player.recording = false;
    else if (player.recording && player.recorded.length < MAX_RECORDED) player.recorded.push(text);
    // A move that crosses the border already goes to the new server.
    if (position !== null) this.moved(player, position);
    this.forward(player.current, text);
  }

  /** The client left: every attachment is detached. */
  leave(player: HorizonPlayer): void {
    if (player.announce !== null) clearTimeout(player.announce.timer);
    for (const a of [player.current, player.pending]) if (a !== null) this.detach(a, DetachReason.Disconnected);
    player.current = player.pending = null;
  }

  /** A message from a Horizon server's upstream (Deliver of text, or Detach when its socket closed). */
  fromUpstream(link: Upstream, m: ServerSingleMessage): void {
    const handle = m.type === 'Deliver' && m.target.kind === 'player' ? m.target.handle : m.type === 'Detach' ? m.handle : 0;
    const entry = this.byHandle.get(handle);
    if (entry === undefined || entry.attachment.serverId !== link.serverId) return;
    const { player, attachment } = entry;
    if (m.type === 'Detach') {
      this.byHandle.delete(handle);
      this.deps.counted?.(attachment.serverId, -1);
      if (player.pending === attachment) player.pending = null;
      if (player.current === attachment) {
        player.current = null;
        this.deps.notice?.('server_left', { playerId: player.playerId, serverId: link.serverId });
        player.client.close(4410, 'the Horizon server closed this player');
      }
      return;
    }
    const text = m.type === 'Deliver' ? actionText(m.message as { type: string; tag?: number; data?: Uint8Array }) : null;
    if (text === null) return;
    if (attachment.ids === null) {
      try {
        attachment.ids = horizonIds(JSON.parse(text));
      } catch {
        // not JSON: no ids in it
      }
    }
    if (attachment.held !== null) {
      if (attachment.held.length < MAX_HELD) attachment.held.push(text);
      return;
    }
    if (player.announce !== null && player.current === attachment && attachment.ids !== null) this.announce(player);
    player.client.send(text);
  }

  private moved(player: HorizonPlayer, position: { x: number; y: number; z: number }): void {
    player.position = position;
    const current = player.current;
    const decision = this.deps.world.decide(position.x, position.y, position.z, current?.serverId);
    if (decision === undefined || decision.kind === 'stay') {
      this.dropPending(player, null);
      return;
    }
    if (decision.kind === 'preload') {
      const target = decision.regions.find((r) => r.owner !== current?.serverId)?.owner;
      this.dropPending(player, target ?? null);
      if (target !== undefined && player.pending === null) player.pending = this.attach(player, target, []);
      return;
    }
    const target = decision.region.owner;
    if (target === current?.serverId) return;
    this.dropPending(player, target);
    const next = player.pending ?? this.attach(player, target, []);
    if (next === null) return;
    this.handover(player, next);
  }

  private handover(player: HorizonPlayer, next: Attachment): void {
    const from = player.current;
    // The target already has the recorded init messages (sent at attach); its socket queues
    // them and everything after until it is open, so nothing the client sends is lost between.
    player.current = next;
    player.pending = null;
    if (from !== null) this.detach(from, DetachReason.Transferred);
    const held = next.held ?? [];
    next.held = null;
    this.deps.notice?.('handover', { playerId: player.playerId, from: from?.serverId ?? null, to: next.serverId });
    if (next.ids !== null) {
      player.client.send(serverChanged(from?.serverId ?? '', next.serverId, next.ids));
    } else {
      const timer = setTimeout(() => this.announce(player), IDS_WAIT_MS);
      player.announce = { from: from?.serverId ?? '', timer };
    }
    for (const text of held) player.client.send(text);
  }

  private announce(player: HorizonPlayer): void {
    const pending = player.announce;
    if (pending === null || player.current === null) return;
    clearTimeout(pending.timer);
    player.announce = null;
    player.client.send(serverChanged(pending.from, player.current.serverId, player.current.ids));
  }

  private dropPending(player: HorizonPlayer, keep: string | null): void {
    const pending = player.pending;
    if (pending === null || pending.serverId === keep) return;
    player.pending = null;
    this.detach(pending, DetachReason.Transferred);
  }

  private attach(player: HorizonPlayer, serverId: string, held: string[] | null): Attachment | null {
    const link = this.deps.link(serverId);
    const handle = this.nextHandle++;
    const attachment: Attachment = { serverId, handle, held, ids: null };
    const p = player.position;
    const ok = link?.send({ type: 'Attach', handle, playerId: player.playerId, sessionId: `${player.playerId}:${handle}`, position: p, state: new Uint8Array(), claims: '{}' }) === true;
    if (!ok) return null;
    this.byHandle.set(handle, { player, attachment });
    this.deps.counted?.(serverId, 1);
    // A server the player moves to (held !== null) first gets its recorded login/init messages.
    if (held !== null) for (const text of player.recorded) this.forward(attachment, text);
    return attachment;
  }

  private detach(a: Attachment, reason: DetachReason): void {
    if (this.byHandle.delete(a.handle)) this.deps.counted?.(a.serverId, -1);
    this.deps.link(a.serverId)?.send({ type: 'Detach', handle: a.handle, reason });
  }

  private forward(a: Attachment | null, text: string): void {
    if (a === null) return;
    this.deps.link(a.serverId)?.send({ type: 'Forward', handle: a.handle, message: textAction(text) });
  }
}
