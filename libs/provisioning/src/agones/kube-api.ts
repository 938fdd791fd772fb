// The only module that loads the Kubernetes client (an ES-module package, loaded
// lazily so nodes without Agones never pay for it): the handful of API calls the
// Agones provider makes, as Either values.
import * as E from 'fp-ts/lib/Either.js';
import * as k8s from '@kubernetes/client-node';

/** Where the Kubernetes API is: the pod's service account, a kubeconfig file, or explicit options (tests). */
export type KubeSource = { readonly kind: 'in-cluster' } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'options'; readonly options: object };

/** The calls the Agones provider needs. */
export interface KubeApi {
  createAllocation(namespace: string, body: object): Promise<E.Either<string, unknown>>;
  deleteGameServer(namespace: string, name: string): Promise<E.Either<string, 'deleted' | 'absent'>>;
  deletePodNow(namespace: string, name: string): Promise<E.Either<string, 'deleted' | 'absent'>>;
  listGameServers(namespace: string, labelSelector: string): Promise<E.Either<string, readonly unknown[]>>;
  /** Streams watch events until `done`; returns a stop function. */
  watchGameServers(namespace: string, labelSelector: string, event: (type: string, object: unknown) => void, done: (error: string | undefined) => void): Promise<() => void>;
}

/** Connects the client to `source`. */
export function kubeApi(source: KubeSource): KubeApi {
  const kc = new k8s.KubeConfig();
  if (source.kind === 'in-cluster') kc.loadFromCluster();
  else if (source.kind === 'file') kc.loadFromFile(source.path);
  else kc.loadFromOptions(source.options);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const watch = new k8s.Watch(kc);
  return {
    createAllocation: (namespace, body) =>
      attempt(() => custom.createNamespacedCustomObject({ group: 'allocation.agones.dev', version: 'v1', namespace, plural: 'gameserverallocations', body })),
    deleteGameServer: (namespace, name) => deleted(() => custom.deleteNamespacedCustomObject({ group: 'agones.dev', version: 'v1', namespace, plural: 'gameservers', name })),
    deletePodNow: (namespace, name) => deleted(() => core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 })),
    listGameServers: async (namespace, labelSelector) => {
      const listed = await attempt(() => custom.listNamespacedCustomObject({ group: 'agones.dev', version: 'v1', namespace, plural: 'gameservers', labelSelector }));
      return E.map((body: unknown) => ((body as { items?: unknown[] }).items ?? []) as readonly unknown[])(listed);
    },
    watchGameServers: async (namespace, labelSelector, event, done) => {
      let finished = false;
      const finish = (error: string | undefined): void => {
        if (finished) return;
        finished = true;
        done(error);
      };
      try {
        const controller = await watch.watch(
          `/apis/agones.dev/v1/namespaces/${namespace}/gameservers`,
          { labelSelector },
          (type, object) => event(type, object),
          (error: unknown) => finish(error === null || error === undefined ? undefined : describe(error)),
        );
        return () => {
          finished = true;
          controller.abort();
        };
      } catch (error) {
        finish(describe(error));
        return () => undefined;
      }
    },
  };
}

async function attempt<A>(call: () => Promise<A>): Promise<E.Either<string, A>> {
  try {
    return E.right(await call());
  } catch (error) {
    return E.left(describe(error));
  }
}

async function deleted(call: () => Promise<unknown>): Promise<E.Either<string, 'deleted' | 'absent'>> {
  try {
    await call();
    return E.right('deleted');
  } catch (error) {
    return (error as { code?: unknown }).code === 404 ? E.right('absent') : E.left(describe(error));
  }
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; body?: unknown; message?: unknown };
  if (typeof e?.code === 'number') return `HTTP ${e.code}${typeof e.body === 'string' ? `: ${e.body.slice(0, 200)}` : ''}`;
  return typeof e?.message === 'string' ? e.message : String(error);
}
