// Where this node's recently disconnected players were, and the last client seq their
// server took (TransferPlayer.takenSeq): a resume on this node finds them here at once,
// even before the session directory has the node's periodic write (a player that
// reconnects within a second of its first move would otherwise come back unplaced, and its
// actions wait for a move).
import type { Vec3 } from '@atlas/protocol';

/** What the node remembers of a departed session. */
export interface DepartedSession {
  readonly sessionId: string;
  readonly position: Vec3 | null;
  /** The client seq its server had taken when it left: what the client re-sends after. */
  readonly takenSeq: number;
  /** The server it was on (or had just lost), null when none. */
  readonly server: string | null;
  readonly at: number;
}

/** Departed sessions by player id, kept for the resume ticket's lifetime and bounded in count. */
export class DepartedSessions {
  private readonly byPlayer = new Map<string, DepartedSession>();

  constructor(private readonly maxEntries = 100_000) {}

  /** Remembers a session that just closed (a newer one for the same player replaces it). */
  remember(playerId: string, d: DepartedSession): void {
    this.byPlayer.delete(playerId);
    this.byPlayer.set(playerId, d);
    // Insertion order is age order: the oldest goes first when full.
    if (this.byPlayer.size > this.maxEntries) this.byPlayer.delete(this.byPlayer.keys().next().value as string);
  }

  /** The departed session of `playerId`, if still remembered. */
  get(playerId: string): DepartedSession | undefined {
    return this.byPlayer.get(playerId);
  }

  /** Forgets the player (it resumed, or started afresh). */
  forget(playerId: string): void {
    this.byPlayer.delete(playerId);
  }

  /** Forgets sessions older than `maxAgeMs`. */
  prune(now: number, maxAgeMs: number): void {
    for (const [id, d] of this.byPlayer) {
      if (now - d.at <= maxAgeMs) break;
      this.byPlayer.delete(id);
    }
  }
}
