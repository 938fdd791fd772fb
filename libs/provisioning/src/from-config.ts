// A provisioner from the node's `[provisioning]` and `[game_servers]` sections.
import type { ClusterConfig, GameServersConfig, ProvisioningConfig, SecurityConfig } from '@atlas/config';
import * as E from 'fp-ts/lib/Either.js';
import { createAgonesProvider } from './agones/agones-provider';
import type { KubeSource } from './agones/kube-api';
import { parseCommand } from './command';
import type { MachineEvent } from './machine';
import { createProcessProvider } from './process/process-provider';
import { createProvisioner, type Provisioner } from './provisioner';
import type { ProviderFactory } from './provider';

/**
 * The config keys the provisioner reads: a subset of @atlas/config's AtlasConfig, named
 * from it so the two cannot drift, and narrow so a test passes only what is read.
 */
export interface ProvisioningSettings {
  readonly provisioning: ProvisioningConfig;
  readonly game_servers: Pick<GameServersConfig, 'startup_timeout' | 'shutdown_timeout' | 'max_idle_time'>;
  readonly security: Pick<SecurityConfig, 'registration_secret'>;
  readonly cluster: Pick<ClusterConfig, 'node_id'>;
}

/** What the node supplies besides its config. */
export interface ProvisionerWiring {
  /** The URL provisioned servers register with (`{node_url}`), e.g. `http://127.0.0.1:8080`. */
  readonly nodeUrl: string;
  readonly forget: (serverId: string) => void;
  readonly events?: (event: MachineEvent) => void;
  readonly notice?: (message: string) => void;
  /** Overrides the Kubernetes API location (tests); default from `provisioning.kubeconfig`. */
  readonly kube?: KubeSource;
}

/** Right(undefined) for `provider = "none"`; Left when the settings cannot work (a bad command template). */
export function provisionerFromConfig(config: ProvisioningSettings, wiring: ProvisionerWiring): E.Either<string, Provisioner | undefined> {
  const p = config.provisioning;
  let provider: ProviderFactory;
  if (p.provider === 'none') return E.right(undefined);
  if (p.provider === 'process') {
    const command = parseCommand(p.command);
    if (E.isLeft(command)) return command;
    provider = createProcessProvider({
      command: command.right,
      context: { node: process.execPath, nodeUrl: wiring.nodeUrl },
      registrationSecret: config.security.registration_secret,
    });
  } else {
    provider = createAgonesProvider({
      namespace: p.agones_namespace,
      fleet: p.agones_fleet,
      nodeId: config.cluster.node_id,
      nodeUrl: wiring.nodeUrl,
      kube: wiring.kube ?? (p.kubeconfig === '' ? { kind: 'in-cluster' } : { kind: 'file', path: p.kubeconfig }),
      notice: wiring.notice,
    });
  }
  const g = config.game_servers;
  return E.right(
    createProvisioner({
      provider,
      limits: {
        startupTimeoutMs: g.startup_timeout * 1000,
        shutdownTimeoutMs: g.shutdown_timeout * 1000,
        maxIdleMs: g.max_idle_time * 1000,
        maxRestarts: p.max_restarts,
        restartWindowMs: p.restart_window * 1000,
        maxServers: p.max_servers,
      },
      onDemand: { enabled: p.on_demand, cellSize: p.cell_size },
      forget: wiring.forget,
      events: wiring.events,
    }),
  );
}
