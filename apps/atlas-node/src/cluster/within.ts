// A store call the node's request paths wait for only so long: HTTP answers and handshakes
// must not hang on a frozen Redis before the store has noticed it (its command timeout).
import * as E from 'fp-ts/Either';
import { ClusterErrors, type ClusterError } from '@atlas/cluster';

/** How long an HTTP request or a handshake waits for the cluster store (the HTTP budget is 200 ms). */
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
