import type { AtlasConfig } from '@atlas/config';
import type uWS from 'uWebSockets.js';
import { mountHttpRoutes } from '../http/routes';
import { createTestDeps, type TestDeps } from './test-deps';
import { bootApp, type BootedApp } from './test-server';

/** The node's HTTP routes on a real uWS app, with the deps they were mounted with. */
export interface RoutesUnderTest {
  readonly deps: TestDeps;
  readonly server: BootedApp;
}

/** Options of {@link useHttpRoutes}. */
export interface HttpRoutesOptions {
  /** The deps' config; default createTestDeps' own. */
  readonly config?: AtlasConfig;
  /** What to mount on the app; default the node's HTTP routes. */
  readonly mount?: (app: uWS.TemplatedApp, deps: TestDeps) => void;
}

/**
 * Registers a `beforeEach` that mounts the HTTP routes (or `options.mount`) over fresh
 * TestDeps on a real uWS app, and an `afterEach` that closes it, fails the test on any log
 * it did not expect and closes the deps. Read the fields inside tests and hooks (they throw before).
 */
export function useHttpRoutes(options: HttpRoutesOptions = {}): RoutesUnderTest {
  const mount = options.mount ?? mountHttpRoutes;
  let current: RoutesUnderTest | undefined;
  beforeEach(async () => {
    const deps = createTestDeps(options.config);
    current = { deps, server: await bootApp((app) => mount(app, deps)) };
  });
  afterEach(async () => {
    const ended = current;
    current = undefined;
    if (ended === undefined) return;
    ended.server.close();
    ended.deps.logs.expectNoLogs();
    await ended.deps.close();
  });
  const started = (): RoutesUnderTest => {
    if (current === undefined) throw new Error('the routes are read outside a test (use them inside a test or hook)');
    return current;
  };
  return {
    get deps() {
      return started().deps;
    },
    get server() {
      return started().server;
    },
  };
}
