// The provisioning state machine, sans I/O: inputs (requests, registry observations,
// provider exits, clock ticks) in, effects out. It never touches a process, a socket
// or a timer, so every rule (timeouts, restarts within limits, idle stops, de-duplication)
// is tested with plain values; `createProvisioner` runs the effects.
import * as E from 'fp-ts/lib/Either.js';
import { provisionError, type ProvisionError } from './errors';
import type { ProvisionRegion } from './region';

/** Timings and limits, in milliseconds and counts. */
export interface MachineLimits {
  readonly startupTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  /** 0: never stop idle servers. */
  readonly maxIdleMs: number;
  readonly maxRestarts: number;
  readonly restartWindowMs: number;
  readonly maxServers: number;
}

/** A game server as the node's registry and links see it. */
export interface ObservedServer {
  readonly id: string;
  readonly name: string;
  /** This node's link to it is up. */
  readonly linked: boolean;
  /** Players on it, cluster-wide (its heartbeat's count). */
  readonly players: number;
}

/** Where a provisioned server is in its life. */
export type ServerPhase = 'starting' | 'ready' | 'stopping';

/** Why a server is being stopped. */
export type StopCause = 'asked' | 'idle' | 'startup_timeout' | 'shutdown';

/** A provisioned server, for `/servers`-style views. */
export interface ProvisionedServer {
  readonly name: string;
  readonly region: ProvisionRegion;
  readonly phase: ServerPhase;
  /** Registry id once it registered. */
  readonly serverId: string | undefined;
  readonly launchId: number;
  /** Restarts within the current window. */
  readonly restarts: number;
}

/** What the machine asks its driver to do. `ticket`s identify waiting callers. */
export type Effect =
  | { readonly type: 'launch'; readonly launchId: number; readonly region: ProvisionRegion }
  | { readonly type: 'terminate'; readonly launchId: number }
  | { readonly type: 'kill'; readonly launchId: number }
  /** Remove a dead server's registration so its replacement is not refused as overlapping. */
  | { readonly type: 'forget'; readonly serverId: string }
  | { readonly type: 'started'; readonly ticket: number; readonly result: StartResult }
  | { readonly type: 'stopped'; readonly ticket: number; readonly result: StopResult }
  | { readonly type: 'event'; readonly event: MachineEvent };

/** A start's outcome: the server, registered and linked, or why not. */
export type StartResult = E.Either<ProvisionError, { readonly server: ProvisionedServer; readonly ms: number }>;
/** A stop's outcome: `forced` when it had to be killed after `shutdown_timeout`. */
export type StopResult = E.Either<ProvisionError, { readonly forced: boolean }>;

/** Things worth a log line or a metric. */
export type MachineEvent =
  | { readonly kind: 'ready'; readonly name: string; readonly ms: number; readonly restart: boolean }
  | { readonly kind: 'failed'; readonly name: string; readonly error: ProvisionError }
  | { readonly kind: 'crashed'; readonly name: string; readonly why: string; readonly restarting: boolean }
  | { readonly kind: 'stopping'; readonly name: string; readonly cause: StopCause }
  | { readonly kind: 'stopped'; readonly name: string; readonly cause: StopCause; readonly forced: boolean };

interface Instance {
  readonly region: ProvisionRegion;
  phase: ServerPhase;
  launchId: number;
  serverId: string | undefined;
  /** When the current launch (or stop) began, and when it must be done by. */
  since: number;
  deadline: number;
  everReady: boolean;
  emptySince: number | undefined;
  /** Times of recent restarts, oldest first. */
  restarts: number[];
  cause: StopCause;
  forced: boolean;
  startTickets: number[];
  stopTickets: number[];
}

/** One node's provisioned servers and the rules that move them. */
export class ProvisionMachine {
  private readonly instances = new Map<string, Instance>();
  private nextLaunch = 1;
  private closing = false;

  constructor(private readonly limits: MachineLimits) {}

