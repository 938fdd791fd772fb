// Renders an effective configuration as TOML with each value's source in a
// trailing comment: what `atlas-node --print-config` prints. Always redacted.
import type { LoadedConfig } from './config-types';
import { formatSource } from './errors';
import { CONFIG_KEYS, CONFIG_SECTIONS, getConfigValue, tomlValue } from './keys';
import { redactValue } from './redact';

/** The effective config as commented TOML: valid TOML, secrets redacted, a source per value. */
export function formatConfig(loaded: LoadedConfig): string {
  const rows = CONFIG_KEYS.map((info) => ({
    info,
    text: `${info.key} = ${tomlValue(redactValue(info.path, getConfigValue(loaded.config, info.path)))}`,
    source: formatSource(loaded.sources[info.path]),
  }));
  const width = Math.min(56, Math.max(...rows.map((r) => r.text.length)));
  const out = ['# Effective Atlas configuration. Secrets are redacted; the comment after each value is its source.'];
  out.push(`# Config file: ${loaded.file ?? '(none)'}`);
  for (const section of CONFIG_SECTIONS) {
    out.push('', `[${section}]`);
    for (const row of rows.filter((r) => r.info.section === section)) {
      const derived = row.source === 'default' && row.info.defaultText !== tomlValue(row.info.default) ? ` (${row.info.defaultText})` : '';
      out.push(`${row.text.padEnd(width)}  # ${row.source}${derived}`);
    }
  }
  return `${out.join('\n')}\n`;
}
