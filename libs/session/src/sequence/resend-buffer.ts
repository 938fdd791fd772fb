// The last sent sequenced messages of one direction, so that after a resume the sender
// can send again what the peer never received (the peer's Resume names the last seq it got).

/** A bounded ring of sent messages, oldest dropped first. */
export class ResendBuffer<M extends { readonly seq: number }> {
  private readonly items: (M | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array(capacity);
  }

  /** Messages held. */
  get size(): number {
    return this.count;
  }

  /** Remembers a sent message. */
  push(m: M): void {
    if (this.capacity === 0) return;
    if (this.count === this.capacity) {
      this.items[this.start] = undefined;
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
    this.items[(this.start + this.count) % this.capacity] = m;
    this.count++;
  }

  /**
   * The messages after `lastReceived` in send order, and how many of those were already
   * forgotten (the buffer was too small for the outage). Sequence numbers wrap (u32).
   */
  after(lastReceived: number): { readonly messages: M[]; readonly forgotten: number } {
    const messages: M[] = [];
    let oldest: number | undefined;
    for (let i = 0; i < this.count; i++) {
      const m = this.items[(this.start + i) % this.capacity] as M;
      oldest ??= m.seq;
      if (((m.seq - lastReceived) | 0) > 0) messages.push(m);
    }
    const forgotten = oldest === undefined ? 0 : Math.max(0, (oldest - lastReceived - 1) | 0);
    return { messages, forgotten };
  }

  /** Forgets everything (a new session starts its numbers again). */
  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
