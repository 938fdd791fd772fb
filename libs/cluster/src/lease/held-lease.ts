import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from '../model/errors';
import type { Unsubscribe } from '../model/health';
import type { LeaseGrant } from '../model/lease';
import type { Leases } from '../store/cluster-store';
import { emitSafely, ignoreError } from '../store/emit';

/** Options of {@link acquireLease}. */
export interface LeaseOptions {
  readonly name: string;
  /** Who holds it (the node id); one acquirer per holder id. */
  readonly holder: string;
  readonly ttlMs: number;
  /** Default ttl / 3. */
  readonly renewEveryMs?: number;
  /** The holder stops believing in the lease this long before the store would expire it. Default ttl / 10. */
  readonly safetyMarginMs?: number;
  /** Monotonic clock; default `performance.now`. */
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

/** What an action run under a lease gets: the fencing token and a way to check, between steps, that it may go on. */
export interface LeaseGuard {
  /** Pass it to every write the action makes, so a resource can refuse an older holder. */
  readonly token: number;
  isHeld(): boolean;
  /** Aborted the moment the lease is lost. */
  readonly signal: AbortSignal;
}

/** A lease this process holds, renewed in the background until lost or released. */
export interface HeldLease {
  readonly name: string;
  readonly holder: string;
  readonly token: number;
  /** False once lost, released, or past its local deadline (renewals failing while the store is unreachable). */
  isHeld(): boolean;
  /** Called once when the lease is lost (not on release). */
  onLost(listener: (error: ClusterError) => void): Unsubscribe;
  /** Runs `action` only while held; `lease_lost` if not held before, or lost during, the action. */
  withLease<T>(action: (guard: LeaseGuard) => Promise<T>): Promise<E.Either<ClusterError, T>>;
  release(): Promise<E.Either<ClusterError, boolean>>;
}

/**
 * Acquires a lease and keeps it: renews at `renewEveryMs`, and judges it lost as soon as a
 * renewal is refused or the local deadline (last successful renewal start + ttl - margin)
 * passes, so a holder cut off from the store stops acting before anyone else can acquire.
 */
export async function acquireLease(leases: Leases, options: LeaseOptions): Promise<E.Either<ClusterError, HeldLease>> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const granted = await leases.acquire(options.name, options.holder, options.ttlMs);
  if (E.isLeft(granted)) return granted;
  return E.right(new KeptLease(leases, granted.right, started, options, now));
}

class KeptLease implements HeldLease {
  readonly name: string;
  readonly holder: string;
  readonly token: number;
  private deadline: number;
  private state: 'held' | 'lost' | 'released' = 'held';
  private readonly margin: number;
  private readonly controller = new AbortController();
  private readonly listeners = new Set<(error: ClusterError) => void>();
  private readonly renewTimer: ReturnType<typeof setInterval>;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly leases: Leases,
    private readonly grant: LeaseGrant,
    started: number,
    private readonly options: LeaseOptions,
    private readonly now: () => number,
  ) {
    this.name = grant.name;
    this.holder = grant.holder;
    this.token = grant.token;
    this.margin = options.safetyMarginMs ?? Math.ceil(grant.ttlMs / 10);
    this.deadline = started + grant.ttlMs - this.margin;
    this.renewTimer = setInterval(() => void this.renew(), options.renewEveryMs ?? Math.max(1, Math.floor(grant.ttlMs / 3)));
    this.renewTimer.unref();
    this.armExpiry();
  }

  isHeld(): boolean {
    if (this.state !== 'held') return false;
    if (this.now() < this.deadline) return true;
    // Whoever notices the deadline first declares the loss, so isHeld() and onLost never disagree.
    this.lose(ClusterErrors.leaseLost(this.name));
    return false;
  }

  onLost(listener: (error: ClusterError) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async withLease<T>(action: (guard: LeaseGuard) => Promise<T>): Promise<E.Either<ClusterError, T>> {
    if (!this.isHeld()) return E.left(ClusterErrors.leaseLost(this.name));
    const value = await action({ token: this.token, isHeld: () => this.isHeld(), signal: this.controller.signal });
    return this.isHeld() ? E.right(value) : E.left(ClusterErrors.leaseLost(this.name));
  }

  async release(): Promise<E.Either<ClusterError, boolean>> {
    if (this.state === 'held') this.state = 'released';
    this.stopTimers();
    return this.leases.release(this.grant);
  }

  private async renew(): Promise<void> {
    if (this.state !== 'held') return;
    const started = this.now();
    const renewed = await this.leases.renew(this.grant);
    if (this.state !== 'held') return;
    if (E.isRight(renewed)) {
      this.deadline = Math.max(this.deadline, started + this.grant.ttlMs - this.margin);
      this.armExpiry();
    } else if (renewed.left.kind === 'lease_lost') {
      this.lose(renewed.left);
    }
    // Unreachable store: keep trying until the local deadline says otherwise.
  }

  private armExpiry(): void {
    if (this.expiryTimer !== null) clearTimeout(this.expiryTimer);
    this.expiryTimer = setTimeout(() => {
      if (this.isHeld()) this.armExpiry();
    }, Math.max(1, this.deadline - this.now()));
    this.expiryTimer.unref();
  }

  private lose(error: ClusterError): void {
    this.state = 'lost';
    this.stopTimers();
    this.controller.abort();
    emitSafely(this.listeners, error, this.options.onError ?? ignoreError);
  }

  private stopTimers(): void {
    clearInterval(this.renewTimer);
    if (this.expiryTimer !== null) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
  }
}
