import TOML from '@iarna/toml';
import { isLeft } from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_KEYS, formatConfig, loadConfig } from './index';

describe('formatConfig (--print-config)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-config-format-'));
  const file = join(dir, 'atlas.toml');
  writeFileSync(file, '[server]\n\nport = 7777\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const result = loadConfig({ file, env: { ATLAS_LOGGING_LEVEL: 'debug' }, argv: ['--set', 'limits.idle_timeout=30'] });
  if (isLeft(result)) throw new Error(JSON.stringify(result.left));
  const text = formatConfig(result.right);

  it('prints every key with its source', () => {
    expect(text).toMatch(new RegExp(`^port = 7777 +# ${file}:3$`, 'm'));
    expect(text).toMatch(/^level = "debug" +# env ATLAS_LOGGING_LEVEL$/m);
    expect(text).toMatch(/^idle_timeout = 30 +# flag --set limits.idle_timeout$/m);
    expect(text).toMatch(/^address = "0.0.0.0" +# default$/m);
    expect(text).toMatch(/^node_id = ".+" +# default \("<hostname>-<pid>"\)$/m);
    for (const info of CONFIG_KEYS) expect(text).toMatch(new RegExp(`^${info.key} = `, 'm'));
  });

  it('is valid TOML that loads back to the same config', () => {
    const reparsed = TOML.parse(text);
    expect(reparsed).toEqual(JSON.parse(JSON.stringify(result.right.config)));
    const again = join(dir, 'printed.toml');
    writeFileSync(again, text);
    const reloaded = loadConfig({ file: again, env: {} });
    expect(isLeft(reloaded) ? reloaded.left : reloaded.right.config).toEqual(result.right.config);
  });
});
