// A store call the node waits for only so long where it has a safe answer without it (a
// session claim admits the player on the node's word; a heartbeat answers from the view):
// handshakes and heartbeats must not wait out a frozen Redis before the store notices it.
import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from '@atlas/cluster';

/** How long a handshake's claim or a heartbeat waits for the cluster store before its fallback (the HTTP budget is 200 ms). */
export const STORE_DEADLINE_MS = 150;

/**
 * Resolves with `call`'s result, or with `unavailable` once `ms` have passed without one. The
 * deadline yields to the poll phase once before it fires (`setImmediate`), so a reply already
 * in the socket when a busy event loop runs the timer late still wins. `call` runs on either way.
 */
export function within<T>(call: Promise<E.Either<ClusterError, T>>, ms = STORE_DEADLINE_MS): Promise<E.Either<ClusterError, T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<E.Either<ClusterError, T>>((resolve) => {
    timer = setTimeout(() => setImmediate(() => resolve(E.left(ClusterErrors.unavailable(`the cluster store did not answer within ${ms} ms`)))), ms);
    timer.unref();
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}
