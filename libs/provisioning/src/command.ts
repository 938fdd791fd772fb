// The process provider's command template: split on whitespace (no shell, so no
// quoting or injection), with `{placeholder}`s filled in per region.
import * as E from 'fp-ts/lib/Either.js';
import { boundsText, type ProvisionRegion } from './region';

/** Placeholders a command template may use. */
export const COMMAND_PLACEHOLDERS = ['node', 'name', 'region', 'min_x', 'min_y', 'min_z', 'max_x', 'max_y', 'max_z', 'node_url'] as const;

/** What the placeholders that do not come from the region are filled with. */
export interface CommandContext {
  /** This Node.js binary (`process.execPath`). */
  readonly node: string;
  /** The registration URL of the node that provisions, e.g. `http://127.0.0.1:8080`. */
  readonly nodeUrl: string;
}

/** A parsed template: argv tokens, each still holding placeholders. */
export interface CommandTemplate {
  readonly tokens: readonly string[];
}

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** Parses `template`; Left names an unknown placeholder or an empty command. */
export function parseCommand(template: string): E.Either<string, CommandTemplate> {
  const tokens = template.split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return E.left('provisioning.command is empty');
  for (const token of tokens) {
    for (const [, name] of token.matchAll(PLACEHOLDER)) {
      if (!(COMMAND_PLACEHOLDERS as readonly string[]).includes(name as string)) {
        return E.left(`provisioning.command: unknown placeholder {${name}} (known: ${COMMAND_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`);
      }
    }
  }
  return E.right({ tokens });
}

/** The argv for one region: `[file, ...args]`. */
export function expandCommand(template: CommandTemplate, region: ProvisionRegion, context: CommandContext): readonly string[] {
  const { min, max } = region.bounds;
  const values: Record<(typeof COMMAND_PLACEHOLDERS)[number], string> = {
    node: context.node,
    name: region.name,
    region: boundsText(region.bounds),
    min_x: String(min.x),
    min_y: String(min.y),
    min_z: String(min.z),
    max_x: String(max.x),
    max_y: String(max.y),
    max_z: String(max.z),
    node_url: context.nodeUrl,
  };
  return template.tokens.map((t) => t.replace(PLACEHOLDER, (_m, name: keyof typeof values) => values[name]));
}
