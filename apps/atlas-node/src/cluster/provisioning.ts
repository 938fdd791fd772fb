// The node's provisioner: `[provisioning]` from the config, fed four times a second
// with what the registry and this node's links see, and (with `on_demand`) asked for
// a server wherever a player of this node stands that no server owns. Built by the
// composition root from plain functions, so it reaches into no stage of the data path.
import * as E from 'fp-ts/lib/Either.js';
import type { GameServerInfo } from '@atlas/cluster';
import type { AtlasConfig } from '@atlas/config';
import { cellFor, describeProvisionError, provisionerFromConfig, type MachineEvent, type Provisioner } from '@atlas/provisioning';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Logger } from 'winston';

/** What the node hands its provisioner. */
export interface NodeProvisioningDeps {
  readonly config: AtlasConfig;
  /** The URL provisioned servers register with. */
  readonly nodeUrl: string;
  readonly servers: () => readonly GameServerInfo[];
  readonly isLinked: (serverId: string) => boolean;
  readonly deregister: (serverId: string) => void;
  /** Positions of this node's players that no server owns (placed, unrouted). */
  readonly unowned: () => Iterable<{ readonly x: number; readonly y: number; readonly z: number }>;
  readonly log: Logger;
  /** The node's metrics registry (the provisioning series are added to it). */
  readonly registry: Registry;
}

/** The running provisioning of one node. */
export interface NodeProvisioning {
  readonly provisioner: Provisioner;
  /** Stops the feed and every provisioned server. */
  close(): Promise<void>;
}

/** Right(undefined) with `provider = "none"`. */
export function startNodeProvisioning(d: NodeProvisioningDeps): E.Either<string, NodeProvisioning | undefined> {
  // Only a provisioning node has these series.
  const events = new Counter({ name: 'atlas_provisioning_events_total', help: 'Provisioned servers: ready, failed, crashed, stopping, stopped.', labelNames: ['event'] as const, registers: [] });
  const startSeconds = new Histogram({ name: 'atlas_provisioning_start_seconds', help: 'Seconds from launch to registered and linked.', buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120], registers: [] });
  const made = provisionerFromConfig(d.config, {
    nodeUrl: d.nodeUrl,
    forget: d.deregister,
    events: (event) => {
      logEvent(d.log, event);
      events.labels(event.kind).inc();
      if (event.kind === 'ready') startSeconds.observe(event.ms / 1000);
    },
    notice: (message) => d.log.warn(message),
  });
  if (E.isLeft(made) || made.right === undefined) return made as E.Either<string, undefined>;
  const provisioner = made.right;
  d.registry.registerMetric(events);
  d.registry.registerMetric(startSeconds);
  const { on_demand: onDemand, cell_size: cellSize } = d.config.provisioning;
  // One request per cell at a time, and a pause after a failure, so a crowd parked in an
  // unstartable cell does not turn into a start per player per tick.
  const asked = new Map<string, number>();
  const feed = setInterval(() => {
    try {
      provisioner.observe(d.servers().map((s) => ({ id: s.id, name: s.name, linked: d.isLinked(s.id), players: s.load.connections })));
      if (!onDemand) return;
      const now = Date.now();
      for (const p of d.unowned()) {
        const cell = cellFor(p, cellSize).name;
        if ((asked.get(cell) ?? 0) > now) continue;
        asked.set(cell, Number.POSITIVE_INFINITY);
        void provisioner.provisionFor(p).then((r) => {
          asked.set(cell, E.isLeft(r) ? Date.now() + 5000 : 0);
          if (E.isLeft(r)) d.log.warn('on-demand provisioning failed', { cell, error: describeProvisionError(r.left) });
        });
      }
    } catch (e) {
      d.log.error('provisioning feed failed', { error: (e as Error).stack ?? String(e) });
    }
  }, 250);
  feed.unref();
  d.log.info('provisioning on', { provider: provisioner.kind, onDemand });
  return E.right({
    provisioner,
    close: async () => {
      clearInterval(feed);
      await provisioner.close();
    },
  });
}

function logEvent(log: Logger, e: MachineEvent): void {
  if (e.kind === 'ready') log.info('provisioned server ready', { name: e.name, ms: e.ms, restart: e.restart });
  else if (e.kind === 'failed') log.warn('provisioned server failed', { name: e.name, error: describeProvisionError(e.error) });
  else if (e.kind === 'crashed') log.warn('provisioned server crashed', { name: e.name, why: e.why, restarting: e.restarting });
  else if (e.kind === 'stopping') log.info('stopping provisioned server', { name: e.name, cause: e.cause });
  else log.info('provisioned server stopped', { name: e.name, cause: e.cause, forced: e.forced });
}
