// atlas-node's lint: the workspace rules plus the data-path rule. The node's stages
// are folders of src/ in data-path order; a stage may import the stages after it,
// never one before it (not even for types), nor the composition layer that builds
// them. The way back (server -> player) goes through ports the later stage defines.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import base, { forbidInSources, isomorphic } from '../../eslint.config.mjs';

/** The stages, in data-path order. */
const STAGES = ['edge', 'session', 'routing', 'transfer', 'upstream'];
/** What builds and serves the stages: no stage imports it (tests may use src/testing). */
const COMPOSITION = ['node.ts', 'run.ts', 'main.ts', 'data-path.ts', 'horizon-path.ts', 'http', 'admin', 'cli', 'demo', 'testing'];
const SRC = fileURLToPath(new URL('./src/', import.meta.url));

/** The first folder (or file) of `path` under src/, or undefined outside src/. */
function topOf(path) {
  const rel = relative(SRC, path);
  return rel.startsWith('..') ? undefined : rel.split(sep)[0];
}

/** @type {import('eslint').Rule.RuleModule} */
const dataPath = {
  meta: { type: 'problem', docs: { description: 'imports run only in data-path order' }, schema: [] },
  create(context) {
    const file = context.filename;
    const own = STAGES.indexOf(topOf(file) ?? '');
    if (own < 0) return {};
    const isSpec = file.endsWith('.spec.ts');
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = topOf(resolve(dirname(file), source));
      if (target === undefined) return;
      const stage = STAGES.indexOf(target);
      if (stage >= 0 && stage < own) {
        context.report({ node, message: `${STAGES[own]}/ must not import ${target}/, an earlier stage of the data path (edge -> session -> routing -> transfer -> upstream): take what you need through a port this stage defines.` });
      } else if (COMPOSITION.some((c) => target === c || target === c.replace(/\.ts$/, '')) && !(isSpec && target === 'testing')) {
        context.report({ node, message: `${STAGES[own]}/ must not import ${target}: the composition layer builds the stages, not the other way round.` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const arg = node.argument?.literal ?? node.argument;
        check(node, arg?.value);
      },
      TSExternalModuleReference: (node) => check(node.expression, node.expression.value),
    };
  },
};

export default [
  ...base,
  // The node speaks to game servers and players through protocol, session and crypto, not
  // through either SDK: a change to an SDK must never change the node.
  ...forbidInSources(['@atlas/server-sdk', '@atlas/client']),
  {
    files: ['src/**/*.ts'],
    plugins: { 'atlas-node': { rules: { 'data-path': dataPath } } },
    rules: { 'atlas-node/data-path': 'error' },
  },
  // The admin page's script runs in the browser (built by tools/build, typed by tsconfig.browser.json).
  ...isomorphic({ files: ['src/admin/browser/**/*.ts'] }),
];
