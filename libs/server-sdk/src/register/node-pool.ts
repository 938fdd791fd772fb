// The node HTTP APIs a game server may talk to, tried in turn. A node that goes away
// (draining, restarted, unreachable) must not get the server marked failed across the
// cluster: the registry is shared, so any other node can take its heartbeats.
import * as E from 'fp-ts/lib/Either.js';

/** Why a registration request failed. */
export interface RegistrationError {
  readonly kind: 'registration';
  /** HTTP status, or 0 when the node could not be reached. */
  readonly status: number;
  readonly message: string;
}

/** Several node URLs with one current; `call` fails over to the next on unreachable or 5xx. */
export interface NodePool {
  /** The node URL the last successful (or next) request goes to. */
  readonly current: string;
  /** One JSON request to the current node, then to each other node while the answer says "this node cannot serve". */
  call(method: string, path: string, body?: unknown): Promise<E.Either<RegistrationError, unknown>>;
}

/** How the pool sends requests. */
export interface NodePoolOptions {
  readonly secret?: string;
  readonly timeoutMs: number;
  /** Told when requests move from one node to another, with the error that moved them. */
  readonly onFailover?: (from: string, to: string, error: RegistrationError) => void;
}

/** True when another node may answer differently: unreachable, timeout, 5xx (503 = draining). */
export function isNodeFailure(error: RegistrationError): boolean {
  return error.status === 0 || error.status >= 500;
}

/** A pool over `urls` (trailing slashes dropped); the first is current. */
export function createNodePool(urls: readonly string[], options: NodePoolOptions): NodePool {
  const bases = urls.map((u) => u.replace(/\/+$/, ''));
  let current = 0;
  return {
    get current() {
      return bases[current] ?? '';
    },
    async call(method, path, body) {
      if (bases.length === 0) return E.left({ kind: 'registration', status: 0, message: 'no node URL given' });
      const start = current;
      let last: E.Either<RegistrationError, unknown> = E.left({ kind: 'registration', status: 0, message: 'no node answered' });
      for (let attempt = 0; attempt < bases.length; attempt++) {
        const index = (start + attempt) % bases.length;
        last = await request(method, `${bases[index]}${path}`, body, options.secret, options.timeoutMs);
        if (E.isRight(last) || !isNodeFailure(last.left)) {
          current = index;
          return last;
        }
        const next = (index + 1) % bases.length;
        if (next !== index) options.onFailover?.(bases[index] as string, bases[next] as string, last.left);
      }
      // Every node failed: start the next request one node further on.
      current = (start + 1) % bases.length;
      return last;
    },
  };
}

/** One JSON request; never throws. */
async function request(method: string, url: string, body: unknown, secret: string | undefined, timeoutMs: number): Promise<E.Either<RegistrationError, unknown>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (secret !== undefined && secret !== '') headers['authorization'] = `Bearer ${secret}`;
  try {
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    const textBody = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = textBody === '' ? undefined : JSON.parse(textBody);
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const message = (parsed as { message?: string; error?: string } | undefined)?.message ?? (parsed as { error?: string } | undefined)?.error ?? textBody;
      return E.left({ kind: 'registration', status: res.status, message: `${method} ${url}: ${res.status} ${message}`.trim() });
    }
    return E.right(parsed);
  } catch (error) {
    return E.left({ kind: 'registration', status: 0, message: `${method} ${url}: ${(error as Error).message}` });
  }
}
