/** A bounded FIFO for messages that arrive while a transfer is in flight; flushed in order. */
export class TransferBuffer<T> {
  private items: T[] = [];

  /** At most `capacity` items are held; one more is refused. */
  constructor(readonly capacity: number) {}

  /** Items held. */
  get size(): number {
    return this.items.length;
  }

  /** Appends `item`; false (and nothing stored) when the buffer is full. */
  push(item: T): boolean {
    if (this.items.length >= this.capacity) return false;
    this.items.push(item);
    return true;
  }

  /** Removes and returns every item, oldest first. */
  drain(): T[] {
    const out = this.items;
    this.items = [];
    return out;
  }
}
