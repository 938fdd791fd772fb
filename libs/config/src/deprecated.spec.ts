import { isRight } from 'fp-ts/lib/Either.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './index';

describe('security.enable_encryption, renamed security.require_encryption', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'atlas-deprecated-')), 'atlas.toml');
  writeFileSync(file, '[security]\nenable_encryption = false\n');

  it.each([
    ['the file', { file, env: {} }, 'security.enable_encryption is deprecated: use security.require_encryption'],
    ['the environment', { env: { ATLAS_SECURITY_ENABLE_ENCRYPTION: 'false' } }, 'ATLAS_SECURITY_ENABLE_ENCRYPTION is deprecated: use security.require_encryption (ATLAS_SECURITY_REQUIRE_ENCRYPTION)'],
    ['a flag', { env: {}, argv: ['--set', 'security.enable_encryption=false'] }, 'security.enable_encryption is deprecated: use security.require_encryption'],
  ])('is still read from %s, with a warning', (_where, options, warning) => {
    const loaded = loadConfig(options);
    if (!isRight(loaded)) throw new Error(JSON.stringify(loaded.left));
    expect(loaded.right.config.security.require_encryption).toBe(false);
    expect(loaded.right.warnings).toEqual([warning]);
  });

  it('warns about nothing under the new name', () => {
    const loaded = loadConfig({ env: { ATLAS_SECURITY_REQUIRE_ENCRYPTION: 'false' } });
    expect(isRight(loaded) && loaded.right.warnings).toEqual([]);
  });
});
