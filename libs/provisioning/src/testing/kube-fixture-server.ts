// A local HTTP server answering the few Kubernetes API paths the Agones provider
// calls, from the hand-written fixtures in ./agones-fixtures (see there for sources).
// It models what the Agones controller would do: allocation takes a Ready GameServer
// of the fleet and applies the requested labels and annotations; deleting a GameServer
// emits its DELETED watch event after a shutdown delay.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allocatedResponse, gameServerList, readyGameServer, statusBody, unallocatedResponse } from './agones-fixtures';

type GameServer = Record<string, unknown> & { metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> }; status: { state: string } };

/** A request the fixture server saw. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** The running fixture API server. */
export interface KubeFixtureServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** GameServers by name (Ready ones form the fleet's pool). */
  readonly gameServers: Map<string, GameServer>;
  /** Adds `count` Ready GameServers to fleet `fleet`. */
  addReady(fleet: string, count: number): void;
  /** Called once a GameServer is allocated (stands in for the game server starting to serve). */
  onAllocated: (gs: GameServer) => void;
  /** Moves a GameServer to `state` and tells watchers (MODIFIED). */
  setState(name: string, state: string): void;
  close(): Promise<void>;
}

/** Starts the fixture server on 127.0.0.1 and a free port. */
export async function startKubeFixtureServer(options: { shutdownDelayMs?: number } = {}): Promise<KubeFixtureServer> {
  const gameServers = new Map<string, GameServer>();
  const requests: SeenRequest[] = [];
  const watchers = new Set<{ selector: [string, string] | undefined; res: ServerResponse }>();
  let version = 100;
  let serial = 0;

  const matches = (gs: GameServer, selector: [string, string] | undefined): boolean => selector === undefined || gs.metadata.labels[selector[0]] === selector[1];
  const emit = (type: string, gs: GameServer): void => {
    for (const w of watchers) if (matches(gs, w.selector)) w.res.write(`${JSON.stringify({ type, object: gs })}\n`);
  };
  const json = (res: ServerResponse, code: number, body: unknown): void => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const fixture: KubeFixtureServer = {
    url: '',
    requests,
    gameServers,
    addReady: (fleet, count) => {
      for (let i = 0; i < count; i++) {
        const name = `${fleet}-x7k2p-${(++serial).toString(36).padStart(5, 'q')}`;
        gameServers.set(name, readyGameServer(name, fleet, ++version) as GameServer);
      }
    },
    onAllocated: () => undefined,
    setState: (name, state) => {
      const gs = gameServers.get(name);
      if (gs === undefined) return;
      gs.status.state = state;
      emit('MODIFIED', gs);
    },
    close: async () => {
      for (const w of watchers) w.res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: unknown): void => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    requests.push({ method: req.method ?? '', path: url.pathname, body });
    const selectorText = url.searchParams.get('labelSelector');
    const selector = selectorText === null ? undefined : (selectorText.split('=') as [string, string]);
    let m = /^\/apis\/allocation\.agones\.dev\/v1\/namespaces\/([^/]+)\/gameserverallocations$/.exec(url.pathname);
    if (m && req.method === 'POST') {
      const request = body as { spec: { selectors: { matchLabels: Record<string, string> }[]; metadata: { labels: Record<string, string>; annotations: Record<string, string> } } };
      const wanted = request.spec.selectors[0]?.matchLabels ?? {};
      const pick = [...gameServers.values()].find((gs) => gs.status.state === 'Ready' && Object.entries(wanted).every(([k, v]) => gs.metadata.labels[k] === v));
      if (pick === undefined) return json(res, 201, unallocatedResponse(request));
      pick.status.state = 'Allocated';
      Object.assign(pick.metadata.labels, request.spec.metadata.labels);
      Object.assign(pick.metadata.annotations, request.spec.metadata.annotations);
      emit('MODIFIED', pick);
      json(res, 201, allocatedResponse(request, pick));
      setImmediate(() => fixture.onAllocated(pick));
      return;
    }
    m = /^\/apis\/agones\.dev\/v1\/namespaces\/([^/]+)\/gameservers$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      if (url.searchParams.get('watch') !== 'true') return json(res, 200, gameServerList([...gameServers.values()].filter((gs) => matches(gs, selector)), ++version));
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      const w = { selector, res };
      watchers.add(w);
      res.on('close', () => watchers.delete(w));
      return;
    }
    m = /^\/apis\/agones\.dev\/v1\/namespaces\/([^/]+)\/gameservers\/([^/]+)$/.exec(url.pathname);
    if (m && req.method === 'DELETE') {
      const gs = gameServers.get(m[2] as string);
      if (gs === undefined) return json(res, 404, statusBody(404, 'NotFound', `gameservers.agones.dev "${m[2]}" not found`));
      json(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: gs.metadata.name, group: 'agones.dev', kind: 'gameservers' } });
      setTimeout(() => {
        if (gameServers.delete(gs.metadata.name)) emit('DELETED', gs);
      }, options.shutdownDelayMs ?? 50);
      return;
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname);
    if (m && req.method === 'DELETE') {
      const gs = gameServers.get(m[2] as string);
      if (gs === undefined) return json(res, 404, statusBody(404, 'NotFound', `pods "${m[2]}" not found`));
      if (gameServers.delete(gs.metadata.name)) emit('DELETED', gs);
      return json(res, 200, { kind: 'Pod', apiVersion: 'v1', metadata: { name: gs.metadata.name } });
    }
    json(res, 404, statusBody(404, 'NotFound', `the fixture server does not serve ${req.method} ${url.pathname}`));
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => handle(req, res, raw === '' ? undefined : (JSON.parse(raw) as unknown)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  (fixture as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fixture;
}

/** KubeConfig options pointing at the fixture server (a token user, plain HTTP). */
export function fixtureKubeOptions(url: string): object {
  return {
    clusters: [{ name: 'fixture', server: url, skipTLSVerify: true }],
    users: [{ name: 'atlas', token: 'fixture-token' }],
    contexts: [{ name: 'fixture', cluster: 'fixture', user: 'atlas', namespace: 'default' }],
    currentContext: 'fixture',
  };
}
