/**
 * A winston format that keeps secrets out of every log line, whatever a caller
 * passes: values under secret-looking keys, URL passwords (via @atlas/config's
 * `redactUrl`), whole configs (via `redactConfig`) and any exact occurrence of a
 * configured secret value anywhere in the message or metadata.
 */
import {
  CONFIG_KEYS,
  REDACTED,
  getConfigValue,
  isSecretKey,
  redactConfig,
  redactUrl,
  type AtlasConfig,
} from '@atlas/config';
import { format } from 'winston';

/** Metadata keys whose values are never logged, whatever they hold. */
const SECRET_KEY = /secret|token|password|passwd|psk|authorization|ticket|api[_-]?key|private[_-]?key|cookie/i;
/** Depth past which nested metadata is summarised rather than walked (cycles, giant objects). */
const MAX_DEPTH = 8;

/** The non-empty secret values of a config (node-core passes them to `createLogger`). */
export function configSecrets(config: AtlasConfig): string[] {
  const values: string[] = [];
  for (const info of CONFIG_KEYS) {
    if (!isSecretKey(info.path)) continue;
    const value = getConfigValue(config, info.path);
    if (typeof value !== 'string' || value === '') continue;
    if (info.redact === 'url-password') {
      const password = urlPassword(value);
      if (password !== null) values.push(password);
    } else {
      values.push(value);
    }
  }
  return values;
}

function urlPassword(url: string): string | null {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#@]*)@/.exec(url);
  if (match === null || match[1] === undefined) return null;
  const userinfo = match[1];
  const colon = userinfo.indexOf(':');
  const password = colon < 0 ? userinfo : userinfo.slice(colon + 1);
  return password === '' ? null : decodeURIComponentSafe(password);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Strings and bytes under a secret-looking key; numbers (`tokenCount: 3`) and empty strings ("not set") stay. */
function isSecretEntry(key: string, value: unknown): boolean {
  if (!SECRET_KEY.test(key)) return false;
  return (typeof value === 'string' && value !== '') || value instanceof Uint8Array;
}

function looksLikeConfig(value: object): value is AtlasConfig {
  const v = value as Partial<Record<string, unknown>>;
  return typeof v['security'] === 'object' && typeof v['server'] === 'object' && typeof v['logging'] === 'object';
}

/** Returns a scrubber that redacts `secrets()` (read per call, so hot reloads count) in any value. */
export function createScrubber(secrets: () => readonly string[]): (value: unknown) => unknown {
  const scrubString = (text: string): string => {
    let out = text.includes('://') ? redactUrl(text) : text;
    for (const secret of secrets()) {
      // Short secrets would redact innocent words; config enforces >= 16 characters anyway.
      if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  };
  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return scrubString(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value) || depth > MAX_DEPTH) return '[…]';
    seen.add(value);
    if (value instanceof Error) {
      return { name: value.name, message: scrubString(value.message), stack: value.stack === undefined ? undefined : scrubString(value.stack) };
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
    const source = looksLikeConfig(value) ? (redactConfig(value) as object) : value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(source)) {
      out[key] = isSecretEntry(key, item) ? REDACTED : walk(item, depth + 1, seen);
    }
    return out;
  };
  return (value) => walk(value, 0, new WeakSet());
}

/** A winston format applying {@link createScrubber} to the message and every metadata field. */
export function redactFormat(secrets: () => readonly string[]): ReturnType<ReturnType<typeof format>> {
  const scrub = createScrubber(secrets);
  return format((info) => {
    for (const key of Object.keys(info)) {
      if (key === 'level') continue;
      const value = info[key];
      info[key] = isSecretEntry(key, value) ? REDACTED : scrub(value);
    }
    return info;
  })();
}
