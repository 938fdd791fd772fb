// docs/config.md and config/atlas.example.toml are generated from the schema;
// these tests fail when either is stale. UPDATE_CONFIG_DOCS=1 rewrites them.
import { isLeft } from 'fp-ts/lib/Either.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  GENERATED_BEGIN,
  GENERATED_END,
  loadConfig,
  renderConfigReference,
  renderExampleToml,
} from './index';

const ROOT = join(__dirname, '../../..');
const DOC = join(ROOT, 'docs/config.md');
const EXAMPLE = join(ROOT, 'config/atlas.example.toml');
const UPDATE = process.env['UPDATE_CONFIG_DOCS'] === '1';
const HINT = 'stale: run `UPDATE_CONFIG_DOCS=1 npx nx run config:test --skip-nx-cache` and commit the result';

describe('generated documentation', () => {
  it(`docs/config.md holds the current key reference (${HINT})`, () => {
    const doc = readFileSync(DOC, 'utf8');
    const begin = doc.indexOf(GENERATED_BEGIN);
    const end = doc.indexOf(GENERATED_END);
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(begin);
    const current = doc.slice(begin + GENERATED_BEGIN.length, end);
    const wanted = `\n\n${renderConfigReference()}\n`;
    if (UPDATE && current !== wanted) writeFileSync(DOC, doc.slice(0, begin + GENERATED_BEGIN.length) + wanted + doc.slice(end));
    else expect(current).toBe(wanted);
  });

  it('documents every key with its type, default, reloadability and environment name', () => {
    const reference = renderConfigReference();
    for (const info of CONFIG_KEYS) {
      const row = reference.split('\n').find((line) => line.startsWith(`| \`${info.key}\` |`) && line.includes(`\`${info.env}\``));
      expect(row).toBeDefined();
      expect(row).toContain(info.reloadable ? '| yes |' : '| restart |');
      expect(row).toContain(`\`${info.defaultText.replace(/\|/g, '\\|')}\``);
    }
  });

  it(`config/atlas.example.toml is the generated example (${HINT})`, () => {
    const wanted = renderExampleToml();
    if (UPDATE) writeFileSync(EXAMPLE, wanted);
    expect(readFileSync(EXAMPLE, 'utf8')).toBe(wanted);
  });

  it('config/atlas.example.toml loads and yields the defaults, every non-secret key set from the file', () => {
    const loaded = loadConfig({ file: EXAMPLE, env: {} });
    if (isLeft(loaded)) throw new Error(JSON.stringify(loaded.left));
    expect(loaded.right.config).toEqual(DEFAULT_CONFIG);
    const fromFile = CONFIG_KEYS.filter((k) => loaded.right.sources[k.path].kind === 'file').map((k) => k.path);
    expect(fromFile).toEqual(CONFIG_KEYS.filter((k) => k.redact === 'none' && k.path !== 'cluster.node_id').map((k) => k.path));
  });
});