  /** Start (or join the start of) a server for `region`; `ticket` is answered with a `started` effect. */
  start(region: ProvisionRegion, ticket: number, now: number): Effect[] {
    if (this.closing) return [started(ticket, fail('closed', 'the provisioner is shutting down'))];
    const existing = this.instances.get(region.name);
    if (existing !== undefined) {
      if (existing.phase === 'ready') return [started(ticket, E.right({ server: view(existing), ms: 0 }))];
      if (existing.phase === 'starting') {
        existing.startTickets.push(ticket);
        return [];
      }
      return [started(ticket, fail('stopped', `${region.name} is stopping`))];
    }
    if (this.instances.size >= this.limits.maxServers) {
      return [started(ticket, fail('limit', `already ${this.instances.size} provisioned servers (provisioning.max_servers)`))];
    }
    const instance: Instance = {
      region,
      phase: 'starting',
      launchId: this.nextLaunch++,
      serverId: undefined,
      since: now,
      deadline: now + this.limits.startupTimeoutMs,
      everReady: false,
      emptySince: undefined,
      restarts: [],
      cause: 'asked',
      forced: false,
      startTickets: [ticket],
      stopTickets: [],
    };
    this.instances.set(region.name, instance);
    return [{ type: 'launch', launchId: instance.launchId, region }];
  }

  /** Stop the server named `name` gracefully, killing it after `shutdown_timeout`. */
  stop(name: string, ticket: number, now: number, cause: StopCause = 'asked'): Effect[] {
    const instance = this.instances.get(name);
    if (instance === undefined) return [stopped(ticket, E.left(provisionError('not_found', `no provisioned server ${name}`)))];
    instance.stopTickets.push(ticket);
    return this.beginStop(instance, now, cause);
  }

  /** The node's registry and link state changed (or the periodic re-read). */
  observe(servers: readonly ObservedServer[], now: number): Effect[] {
    const byName = new Map(servers.map((s) => [s.name, s]));
    const out: Effect[] = [];
    for (const [name, instance] of this.instances) {
      const seen = byName.get(name);
      if (seen === undefined) continue;
      instance.serverId = seen.id;
      if (seen.players > 0) instance.emptySince = undefined;
      else instance.emptySince ??= now;
      if (instance.phase === 'starting' && seen.linked) {
        instance.phase = 'ready';
        const ms = now - instance.since;
        out.push({ type: 'event', event: { kind: 'ready', name, ms, restart: instance.everReady } });
        instance.everReady = true;
        instance.emptySince = seen.players > 0 ? undefined : now;
        for (const ticket of instance.startTickets.splice(0)) out.push(started(ticket, E.right({ server: view(instance), ms })));
      }
    }
    return out;
  }

  /** A launch could not start, or a launched server is gone. Stale launch ids are ignored. */
  exited(launchId: number, why: string, now: number): Effect[] {
    const instance = this.byLaunch(launchId);
    if (instance === undefined) return [];
    const name = instance.region.name;
    const out: Effect[] = instance.serverId === undefined ? [] : [{ type: 'forget', serverId: instance.serverId }];
    instance.serverId = undefined;
    // A restart that never came up is one more crash, not the end of the region.
    const failedRestart = instance.phase === 'stopping' && instance.cause === 'startup_timeout' && instance.everReady;
    if (instance.phase === 'stopping' && !failedRestart) {
      this.instances.delete(name);
      out.push({ type: 'event', event: { kind: 'stopped', name, cause: instance.cause, forced: instance.forced } });
      for (const ticket of instance.startTickets.splice(0)) out.push(started(ticket, fail(instance.cause === 'startup_timeout' ? 'startup_timeout' : 'stopped', startFailure(instance, why))));
      for (const ticket of instance.stopTickets.splice(0)) out.push(stopped(ticket, E.right({ forced: instance.forced })));
      return out;
    }
    if (!instance.everReady) {
      this.instances.delete(name);
      const error = provisionError('exited', `${name} exited before it registered and linked: ${why}`);
      out.push({ type: 'event', event: { kind: 'failed', name, error } });
      for (const ticket of instance.startTickets.splice(0)) out.push(started(ticket, E.left(error)));
      return out;
    }
    return [...out, ...this.restart(instance, why, now)];
  }

