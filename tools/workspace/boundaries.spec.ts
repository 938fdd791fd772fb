// Proves the boundary rules bite: each probe file breaks exactly one rule, and
// lint run through Nx (as `npm test` runs it) must report that rule on it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeLintProbes } from './lint-probes';

const probes = [
  { name: 'a lib importing an app', project: 'config', file: 'libs/config/src/probe.ts', text: "import '../../../apps/atlas-node/src/index';\n", rule: '@nx/enforce-module-boundaries' },
  { name: 'node:fs in spatial', project: 'spatial', file: 'libs/spatial/src/probe.ts', text: "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", rule: 'no-restricted-imports' },
  { name: 'a bare built-in in compression', project: 'compression', file: 'libs/compression/src/probe.ts', text: "import { gzipSync } from 'zlib';\nexport const f = gzipSync;\n", rule: 'no-restricted-imports' },
  { name: 'the Buffer global in protocol', project: 'protocol', file: 'libs/protocol/src/probe.ts', text: "export const b = Buffer.from('x');\n", rule: 'no-restricted-globals' },
  { name: 'cluster imported from spatial', project: 'spatial', file: 'libs/spatial/src/probe2.ts', text: "export * from '@atlas/cluster';\n", rule: '@nx/enforce-module-boundaries' },
  { name: 'a node lib imported from an isomorphic lib', project: 'client', file: 'libs/client/src/probe.ts', text: "export * from '@atlas/cluster';\n", rule: '@nx/enforce-module-boundaries' },
  { name: 'another lib imported from config', project: 'config', file: 'libs/config/src/probe2.ts', text: "export * from '@atlas/spatial';\n", rule: '@nx/enforce-module-boundaries' },
  { name: 'an app importing another app', project: 'atlas-node', file: 'apps/atlas-node/src/probe.ts', text: "export * from '../../load-tester/src/index';\n", rule: '@nx/enforce-module-boundaries' },
  { name: 'the game-server SDK in the node\'s sources', project: 'atlas-node', file: 'apps/atlas-node/src/probe2.ts', text: "export * from '@atlas/server-sdk';\n", rule: 'no-restricted-imports' },
  { name: 'the client SDK in the node\'s sources', project: 'atlas-node', file: 'apps/atlas-node/src/edge/probe.ts', text: "export * from '@atlas/client';\n", rule: 'no-restricted-imports' },
  { name: 'the client SDK in sim-server\'s sources', project: 'sim-server', file: 'apps/sim-server/src/probe.ts', text: "export * from '@atlas/client';\n", rule: 'no-restricted-imports' },
  { name: 'one core lib importing another (protocol -> crypto)', project: 'protocol', file: 'libs/protocol/src/probe2.ts', text: "export * from '@atlas/crypto';\n", rule: '@nx/enforce-module-boundaries' },
  { name: 'one core lib importing another (compression -> protocol)', project: 'compression', file: 'libs/compression/src/probe2.ts', text: "export * from '@atlas/protocol';\n", rule: '@nx/enforce-module-boundaries' },
  // Probes must not form an import cycle among themselves: Nx reports cycles with the same rule.
  { name: 'the base lib importing a core lib', project: 'common', file: 'libs/common/src/probe.ts', text: "export * from '@atlas/crypto';\n", rule: '@nx/enforce-module-boundaries' },
  { name: 'any Atlas package in spatial\'s sources', project: 'spatial', file: 'libs/spatial/src/probe3.ts', text: "export * from '@atlas/common';\n", rule: 'no-restricted-imports' },
  { name: 'a service lib importing the session pipeline', project: 'provisioning', file: 'libs/provisioning/src/probe.ts', text: "export * from '@atlas/session';\n", rule: '@nx/enforce-module-boundaries' },
  { name: 'fp-ts spelled a second way', project: 'cluster', file: 'libs/cluster/src/probe.ts', text: "import * as E from 'fp-ts/Either';\nexport const e = E;\n", rule: 'no-restricted-imports' },
  { name: 'one SDK importing the other', project: 'server-sdk', file: 'libs/server-sdk/src/probe.ts', text: "export * from '@atlas/client';\n", rule: '@nx/enforce-module-boundaries' },
  { name: 'a mistake in a .mjs tool', project: 'tools', file: 'tools/probe.mjs', text: "export const x = notDefined;\n", rule: 'no-undef' },
];
/** Allowed imports (see LintControl: each carries a `debugger` statement). */
const controls = [
  { name: 'an isomorphic lib importing an isomorphic lib', project: 'client', file: 'libs/client/src/ok.ts', text: "export * from '@atlas/protocol';\ndebugger;\n" },
  { name: 'an app importing a node lib', project: 'atlas-node', file: 'apps/atlas-node/src/ok.ts', text: "export * from '@atlas/cluster';\ndebugger;\n" },
  { name: 'the node crypto backend using node:crypto', project: 'crypto', file: 'libs/crypto/src/node/ok.ts', text: "import { randomBytes } from 'node:crypto';\nexport const r = randomBytes;\ndebugger;\n" },
  { name: 'the node\'s tests driving it with both SDKs', project: 'atlas-node', file: 'apps/atlas-node/test/ok.ts', text: "export * from '@atlas/client';\nexport * from '@atlas/server-sdk';\ndebugger;\n" },
  { name: 'sim-server building on the game-server SDK', project: 'sim-server', file: 'apps/sim-server/src/ok.ts', text: "export * from '@atlas/server-sdk';\ndebugger;\n" },
  { name: 'a core lib importing the base lib', project: 'protocol', file: 'libs/protocol/src/ok.ts', text: "export * from '@atlas/common';\ndebugger;\n" },
  { name: 'spatial\'s benchmarks using the base lib', project: 'spatial', file: 'libs/spatial/bench/ok.ts', text: "export * from '@atlas/common';\ndebugger;\n" },
  { name: 'an SDK importing core libs', project: 'client', file: 'libs/client/src/ok2.ts', text: "export * from '@atlas/crypto';\nexport * from '@atlas/compression';\ndebugger;\n" },
];

describeLintProbes(
  'module boundaries, linted through Nx',
  [...new Set([...probes, ...controls].map((p) => p.project))],
  probes,
  controls,
);

describe('layer tags', () => {
  it('give every library exactly one layer, so the layer rules cover them all', () => {
    const libs = readdirSync(join(__dirname, '..', '..', 'libs'));
    const layers = libs.map((lib) => {
      const { tags } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'libs', lib, 'project.json'), 'utf8')) as { tags: string[] };
      return [lib, tags.filter((t) => t.startsWith('layer:'))] as const;
    });
    for (const [lib, tags] of layers) expect({ lib, tags: tags.length }).toEqual({ lib, tags: 1 });
  });
});
