// Proves atlas-node's data-path rule bites: its stages (edge -> session -> routing ->
// transfer -> upstream) import only forwards, never backwards (not even for types),
// and never the composition layer. Lint runs through Nx in a scratch copy of the
// workspace, as `npm test` runs it.
import { describeLintProbes } from './lint-probes';

const RULE = 'atlas-node/data-path';
const SRC = 'apps/atlas-node/src';

const probes = [
  { name: 'routing importing the session model', file: `${SRC}/routing/probe.ts`, text: "import { ClientSession } from '../session/session';\nexport const c = ClientSession;\n" },
  { name: 'a type-only import of session from transfer', file: `${SRC}/transfer/probe.ts`, text: "import type { ClientSession } from '../session/session';\nexport type C = ClientSession;\n" },
  { name: 'an import() type of routing from upstream', file: `${SRC}/upstream/probe.ts`, text: "export type R = import('../routing/router').Router<never>;\n" },
  { name: 'session re-exporting the edge', file: `${SRC}/session/probe.ts`, text: "export * from '../edge/client-edge';\n" },
  { name: 'a nested routing file reaching session', file: `${SRC}/routing/deep/probe.ts`, text: "export type { Outbox } from '../../session/outbox';\n" },
  { name: 'transfer importing routing', file: `${SRC}/transfer/probe2.ts`, text: "export { Routes } from '../routing/routes';\n" },
  { name: 'a stage importing the composition root', file: `${SRC}/routing/probe2.ts`, text: "export { startNode } from '../node';\n" },
  { name: 'a stage importing the HTTP layer', file: `${SRC}/session/probe2.ts`, text: "export type { HttpDeps } from '../http/deps';\n" },
  { name: 'production stage code importing test fakes', file: `${SRC}/session/probe3.ts`, text: "export { FakeSocket } from '../testing/fake-socket';\n" },
];
/** Allowed imports (see LintControl: each carries a `debugger` statement). */
const controls = [
  { name: 'the edge importing session', file: `${SRC}/edge/ok.ts`, text: "export { SessionHub } from '../session/hub';\ndebugger;\n" },
  { name: 'session importing routing ports', file: `${SRC}/session/ok.ts`, text: "export type { PlayerRoutes } from '../routing/ports';\ndebugger;\n" },
  { name: 'routing importing transfer and upstream', file: `${SRC}/routing/ok.ts`, text: "export type { ClientOutlet } from '../transfer/ports';\nexport type { Upstream } from '../upstream/ports';\ndebugger;\n" },
  { name: 'a stage importing a neutral folder (metrics)', file: `${SRC}/upstream/ok.ts`, text: "export type { NodeMetrics } from '../metrics/metrics';\ndebugger;\n" },
  { name: 'a stage spec importing test fakes', file: `${SRC}/routing/ok.spec.ts`, text: "export { FakeUpstream } from '../testing/fake-upstream';\ndebugger;\n" },
  { name: 'the composition root importing every stage', file: `${SRC}/wiring.ts`, text: "export * from './edge/client-edge';\nexport * from './upstream/ports';\ndebugger;\n" },
];

describeLintProbes(
  "atlas-node's data-path rule, linted through Nx",
  ['atlas-node'],
  probes.map((p) => ({ ...p, rule: RULE })),
  controls,
);
