// The I/O side of provisioning: something that can run a game server for a region
// (a child process, an Agones GameServer) and say when it is gone. Whether the server
// registered and linked is not the provider's business: the provisioner sees that in
// the node's registry, the same way for every provider.
import type * as E from 'fp-ts/lib/Either.js';
import type { ProvisionError } from './errors';
import type { ProvisionRegion } from './region';

/** One launch of a server for a region. `launchId` tells a restart from the run before it. */
export interface LaunchSpec {
  readonly launchId: number;
  readonly region: ProvisionRegion;
}

/** What a provider reports back. */
export interface ProviderEvents {
  /** The launched server is gone (exited, crashed, deleted, Shutdown); exactly once per successful launch. */
  exited(launchId: number, why: string): void;
}

/** Runs game servers. Every method returns at once; outcomes arrive as events or values. */
export interface GameServerProvider {
  /** `process` or `agones`. */
  readonly kind: string;
  /** Starts a server; Left when it could not even start (then no `exited` follows). */
  launch(spec: LaunchSpec): Promise<E.Either<ProvisionError, void>>;
  /** Asks the server to stop gracefully (SIGTERM; GameServer deleted). */
  terminate(launchId: number): void;
  /** Stops it now (SIGKILL; pod deleted without grace). */
  kill(launchId: number): void;
  /** Forces every server it still runs down and releases its own resources. */
  close(): Promise<void>;
}

/** Builds a provider that reports to `events`. */
export type ProviderFactory = (events: ProviderEvents) => GameServerProvider;
