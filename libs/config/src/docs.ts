// Reference docs and the example file, generated from the schema so they cannot
// drift: a test compares docs/config.md and config/atlas.example.toml with these.
import { CONFIG_KEYS, CONFIG_SECTIONS, tomlValue, type ConfigKeyInfo } from './keys';
import { CROSS_FIELD_RULES } from './rules';

/** Marks the generated part of docs/config.md. */
export const GENERATED_BEGIN = '<!-- BEGIN GENERATED: config reference (edit libs/config/src/schema.ts, then UPDATE_CONFIG_DOCS=1 npx nx run config:test) -->';
/** Ends the generated part of docs/config.md. */
export const GENERATED_END = '<!-- END GENERATED: config reference -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function envCell(info: ConfigKeyInfo): string {
  return [info.env, ...info.envAliases].map((name) => `\`${name}\``).join('<br>');
}

function secretNote(info: ConfigKeyInfo): string {
  if (info.redact === 'whole') return ' Secret: redacted when printed.';
  if (info.redact === 'url-password') return ' Its password is redacted when printed.';
  return '';
}

/** The key reference (one table per section) and the cross-field rules, as Markdown. */
export function renderConfigReference(): string {
  const out: string[] = [];
  for (const section of CONFIG_SECTIONS) {
    out.push(`### \`[${section}]\``, '', '| Key | Type | Default | Reload | Environment | Description |', '|---|---|---|---|---|---|');
    for (const info of CONFIG_KEYS.filter((k) => k.section === section)) {
      out.push(
        `| \`${info.key}\` | ${cell(info.type)} | \`${cell(info.defaultText)}\` | ${info.reloadable ? 'yes' : 'restart'} | ${envCell(info)} | ${cell(info.doc + secretNote(info))} |`,
      );
    }
    out.push('');
  }
  out.push('### Cross-field rules', '');
  for (const rule of CROSS_FIELD_RULES) out.push(`- \`${rule.id}\`: ${rule.description}`);
  return `${out.join('\n')}\n`;
}

function wrap(text: string, width = 88): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/**
 * config/atlas.example.toml: every key with its default and documentation.
 * Secrets and computed defaults are commented out; everything else is set, so
 * loading the example yields the defaults (which a test checks).
 */
export function renderExampleToml(): string {
  const out = [
    '# Atlas node configuration: every key, set to its default.',
    '# Load it with `atlas-node --config config/atlas.example.toml` or ATLAS_CONFIG.',
    '# Environment variables ATLAS_<SECTION>_<KEY> and `--set section.key=value` override it.',
    '# Durations are in seconds, sizes in bytes. Reference: docs/config.md.',
    '# Generated from libs/config/src/schema.ts; a test keeps it in step.',
  ];
  for (const section of CONFIG_SECTIONS) {
    out.push('', `[${section}]`);
    for (const info of CONFIG_KEYS.filter((k) => k.section === section)) {
      // Secrets stay empty and computed defaults (node_id) stay computed unless set.
      const commented = info.redact !== 'none' || info.defaultText !== tomlValue(info.default);
      out.push(...wrap(`${info.doc}${secretNote(info)} (${info.type}${info.reloadable ? '; reloadable' : ''})`));
      out.push(`${commented ? '# ' : ''}${info.key} = ${info.defaultText}`);
    }
  }
  return `${out.join('\n')}\n`;
}
