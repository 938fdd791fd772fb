// What makes a client's actions reach game code exactly once: per player and session the
// highest client seq the game code has taken (a Forward not newer is a replay or a
// client's re-send, and is dropped), and the ForwardAck each version 2 link gets once per
// turn, in the turn's own frame (beside the echoes it caused), so the node can forget what
// the game code has taken. The seen seqs survive a
// player's suspension, link loss or resume through another node (docs/protocol.md §11).
import { ACK_VERSION, DetachReason, type PlayerAck } from '@atlas/protocol';
import type { NodeLink } from '../link/node-link';
import type { LeaveReason } from './types';

/** What the intake needs to know of a player. */
export interface IntakePlayer {
  readonly playerId: string;
  readonly sessionId: string;
  readonly handle: number;
  readonly link: NodeLink;
}

interface Seen {
  sessionId: string;
  seq: number;
  /** When the player left in a way it may come back from (suspended, link lost); null while here. */
  leftAt: number | null;
}

/** True when `a` is `b` or before it in u32 serial-number order (RFC 1982). */
function serialAtMost(a: number, b: number): boolean {
  return ((b - a) >>> 0) < 0x8000_0000;
}

/** Deduplication and acknowledgement of forwarded client messages. */
export class Intake {
  private readonly seen = new Map<string, Seen>();
  private readonly pending = new Map<NodeLink, Map<number, number>>();

  /** Players remembered (for tests and memory checks). */
  get size(): number {
    return this.seen.size;
  }

  /** True when `seq` is new for the player (and remembers it); false for a duplicate. */
  fresh(p: IntakePlayer, seq: number): boolean {
    const s = this.seen.get(p.playerId);
    // A new session starts its seqs afresh; a player taken over by a transfer has no
    // session id here ('') and continues the one seen before.
    if (s === undefined || (p.sessionId !== '' && s.sessionId !== '' && s.sessionId !== p.sessionId)) {
      this.seen.set(p.playerId, { sessionId: p.sessionId, seq, leftAt: null });
      return true;
    }
    s.leftAt = null;
    if (serialAtMost(seq, s.seq)) return false;
    s.seq = seq;
    if (s.sessionId === '') s.sessionId = p.sessionId;
    return true;
  }

  /**
   * A transfer brought the player here in session `p.sessionId` (SeqHandover): the server it
   * came from took every seq up to `seq`, so those count as seen here too. What this server
   * remembers of another session of the player (it left, and came back in a new one) goes.
   */
  handover(p: IntakePlayer, seq: number): void {
    const s = this.seen.get(p.playerId);
    if (s === undefined || (s.sessionId !== '' && s.sessionId !== p.sessionId)) this.seen.set(p.playerId, { sessionId: p.sessionId, seq, leftAt: null });
    else {
      s.sessionId = p.sessionId;
      if (!serialAtMost(seq, s.seq)) s.seq = seq;
    }
  }

  /**
   * A transfer brought the player, in a session it is not told (SeqHandover names it, on
   * version 2 links): what this server kept since the player left it may be another
   * session's, so it goes. The SeqHandover says how far the player's line stands.
   */
  arrived(p: IntakePlayer): void {
    const s = this.seen.get(p.playerId);
    if (s !== undefined && s.leftAt !== null) this.seen.delete(p.playerId);
  }

  /** A player attached again in a session seen here: its highest seq taken is acknowledged on its (new) link. */
  remind(p: IntakePlayer): void {
    const s = this.seen.get(p.playerId);
    if (s === undefined || (s.sessionId !== '' && s.sessionId !== p.sessionId)) return;
    s.leftAt = null;
    this.taken(p, s.seq);
  }

  /** The game code took `seq` of the player: acknowledged with this turn's ForwardAck (version 2 links). */
  taken(p: IntakePlayer, seq: number): void {
    if (p.link.version < ACK_VERSION) return;
    let acks = this.pending.get(p.link);
    if (acks === undefined) {
      acks = new Map();
      this.pending.set(p.link, acks);
    }
    acks.set(p.handle, seq);
    p.link.wake();
  }

  /** The link writes its turn's frame: its ForwardAck goes in it. */
  endOfTurn(link: NodeLink): void {
    const acks = this.pending.get(link);
    if (acks === undefined) return;
    this.pending.delete(link);
    const list: PlayerAck[] = [];
    for (const [handle, seq] of acks) list.push({ handle, seq });
    if (link.up) link.send({ type: 'ForwardAck', acks: list });
  }

  /** The link is gone: nothing is acknowledged on it any more (the node replays what it kept). */
  linkLost(link: NodeLink): void {
    this.pending.delete(link);
  }

  /**
   * The player left: its seen seq is kept only when it may come back in the same session, and
   * only for a while (`sweep`). A transfer away counts: a node that dies right after the switch,
   * before its session record names the target, resumes the player here, and the client's
   * re-sent actions must not be taken again. A new session never continues it: an Attach
   * names its session, and so does the SeqHandover of a transfer back.
   */
  left(p: IntakePlayer, reason: LeaveReason, now: number): void {
    if (reason === DetachReason.Disconnected || reason === DetachReason.Kicked) this.seen.delete(p.playerId);
    else {
      const s = this.seen.get(p.playerId);
      if (s !== undefined) s.leftAt = now;
    }
  }

  /** Forgets players that left more than `retentionMs` ago and never came back (their resume window is over). */
  sweep(now: number, retentionMs: number): void {
    for (const [id, s] of this.seen) if (s.leftAt !== null && now - s.leftAt > retentionMs) this.seen.delete(id);
  }
}
