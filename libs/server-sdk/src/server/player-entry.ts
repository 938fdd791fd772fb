// The server's record of one attached player; game code sees it as a GamePlayer.
import type { Vec3 } from '@atlas/protocol';
import type { NodeLink } from '../link/node-link';
import type { GamePlayer } from './types';

/** A GamePlayer plus the bookkeeping the server needs. */
export class PlayerEntry implements GamePlayer {
  data: unknown = undefined;
  /** Source side of an ongoing transfer, if any (messages for it are routed there). */
  transferId: number | undefined = undefined;

  constructor(
    readonly playerId: string,
    /** '' for a player a transfer brought, until the node's SeqHandover names its session. */
    public sessionId: string,
    readonly handle: number,
    readonly link: NodeLink,
    public position: Vec3,
    readonly claims: Readonly<Record<string, unknown>>,
    public state: Uint8Array,
  ) {}
}

/** Parses token claims sent as JSON object text; anything else is no claims. */
export function parseClaims(text: string): Readonly<Record<string, unknown>> {
  if (text === '' || text === '{}') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
