// Reads a scenario file: JSON (`.json`) or TOML (anything else), decoded and checked.
import { readFileSync } from 'node:fs';
import TOML from '@iarna/toml';
import * as E from 'fp-ts/lib/Either.js';
import { decodeScenarioSpec, type ScenarioSpec } from './scenario-spec';

/** Parses scenario text; `json` picks the syntax. */
export function parseScenarioText(text: string, json: boolean): E.Either<string, ScenarioSpec> {
  let doc: unknown;
  try {
    doc = json ? JSON.parse(text) : TOML.parse(text);
  } catch (error) {
    return E.left(`${json ? 'JSON' : 'TOML'} syntax: ${(error as Error).message.split('\n')[0]}`);
  }
  return decodeScenarioSpec(doc);
}

/** Reads and decodes the scenario file at `path` (errors name the file). */
export function readScenarioFile(path: string): E.Either<string, ScenarioSpec> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return E.left(`scenario file ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const spec = parseScenarioText(text, path.toLowerCase().endsWith('.json'));
  return E.isLeft(spec) ? E.left(`scenario file ${path}: ${spec.left}`) : spec;
}
