import { mountHttpRoutes } from '../http/routes';
import { createTestDeps, type TestDeps } from './test-deps';
import { bootApp, type BootedApp } from './test-server';

/** The node's HTTP routes on a real uWS app, with the deps they were mounted with. */
export interface RoutesUnderTest {
  readonly deps: TestDeps;
  readonly server: BootedApp;
}

/**
 * Registers a `beforeEach` that mounts the HTTP routes over fresh TestDeps on a real uWS
 * app, and an `afterEach` that closes it, fails the test on any log it did not expect
 * and closes the deps. Read the fields inside tests and hooks (they throw before).
 */
export function useHttpRoutes(): RoutesUnderTest {
  let current: RoutesUnderTest | undefined;
  beforeEach(async () => {
    const deps = createTestDeps();
    current = { deps, server: await bootApp((app) => mountHttpRoutes(app, deps)) };
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