  /** Deadlines and idleness; call it about every 250 ms. */
  tick(now: number): Effect[] {
    const out: Effect[] = [];
    for (const instance of [...this.instances.values()]) {
      if (instance.phase === 'ready') {
        const idle = this.limits.maxIdleMs > 0 && instance.emptySince !== undefined && now - instance.emptySince >= this.limits.maxIdleMs;
        if (idle) out.push(...this.beginStop(instance, now, 'idle'));
        continue;
      }
      if (now < instance.deadline) continue;
      if (instance.phase === 'starting') out.push(...this.beginStop(instance, now, 'startup_timeout'));
      else if (instance.phase === 'stopping' && !instance.forced) {
        instance.forced = true;
        out.push({ type: 'kill', launchId: instance.launchId });
      }
    }
    return out;
  }

  /** Stop everything (node shutdown); no new starts from now on. */
  close(now: number): Effect[] {
    this.closing = true;
    return [...this.instances.values()].flatMap((i) => this.beginStop(i, now, 'shutdown'));
  }

  /** Whether nothing is provisioned any more. */
  get empty(): boolean {
    return this.instances.size === 0;
  }

  /** Every provisioned server. */
  list(): ProvisionedServer[] {
    return [...this.instances.values()].map(view);
  }

  private beginStop(instance: Instance, now: number, cause: StopCause): Effect[] {
    if (instance.phase === 'stopping') return [];
    instance.phase = 'stopping';
    instance.cause = cause;
    instance.since = now;
    instance.deadline = now + this.limits.shutdownTimeoutMs;
    const name = instance.region.name;
    // A server that never came up is not worth a grace period.
    if (cause === 'startup_timeout') {
      instance.forced = true;
      return [{ type: 'event', event: { kind: 'stopping', name, cause } }, { type: 'kill', launchId: instance.launchId }];
    }
    return [{ type: 'event', event: { kind: 'stopping', name, cause } }, { type: 'terminate', launchId: instance.launchId }];
  }

  private restart(instance: Instance, why: string, now: number): Effect[] {
    const name = instance.region.name;
    instance.restarts = instance.restarts.filter((t) => now - t < this.limits.restartWindowMs);
    if (this.closing || instance.restarts.length >= this.limits.maxRestarts) {
      this.instances.delete(name);
      const error = provisionError('exited', `${name} crashed (${why}) and ${instance.restarts.length} restarts within provisioning.restart_window were used`);
      return [
        { type: 'event', event: { kind: 'crashed', name, why, restarting: false } },
        { type: 'event', event: { kind: 'failed', name, error } },
        ...instance.startTickets.splice(0).map((ticket) => started(ticket, E.left(error))),
      ];
    }
    instance.restarts.push(now);
    instance.phase = 'starting';
    instance.forced = false;
    instance.launchId = this.nextLaunch++;
    instance.since = now;
    instance.deadline = now + this.limits.startupTimeoutMs;
    instance.emptySince = undefined;
    return [{ type: 'event', event: { kind: 'crashed', name, why, restarting: true } }, { type: 'launch', launchId: instance.launchId, region: instance.region }];
  }

  private byLaunch(launchId: number): Instance | undefined {
    for (const instance of this.instances.values()) if (instance.launchId === launchId) return instance;
    return undefined;
  }
}

function view(i: Instance): ProvisionedServer {
  return { name: i.region.name, region: i.region, phase: i.phase, serverId: i.serverId, launchId: i.launchId, restarts: i.restarts.length };
}

function fail(kind: ProvisionError['kind'], message: string): StartResult {
  return E.left(provisionError(kind, message));
}

function started(ticket: number, result: StartResult): Effect {
  return { type: 'started', ticket, result };
}

function stopped(ticket: number, result: StopResult): Effect {
  return { type: 'stopped', ticket, result };
}

function startFailure(instance: Instance, why: string): string {
  return instance.cause === 'startup_timeout'
    ? `${instance.region.name} did not register and link within game_servers.startup_timeout; stopped (${why})`
    : `${instance.region.name} was stopped before it was ready (${why})`;
}
