// The TOML layer: parse errors with their line, unknown sections and keys with
// a suggestion, and every known key with the line it was written on.
import TOML from '@iarna/toml';
import { readFileSync } from 'node:fs';
import { didYouMean } from '../did-you-mean';
import type { ConfigError } from '../errors';
import { CONFIG_KEYS, CONFIG_SECTIONS, isConfigKeyPath, DEPRECATED_KEYS, deprecationOf } from '../keys';
import { lineOf, scanKeyLines } from '../toml-lines';
import type { Layer, RawEntry } from './layer';

const ALL_PATHS = CONFIG_KEYS.map((info) => info.path);
const ALL_KEYS = CONFIG_KEYS.map((info) => info.key);

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The suggestion for an unknown `section.key`: a key of the same section, else the same key elsewhere. */
function suggestPath(section: string, key: string): string | undefined {
  const inSection = CONFIG_KEYS.filter((info) => info.section === section).map((info) => info.path);
  const near = didYouMean(`${section}.${key}`, inSection);
  if (near !== undefined) return near;
  const sameKey = CONFIG_KEYS.find((info) => info.key === key);
  if (sameKey !== undefined) return sameKey.path;
  const anyKey = didYouMean(key, ALL_KEYS);
  return anyKey === undefined ? undefined : CONFIG_KEYS.find((info) => info.key === anyKey)?.path;
}

/** Reads TOML text (`file` names it in errors and sources) into a layer. */
export function tomlLayer(text: string, file: string): Layer {
  let parsed: Record<string, unknown>;
  try {
    parsed = TOML.parse(text) as Record<string, unknown>;
  } catch (e) {
    const err = e as { line?: number; col?: number; message?: string };
    const message = String(err.message ?? e).split('\n')[0]?.replace(/ at row \d+, col \d+, pos \d+:?$/, '') ?? 'invalid TOML';
    return { entries: [], errors: [{ kind: 'toml_syntax', file, line: (err.line ?? 0) + 1, column: (err.col ?? 0) + 1, message }] };
  }
  const lines = scanKeyLines(text);
  const at = (path: string) => ({ kind: 'file', file, line: lineOf(lines, path) }) as const;
  const entries: RawEntry[] = [];
  const errors: ConfigError[] = [];
  for (const [section, body] of Object.entries(parsed)) {
    if (!(CONFIG_SECTIONS as readonly string[]).includes(section)) {
      const suggestion = isTable(body) ? didYouMean(section, CONFIG_SECTIONS) : (ALL_PATHS.find((p) => p.endsWith(`.${section}`)) ?? didYouMean(section, CONFIG_SECTIONS));
      errors.push({ kind: 'unknown_key', path: section, suggestion, source: at(section) });
      continue;
    }
    if (!isTable(body)) {
      errors.push({ kind: 'wrong_type', path: section, value: body, expected: `table [${section}]`, source: at(section) });
      continue;
    }
    for (const [key, value] of Object.entries(body)) {
      const path = `${section}.${key}`;
      const renamed = DEPRECATED_KEYS.get(path);
      if (isConfigKeyPath(path)) entries.push({ path, value, source: at(path) });
      else if (renamed !== undefined) entries.push({ path: renamed, value, source: at(path), deprecated: deprecationOf(path, renamed) });
      else errors.push({ kind: 'unknown_key', path, suggestion: suggestPath(section, key), source: at(path) });
    }
  }
  return { entries, errors };
}

/** Reads and parses a TOML file; `display` is how the file is named in messages. */
export function fileLayer(absolutePath: string, display: string): Layer {
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : String(err.message);
    return { entries: [], errors: [{ kind: 'unreadable_file', file: display, message }] };
  }
  return tomlLayer(text, display);
}
