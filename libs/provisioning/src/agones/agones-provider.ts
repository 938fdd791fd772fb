// The Agones provider: a server for a region is a Ready GameServer of the fleet,
// allocated through a GameServerAllocation that labels it with the region (the game
// server reads its region and the node URL from its own labels and annotations, then
// registers with Atlas). A watch on this node's GameServers reports Shutdown, Error,
// Unhealthy and deletion as the server being gone; stopping deletes the GameServer.
import * as E from 'fp-ts/lib/Either.js';
import { provisionError } from '../errors';
import type { GameServerProvider, LaunchSpec, ProviderEvents } from '../provider';
import type { KubeApi, KubeSource } from './kube-api';
import { AGONES_KEYS, GONE_STATES, allocationFor, allocationOutcome, gameServerOf } from './resources';

/** Where to allocate from and how to reach the Kubernetes API. */
export interface AgonesProviderOptions {
  readonly namespace: string;
  readonly fleet: string;
  /** This node's `cluster.node_id` (labels the GameServers it allocated). */
  readonly nodeId: string;
  /** The node HTTP URL game servers register with (an annotation on the GameServer). */
  readonly nodeUrl: string;
  readonly kube: KubeSource;
  /** Problems worth a log line (watch restarts, failed deletes). */
  readonly notice?: (message: string) => void;
  /** Delay before a broken watch is re-opened (default 1000 ms). */
  readonly rewatchMs?: number;
}

/** Builds an Agones provider (see {@link AgonesProviderOptions}). */
export function createAgonesProvider(options: AgonesProviderOptions): (events: ProviderEvents) => GameServerProvider {
  return (events) => {
    const byLaunch = new Map<number, string>();
    const selector = `${AGONES_KEYS.node}=${options.nodeId}`;
    const notice = options.notice ?? (() => undefined);
    let api: Promise<KubeApi> | undefined;
    let watching: Promise<void> | undefined;
    let stopWatch: () => void = () => undefined;
    let closed = false;

    const gone = (gameServer: string, why: string): void => {
      for (const [launchId, name] of byLaunch) {
        if (name !== gameServer) continue;
        byLaunch.delete(launchId);
        events.exited(launchId, why);
      }
    };

    const openWatch = async (kube: KubeApi): Promise<void> => {
      stopWatch = await kube.watchGameServers(
        options.namespace,
        selector,
        (type, object) => {
          const gs = gameServerOf(object);
          if (gs === undefined) return;
          if (type === 'DELETED') gone(gs.name, `GameServer ${gs.name} was deleted`);
          else if (GONE_STATES.has(gs.state)) gone(gs.name, `GameServer ${gs.name} is ${gs.state}`);
        },
        (error) => {
          if (closed) return;
          notice(`GameServer watch ended (${error ?? 'closed by the API server'}); re-opening`);
          setTimeout(() => void openWatch(kube), options.rewatchMs ?? 1000).unref();
        },
      );
    };

    // First use: load the client, delete what an earlier life of this node id left
    // allocated (nobody else would ever stop it), and start watching.
    const ready = (): Promise<KubeApi> => {
      api ??= import('./kube-api').then((m) => m.kubeApi(options.kube));
      watching ??= api.then(async (kube) => {
        const leftovers = await kube.listGameServers(options.namespace, selector);
        if (E.isRight(leftovers)) {
          for (const item of leftovers.right) {
            const gs = gameServerOf(item);
            if (gs !== undefined) await kube.deleteGameServer(options.namespace, gs.name);
          }
        } else notice(`cannot list earlier GameServers of this node: ${leftovers.left}`);
        await openWatch(kube);
      });
      return watching.then(() => api as Promise<KubeApi>);
    };

    const remove = async (launchId: number, now: boolean): Promise<void> => {
      const name = byLaunch.get(launchId);
      if (name === undefined) return;
      const kube = await ready();
      const deleted = await kube.deleteGameServer(options.namespace, name);
      if (E.isLeft(deleted)) notice(`cannot delete GameServer ${name}: ${deleted.left}`);
      if (!now) {
        if (E.isRight(deleted) && deleted.right === 'absent') gone(name, `GameServer ${name} no longer exists`);
        return;
      }
      // Forced: the pod goes without grace, and the server counts as gone whether or
      // not the API answered (a kill must always end the wait).
      const pod = await kube.deletePodNow(options.namespace, name);
      if (E.isLeft(pod)) notice(`cannot delete pod ${name}: ${pod.left}`);
      gone(name, `GameServer ${name} was force-deleted`);
    };

    return {
      kind: 'agones',
      launch: async (spec: LaunchSpec) => {
        const loaded = await ready().then(E.right, (e: unknown) => E.left((e as Error).message ?? String(e)));
        if (E.isLeft(loaded)) return E.left(provisionError('launch_failed', `Kubernetes API: ${loaded.left}`));
        const kube = loaded.right;
        const created = await kube.createAllocation(options.namespace, allocationFor(spec.region, options));
        if (E.isLeft(created)) return E.left(provisionError('launch_failed', `GameServerAllocation refused: ${created.left}`));
        const outcome = allocationOutcome(created.right);
        if (!outcome.allocated) return E.left(provisionError('no_capacity', `no Ready GameServer in fleet ${options.fleet} (allocation ${outcome.state})`));
        byLaunch.set(spec.launchId, outcome.gameServer);
        return E.right(undefined);
      },
      terminate: (launchId) => void remove(launchId, false),
      kill: (launchId) => void remove(launchId, true),
      close: async () => {
        closed = true;
        await Promise.all([...byLaunch.keys()].map((launchId) => remove(launchId, true)));
        stopWatch();
      },
    };
  };
}
