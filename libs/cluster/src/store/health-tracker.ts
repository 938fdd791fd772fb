import { StoreStatus, type StoreHealth, type Unsubscribe } from '../model/health';
import { emitSafely } from './emit';

/** Holds a store's health and tells listeners on every status change (not on repeats). */
export class HealthTracker {
  private current: StoreHealth;
  private readonly listeners = new Set<(health: StoreHealth) => void>();

  constructor(
    initial: StoreHealth['status'],
    reason: string | null,
    private readonly onListenerError: (error: unknown) => void,
  ) {
    this.current = { status: initial, since: Date.now(), reason };
  }

  /** The latest health. */
  get(): StoreHealth {
    return this.current;
  }

  /** Moves to `status`; a closed tracker never reopens. */
  set(status: StoreHealth['status'], reason: string | null): void {
    if (this.current.status === StoreStatus.Closed) return;
    if (this.current.status === status) {
      // Same status: keep the freshest reason, without telling anyone again.
      if (this.current.reason !== reason) this.current = { ...this.current, reason };
      return;
    }
    this.current = { status, since: Date.now(), reason };
    emitSafely(this.listeners, this.current, this.onListenerError);
  }

  /** Listen for changes. */
  subscribe(listener: (health: StoreHealth) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
