// The Provisioner: the machine's effects run against a provider, a clock and the node's
// registry. Callers get promises of Either values; nothing here throws at them.
import * as E from 'fp-ts/lib/Either.js';
import { provisionError, type ProvisionError } from './errors';
import { ProvisionMachine, type Effect, type MachineEvent, type MachineLimits, type ObservedServer, type ProvisionedServer } from './machine';
import type { GameServerProvider, ProviderFactory } from './provider';
import { cellFor, isRegionName, type ProvisionRegion } from './region';
import type { ReadonlyVector3 } from '@atlas/spatial';

/** Starts and stops game servers for regions. */
export interface Provisioner {
  /** `process` or `agones`. */
  readonly kind: string;
  /** Starts a server for `region` and resolves once it has registered and its link is up (within `startup_timeout`). Concurrent calls for one region share one start. */
  start(region: ProvisionRegion): Promise<E.Either<ProvisionError, ProvisionedServer>>;
  /** The router's entry: a player stands at `position` that no server owns; starts its cell's server when `on_demand` is on. */
  provisionFor(position: ReadonlyVector3): Promise<E.Either<ProvisionError, ProvisionedServer>>;
  /** Asks the server to stop and waits until it is gone (killed after `shutdown_timeout`: `forced`). */
  stop(name: string): Promise<E.Either<ProvisionError, { readonly forced: boolean }>>;
  /** Feed from the node: the registry and link state (call on every change and periodically). */
  observe(servers: readonly ObservedServer[]): void;
  /** Every provisioned server. */
  list(): readonly ProvisionedServer[];
  /** Stops every provisioned server (graceful, then forced) and the provider. */
  close(): Promise<void>;
}

/** What the provisioner needs from the node. */
export interface ProvisionerOptions {
  readonly provider: ProviderFactory;
  readonly limits: MachineLimits;
  /** `provisioning.on_demand` and `provisioning.cell_size`. */
  readonly onDemand: { readonly enabled: boolean; readonly cellSize: number };
  /** Deregisters a dead server from the registry (so its replacement may claim the region). */
  readonly forget: (serverId: string) => void;
  readonly events?: (event: MachineEvent) => void;
  /** Clock (tests); default Date.now. */
  readonly now?: () => number;
  /** Tick period in ms (default 250). */
  readonly tickMs?: number;
}

/** Builds a provisioner around a provider. */
export function createProvisioner(options: ProvisionerOptions): Provisioner {
  const now = options.now ?? Date.now;
  const machine = new ProvisionMachine(options.limits);
  const startWaiters = new Map<number, (r: E.Either<ProvisionError, ProvisionedServer>) => void>();
  const stopWaiters = new Map<number, (r: E.Either<ProvisionError, { forced: boolean }>) => void>();
  let nextTicket = 1;
  let closed: Promise<void> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let drained: () => void = () => undefined;
  // Launches still in flight, with the stop asked for meanwhile (applied once they land).
  const inFlight = new Map<number, 'terminate' | 'kill' | undefined>();

  const provider: GameServerProvider = options.provider({ exited: (launchId, why) => run(machine.exited(launchId, why, now())) });

  function run(effects: readonly Effect[]): void {
    for (const effect of effects) apply(effect);
    if (machine.empty) {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      drained();
    } else if (timer === undefined) {
      timer = setInterval(() => run(machine.tick(now())), options.tickMs ?? 250);
      timer.unref();
    }
  }

  function apply(effect: Effect): void {
    switch (effect.type) {
      case 'launch': {
        const id = effect.launchId;
        inFlight.set(id, undefined);
        void provider.launch({ launchId: id, region: effect.region }).then(
          (r) => {
            const pending = inFlight.get(id);
            inFlight.delete(id);
            if (E.isLeft(r)) run(machine.exited(id, r.left.message, now()));
            else if (pending === 'kill') provider.kill(id);
            else if (pending === 'terminate') provider.terminate(id);
          },
          (e: unknown) => {
            inFlight.delete(id);
            run(machine.exited(id, `launch threw: ${String(e)}`, now()));
          },
        );
        return;
      }
      case 'terminate':
      case 'kill':
        if (inFlight.has(effect.launchId)) {
          if (inFlight.get(effect.launchId) !== 'kill') inFlight.set(effect.launchId, effect.type);
          return;
        }
        return effect.type === 'kill' ? provider.kill(effect.launchId) : provider.terminate(effect.launchId);
      case 'forget':
        return options.forget(effect.serverId);
      case 'started': {
        const resolve = startWaiters.get(effect.ticket);
        startWaiters.delete(effect.ticket);
        return resolve?.(E.map((r: { readonly server: ProvisionedServer }) => r.server)(effect.result));
      }
      case 'stopped': {
        const resolve = stopWaiters.get(effect.ticket);
        stopWaiters.delete(effect.ticket);
        return resolve?.(effect.result);
      }
      case 'event':
        return options.events?.(effect.event);
    }
  }

  const start = (region: ProvisionRegion): Promise<E.Either<ProvisionError, ProvisionedServer>> => {
    if (!isRegionName(region.name)) return Promise.resolve(E.left(provisionError('invalid', `region name "${region.name}": 1-63 characters of [A-Za-z0-9._-]`)));
    const ticket = nextTicket++;
    const result = new Promise<E.Either<ProvisionError, ProvisionedServer>>((resolve) => startWaiters.set(ticket, resolve));
    run(machine.start(region, ticket, now()));
    return result;
  };

  const stop = (name: string): Promise<E.Either<ProvisionError, { readonly forced: boolean }>> => {
    const ticket = nextTicket++;
    const result = new Promise<E.Either<ProvisionError, { forced: boolean }>>((resolve) => stopWaiters.set(ticket, resolve));
    run(machine.stop(name, ticket, now()));
    return result;
  };

  return {
    kind: provider.kind,
    start,
    provisionFor: (position) => {
      if (!options.onDemand.enabled) return Promise.resolve(E.left(provisionError('disabled', 'provisioning.on_demand is off')));
      if (![position.x, position.y, position.z].every(Number.isFinite)) return Promise.resolve(E.left(provisionError('invalid', 'position must be finite')));
      return start(cellFor(position, options.onDemand.cellSize));
    },
    stop,
    observe: (servers) => run(machine.observe(servers, now())),
    list: () => machine.list(),
    close: () => {
      closed ??= (async () => {
        const empty = new Promise<void>((resolve) => (drained = resolve));
        run(machine.close(now()));
        await empty;
        await provider.close();
      })();
      return closed;
    },
  };
}
