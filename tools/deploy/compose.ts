// docker/compose.yaml as data, for the deployment tests: parsed (the `yaml` package,
// with `<<` merge keys as Compose reads them),
// interpolated the way `docker compose` does (`${VAR:-default}`, `${VAR-default}`,
// `${VAR}`, `$VAR`, `$$`), with typed access to the fields the tests check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** A parsed YAML value. */
export type YamlValue = null | boolean | number | string | YamlValue[] | { [key: string]: YamlValue };

/** The repository root. */
export const REPO = join(__dirname, '../..');
/** The compose file the tests read. */
export const COMPOSE_FILE = join(REPO, 'docker/compose.yaml');

/** The fields of a service the tests look at (everything else stays available as `raw`). */
export interface ComposeService {
  readonly name: string;
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile: string };
  readonly hostname?: string;
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly ports: readonly string[];
  readonly expose: readonly string[];
  readonly volumes: readonly string[];
  readonly profiles: readonly string[];
  readonly healthcheck?: { readonly test?: readonly string[]; readonly disable?: boolean; readonly interval?: string; readonly timeout?: string; readonly start_period?: string; readonly retries?: number };
  readonly depends_on: Readonly<Record<string, { readonly condition: string }>>;
  readonly networks: Readonly<Record<string, { readonly aliases?: readonly string[] } | null>>;
  readonly stop_grace_period?: string;
  readonly init?: boolean;
  readonly raw: Readonly<Record<string, YamlValue>>;
}

/** Compose's variable interpolation of one string. */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, name?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
    if (m === '$$') return '$';
    const key = (name ?? bare)!;
    const value = env[key];
    const missing = value === undefined || (colon === ':' && value === '');
    if (op === '-') return missing ? (arg ?? '') : value!;
    if (op === '?') {
      if (missing) throw new Error(`compose: ${key} is required: ${arg}`);
      return value!;
    }
    return value ?? '';
  });
}

function interpolateAll(value: YamlValue, env: Readonly<Record<string, string | undefined>>): YamlValue {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, env));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env)]));
  return value;
}

function strings(value: YamlValue | undefined, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error(`${what}: expected a list of quoted strings`);
  return value as string[];
}

/** The compose file's services, interpolated with `env` (default: none set, so defaults apply). */
export function loadCompose(env: Readonly<Record<string, string | undefined>> = {}, file = COMPOSE_FILE): { name: string; services: Map<string, ComposeService> } {
  const doc = interpolateAll(parse(readFileSync(file, 'utf8'), { merge: true }) as YamlValue, env) as Record<string, YamlValue>;
  const services = new Map<string, ComposeService>();
  for (const [name, body] of Object.entries(doc['services'] as Record<string, Record<string, YamlValue>>)) {
    const environment = (body['environment'] ?? {}) as Record<string, YamlValue>;
    for (const [k, v] of Object.entries(environment)) {
      if (typeof v !== 'string') throw new Error(`${name}.environment.${k}: quote the value (compose passes strings)`);
    }
    services.set(name, {
      name,
      image: body['image'] as string | undefined,
      build: body['build'] as ComposeService['build'],
      hostname: body['hostname'] as string | undefined,
      entrypoint: body['entrypoint'] === undefined ? undefined : strings(body['entrypoint'], `${name}.entrypoint`),
      command: body['command'] === undefined ? undefined : strings(body['command'], `${name}.command`),
      environment: environment as Record<string, string>,
      ports: strings(body['ports'], `${name}.ports`),
      expose: strings(body['expose'], `${name}.expose`),
      volumes: strings(body['volumes'], `${name}.volumes`),
      profiles: strings(body['profiles'], `${name}.profiles`),
      healthcheck: body['healthcheck'] as ComposeService['healthcheck'],
      depends_on: (body['depends_on'] ?? {}) as ComposeService['depends_on'],
      networks: (body['networks'] ?? {}) as ComposeService['networks'],
      stop_grace_period: body['stop_grace_period'] as string | undefined,
      init: body['init'] as boolean | undefined,
      raw: body,
    });
  }
  return { name: doc['name'] as string, services };
}

/** `"8081:8080"`, `"127.0.0.1:9090:9090"`, `"8080"` -> host and container port. */
export function portMapping(spec: string): { hostIp?: string; host?: number; container: number } {
  const parts = spec.replace(/\/(tcp|udp)$/, '').split(':');
  if (parts.length === 1) return { container: Number(parts[0]) };
  if (parts.length === 2) return { host: Number(parts[0]), container: Number(parts[1]) };
  return { hostIp: parts[0], host: Number(parts[1]), container: Number(parts[2]) };
}

/** Compose durations (`1m30s`, `500ms`, `10s`) in milliseconds. */
export function composeDurationMs(text: string): number {
  let total = 0;
  let seen = '';
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|us|s|m|h)/g)) {
    total += Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'us' | 'ms' | 's' | 'm' | 'h'];
    seen += m[0];
  }
  if (seen !== text) throw new Error(`not a duration: ${text}`);
  return total;
}
